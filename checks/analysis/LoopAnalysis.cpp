//===- LoopAnalysis.cpp ---------------------------------------------------===//

#include "LoopAnalysis.h"
#include "ContainerModel.h"
#include "UseAnalysis.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::heapwise {

// --- Count -----------------------------------------------------------------

/// \p Text without parentheses around the whole of it: `(a - b)` -> `a - b`.
static std::string withoutOuterParens(std::string Text) {
  while (Text.size() >= 2 && Text.front() == '(' && Text.back() == ')') {
    int Depth = 0;
    size_t Close = 0;
    for (size_t I = 0; I < Text.size() && !Close; ++I)
      if (Text[I] == '(')
        ++Depth;
      else if (Text[I] == ')' && --Depth == 0)
        Close = I;
    if (Close != Text.size() - 1)
      break;
    Text = Text.substr(1, Text.size() - 2);
  }
  return Text;
}

std::string Count::str(bool Spelled) const {
  if (Value && (!Spelled || Text.empty()))
    return std::to_string(*Value);
  return withoutOuterParens(Text);
}

std::string Count::operand(bool Spelled) const {
  if (Value && (!Spelled || Text.empty()))
    return std::to_string(*Value);
  return Atomic ? Text : "(" + withoutOuterParens(Text) + ")";
}

Count Count::operator+(const Count &Other) const {
  if (isConstant() && Other.isConstant()) {
    if (Other.Text.empty() && Other.value() == 0)
      return *this;
    if (Text.empty() && value() == 0)
      return Other;
    if (Text.empty() && Other.Text.empty())
      return exactly(value() + Other.value());
    return spelled(value() + Other.value(), operand() + " + " + Other.operand(), false);
  }
  if (isConstant() && value() == 0)
    return Other;
  if (Other.isConstant() && Other.value() == 0)
    return *this;
  return expression(operand(false) + " + " + Other.operand(false), false);
}

Count Count::operator*(const Count &Other) const {
  if (isConstant() && Other.isConstant()) {
    if (Other.Text.empty() && Other.value() == 1)
      return *this;
    if (Text.empty() && value() == 1)
      return Other;
    uint64_t Product;
    // A product past 2^64 cannot be reached by a loop that finishes; 0 makes
    // the caller drop the finding rather than reserve a wrapped number.
    if (__builtin_mul_overflow(value(), Other.value(), &Product))
      return exactly(0);
    if (Text.empty() && Other.Text.empty())
      return exactly(Product);
    return spelled(Product, operand() + " * " + Other.operand(), false);
  }
  if ((isConstant() && value() == 0) || (Other.isConstant() && Other.value() == 0))
    return exactly(0);
  if (isConstant() && value() == 1)
    return Other;
  if (Other.isConstant() && Other.value() == 1)
    return *this;
  // A constant inside an expression is written as a number: whether its
  // names are visible where the reserve goes is only known for whole counts.
  return expression(operand(false) + " * " + Other.operand(false), false);
}

// --- Expressions -------------------------------------------------------------

bool isInMacro(const Stmt *S) {
  return S->getBeginLoc().isMacroID() || S->getEndLoc().isMacroID();
}

std::string sourceText(SourceRange R, const FunctionContext &Ctx) {
  if (R.isInvalid() || R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return "";
  return Lexer::getSourceText(CharSourceRange::getTokenRange(R),
                              Ctx.AST.getSourceManager(), Ctx.AST.getLangOpts())
      .str();
}

std::string sourceText(const Expr *E, const FunctionContext &Ctx) {
  return sourceText(E->getSourceRange(), Ctx);
}

static bool isSizeQuery(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *MD = Call->getMethodDecl();
  return MD && MD->isConst() && Call->getNumArgs() == 0 &&
         MD->getDeclName().isIdentifier() &&
         (MD->getName() == "size" || MD->getName() == "length");
}

bool isPureExpr(const Expr *E) {
  E = E->IgnoreParens();
  if (isa<IntegerLiteral, CharacterLiteral, CXXBoolLiteralExpr,
          UnaryExprOrTypeTraitExpr, CXXThisExpr>(E))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return isa<VarDecl, EnumConstantDecl, NonTypeTemplateParmDecl>(
        DRE->getDecl());
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return isa<FieldDecl>(ME->getMemberDecl()) && isPureExpr(ME->getBase());
  if (const auto *Cast = dyn_cast<CastExpr>(E))
    return (isa<ImplicitCastExpr>(Cast) || E->getType()->isIntegralOrEnumerationType()) &&
           isPureExpr(Cast->getSubExpr());
  if (const auto *Sub = dyn_cast<SubstNonTypeTemplateParmExpr>(E))
    return isPureExpr(Sub->getReplacement());
  if (const auto *CE = dyn_cast<ConstantExpr>(E))
    return isPureExpr(CE->getSubExpr());
  if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
    return isPureExpr(MTE->getSubExpr());
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return !UO->isIncrementDecrementOp() && UO->getOpcode() != UO_AddrOf &&
           UO->getOpcode() != UO_Deref && isPureExpr(UO->getSubExpr());
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp() && BO->getOpcode() != BO_Comma &&
           isPureExpr(BO->getLHS()) && isPureExpr(BO->getRHS());
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return isPureExpr(CO->getCond()) && isPureExpr(CO->getTrueExpr()) &&
           isPureExpr(CO->getFalseExpr());
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return isSizeQuery(MC) && isPureExpr(MC->getImplicitObjectArgument());
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // std::size(c), std::ssize(c), std::min(a, b), std::max(a, b).
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !isInStd(FD) || !FD->getDeclName().isIdentifier() ||
        !llvm::is_contained({"size", "ssize", "min", "max"}, FD->getName()))
      return false;
    return llvm::all_of(Call->arguments(),
                        [](const Expr *Arg) { return isPureExpr(Arg); });
  }
  return false;
}

namespace {

/// One end of a counted range, as the user wrote it.
struct Bound {
  std::string Text;
  bool Atomic = false;
  bool Unsigned = false;
  std::optional<llvm::APSInt> Value;
};

} // namespace

static bool isAtomicExpr(const Expr *E) {
  E = E->IgnoreImpCasts();
  return isa<DeclRefExpr, MemberExpr, IntegerLiteral, CallExpr, ParenExpr,
             CXXThisExpr, UnaryExprOrTypeTraitExpr, CXXNamedCastExpr,
             CXXFunctionalCastExpr>(E);
}

static std::optional<Bound> makeBound(const Expr *E, const FunctionContext &Ctx) {
  if (!isPureExpr(E))
    return std::nullopt;
  const Expr *Written = E->IgnoreImpCasts();
  if (!Written->getType()->isIntegerType())
    return std::nullopt;
  Bound B;
  B.Text = sourceText(Written, Ctx);
  if (B.Text.empty())
    return std::nullopt;
  B.Atomic = isAtomicExpr(Written);
  B.Unsigned = Written->getType()->isUnsignedIntegerType();
  if (std::optional<llvm::APSInt> V = Written->getIntegerConstantExpr(Ctx.AST))
    B.Value = *V;
  return B;
}

/// A bound known to be the loop counter's start value of type \p T.
static std::optional<Bound> makeStart(const Expr *E, QualType T,
                                      const FunctionContext &Ctx) {
  std::optional<Bound> B = makeBound(E, Ctx);
  if (!B)
    return std::nullopt;
  if (B->Value) {
    // The counter holds the start converted to its own type.
    llvm::APSInt V = B->Value->extOrTrunc(Ctx.AST.getIntWidth(T));
    V.setIsUnsigned(T->isUnsignedIntegerType());
    B->Value = V;
    return B;
  }
  QualType Written = E->IgnoreImpCasts()->getType();
  bool ValuePreserving =
      Written->isUnsignedIntegerType() == T->isUnsignedIntegerType() &&
      Ctx.AST.getIntWidth(Written) <= Ctx.AST.getIntWidth(T);
  if (!ValuePreserving) {
    // Compare it as the loop does: as a value of the counter's type.
    B->Text = "static_cast<" + T.getUnqualifiedType().getAsString(Ctx.AST.getPrintingPolicy()) + ">(" + B->Text + ")";
    B->Atomic = true;
    B->Unsigned = T->isUnsignedIntegerType();
  }
  return B;
}

static std::string asSize(const Bound &B) {
  if (B.Value && !B.Value->isNegative())
    return llvm::toString(*B.Value, 10);
  if (B.Unsigned && !B.Value)
    return B.Atomic ? B.Text : "(" + B.Text + ")";
  return "static_cast<std::size_t>(" + B.Text + ")";
}

static std::string asOperand(const Bound &B, bool Spelled = false) {
  if (B.Value && !Spelled)
    return llvm::toString(*B.Value, 10);
  return B.Atomic ? B.Text : "(" + B.Text + ")";
}

/// The number of values Lo, Lo+Step, ... that lie below Hi (or up to Hi when
/// \p Inclusive), compared in a type of \p CompareWidth bits and
/// \p CompareUnsigned signedness; at least 1 when \p AtLeastOnce (do-while).
static std::optional<Count> countRange(const Bound &Lo, const Bound &Hi,
                                       bool Inclusive, uint64_t Step,
                                       bool AtLeastOnce, unsigned CompareWidth,
                                       bool CompareUnsigned) {
  uint64_t Floor = AtLeastOnce ? 1 : 0;
  if (Lo.Value && Hi.Value) {
    auto Widen = [&](llvm::APSInt V) {
      V = V.extOrTrunc(CompareWidth);
      V.setIsUnsigned(CompareUnsigned);
      return V.extend(130);
    };
    llvm::APSInt L = Widen(*Lo.Value), H = Widen(*Hi.Value);
    llvm::APSInt Zero(llvm::APInt(130, 0), false);
    if (H < L || (!Inclusive && H == L))
      return Count::exactly(Floor);
    llvm::APSInt Diff = H - L;
    llvm::APSInt S(llvm::APInt(130, Step), false);
    llvm::APInt N = Inclusive ? Diff.udiv(S) + 1 : (Diff + S - 1).udiv(S);
    if (N.getActiveBits() > 63)
      return std::nullopt;
    uint64_t Trips = std::max<uint64_t>(N.getZExtValue(), Floor);
    // `i < kNumDeps` from 0 runs kNumDeps times: say so with the code's name.
    if (L.isZero() && Step == 1 && !Hi.Value->isNegative() && !H.isZero() &&
        !Hi.Text.empty() && !llvm::isDigit(Hi.Text[0]))
      return Inclusive ? Count::spelled(Trips, asOperand(Hi, true) + " + 1", false)
                       : Count::spelled(Trips, Hi.Text, Hi.Atomic);
    return Count::exactly(Trips);
  }

  // [c, Hi] with unit steps is (c - 1, Hi]: the simpler exclusive form.
  if (Inclusive && Step == 1 && Lo.Value) {
    Bound Before = Lo;
    Before.Value = Lo.Value->extend(Lo.Value->getBitWidth() + 1) - 1;
    return countRange(Before, Hi, false, 1, AtLeastOnce, CompareWidth,
                      CompareUnsigned);
  }

  std::string Diff;
  if (Lo.Value && Lo.Value->isZero())
    Diff = asSize(Hi);
  else if (Lo.Value && Lo.Value->isNegative())
    Diff = asSize(Hi) + " + " + llvm::toString(-*Lo.Value, 10);
  else
    Diff = asSize(Hi) + " - " + asSize(Lo);
  bool DiffAtomic = Lo.Value && Lo.Value->isZero();
  std::string Paren = DiffAtomic ? Diff : "(" + Diff + ")";
  std::string Step1 = std::to_string(Step);
  std::string Core;
  if (Inclusive)
    Core = Step == 1 ? Diff + " + 1" : Paren + " / " + Step1 + " + 1";
  else
    Core = Step == 1 ? Diff
                     : "(" + Diff + " + " + std::to_string(Step - 1) + ") / " + Step1;

  // Hi is never below a zero Lo when it is unsigned: no guard needed.
  bool NeedsGuard = AtLeastOnce || !(Lo.Value && Lo.Value->isZero() && Hi.Unsigned);
  if (!NeedsGuard)
    return Count::expression(Core, Step == 1 && !Inclusive && DiffAtomic);
  std::string Cmp = Inclusive ? " >= " : " > ";
  return Count::expression(asOperand(Hi) + Cmp + asOperand(Lo) + " ? " + Core +
                               " : " + std::to_string(Floor),
                           false);
}

std::optional<Count> nonNegativeCount(const Expr *E, const FunctionContext &Ctx) {
  std::optional<Bound> N = makeBound(E, Ctx);
  if (!N)
    return std::nullopt;
  Bound Zero;
  Zero.Text = "0";
  Zero.Atomic = true;
  Zero.Value = llvm::APSInt(llvm::APInt(64, 0), N->Unsigned);
  const Expr *Written = E->IgnoreImpCasts();
  return countRange(Zero, *N, false, 1, false,
                    Ctx.AST.getIntWidth(Written->getType()), N->Unsigned);
}

std::optional<Count> rangeSize(const Expr *Range, const FunctionContext &Ctx) {
  Range = Range->IgnoreParenImpCasts();
  if (const auto *Init = dyn_cast<InitListExpr>(Range))
    return Count::exactly(Init->getNumInits());
  if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Range))
    return rangeSize(List->getSubExpr(), Ctx);
  if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(Range))
    return rangeSize(MTE->getSubExpr(), Ctx);
  if (!rootDecl(Range) || !isPureExpr(Range))
    return std::nullopt;
  QualType T = Range->getType().getNonReferenceType();
  if (const auto *Array = Ctx.AST.getAsConstantArrayType(T))
    return Count::exactly(Array->getSize().getZExtValue());
  if (!sizedRecord(T))
    return std::nullopt;
  std::string Text = sourceText(Range, Ctx);
  if (Text.empty())
    return std::nullopt;
  return Count::expression(Text + ".size()", true);
}

// --- Loops -------------------------------------------------------------------

bool isLoop(const Stmt *S) {
  return isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
}

/// True for the parts of a loop that run once, before its first iteration:
/// a for's init, a range-for's init and range.
static bool runsOnceBefore(const Stmt *Child, const Stmt *Loop) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return Child == For->getInit();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return Child == Range->getInit() || Child == Range->getRangeStmt() ||
           Child == Range->getBeginStmt() || Child == Range->getEndStmt();
  return false;
}

static void walkStatements(const Stmt *S, bool InLoop,
                           llvm::function_ref<void(const Stmt *, bool)> F) {
  if (!S || isa<LambdaExpr>(S))
    return;
  F(S, InLoop);
  for (const Stmt *Child : S->children())
    walkStatements(Child, InLoop || (isLoop(S) && !runsOnceBefore(Child, S)), F);
}

void forEachStatement(const Stmt *Body,
                      llvm::function_ref<void(const Stmt *S, bool InLoop)> F) {
  walkStatements(Body, false, F);
}

bool runsAtMostOnce(const Stmt *Loop, const FunctionContext &Ctx) {
  if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
    bool Value = true;
    if (Do->getCond()->EvaluateAsBooleanCondition(Value, Ctx.AST) && !Value)
      return true;
  }
  std::optional<TripCount> Trips = computeTripCount(Loop, Ctx);
  return Trips && Trips->Trips.isConstant() && Trips->Trips.value() <= 1;
}

const Stmt *loopBody(const Stmt *Loop) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getBody();
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getBody();
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return Do->getBody();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return Range->getBody();
  return nullptr;
}

static const VarDecl *counterOf(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!DRE)
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD || !VD->getType()->isIntegerType() || VD->getType()->isBooleanType() ||
      VD->getType()->isReferenceType() || VD->hasGlobalStorage())
    return nullptr;
  return VD;
}

/// How a statement advances \p Counter: +k / -k, or 0 if it does not.
static int64_t stepOf(const Stmt *S, const VarDecl *Counter, const FunctionContext &Ctx) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  if (!E)
    return 0;
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (!UO->isIncrementDecrementOp() || counterOf(UO->getSubExpr()) != Counter)
      return 0;
    return UO->isIncrementOp() ? 1 : -1;
  }
  const auto *BO = dyn_cast<BinaryOperator>(E);
  if (!BO || counterOf(BO->getLHS()) != Counter)
    return 0;
  const Expr *Amount = nullptr;
  int Sign = 0;
  if (BO->getOpcode() == BO_AddAssign || BO->getOpcode() == BO_SubAssign) {
    Amount = BO->getRHS();
    Sign = BO->getOpcode() == BO_AddAssign ? 1 : -1;
  } else if (BO->getOpcode() == BO_Assign) {
    // i = i + k, i = i - k
    const auto *Rhs = dyn_cast<BinaryOperator>(BO->getRHS()->IgnoreParenImpCasts());
    if (!Rhs || (Rhs->getOpcode() != BO_Add && Rhs->getOpcode() != BO_Sub) ||
        counterOf(Rhs->getLHS()) != Counter)
      return 0;
    Amount = Rhs->getRHS();
    Sign = Rhs->getOpcode() == BO_Add ? 1 : -1;
  } else {
    return 0;
  }
  std::optional<llvm::APSInt> K = Amount->getIntegerConstantExpr(Ctx.AST);
  if (!K || K->isNegative() || K->isZero() || K->getActiveBits() > 32)
    return 0;
  return Sign * static_cast<int64_t>(K->getZExtValue());
}

/// True when every reference to \p Counter in \p S only reads it (the
/// statement \p Step, which advances it, excepted).
static bool onlyReads(const Stmt *S, const VarDecl *Counter, const Stmt *Step,
                      const FunctionContext &Ctx) {
  bool Ok = true;
  forEachReference(S, Counter, [&](const Expr *Ref, bool) {
    if (Step && isWithin(Ref->getSourceRange(), Step->getSourceRange(),
                         Ctx.AST.getSourceManager()))
      return;
    if (classifyUse(Ref, ContainerKind::None, Ctx).Kind != UseKind::Read)
      Ok = false;
  });
  return Ok;
}

namespace {
/// `Counter OP Bound`, normalised so that the counter is on the left.
struct Comparison {
  const VarDecl *Counter = nullptr;
  BinaryOperatorKind Op = BO_LT;
  const Expr *Limit = nullptr;
  unsigned Width = 0;
  bool Unsigned = false;
};
} // namespace

static std::optional<Comparison> matchComparison(const Expr *Cond,
                                                 const FunctionContext &Ctx) {
  const auto *BO = dyn_cast_or_null<BinaryOperator>(Cond ? Cond->IgnoreParenImpCasts() : nullptr);
  if (!BO || !BO->isComparisonOp() || BO->getOpcode() == BO_EQ ||
      BO->getOpcode() == BO_Cmp)
    return std::nullopt;
  Comparison C;
  C.Op = BO->getOpcode();
  if ((C.Counter = counterOf(BO->getLHS()))) {
    C.Limit = BO->getRHS();
  } else if ((C.Counter = counterOf(BO->getRHS()))) {
    C.Limit = BO->getLHS();
    C.Op = BinaryOperator::reverseComparisonOp(C.Op);
  } else {
    return std::nullopt;
  }
  QualType Common = BO->getLHS()->getType();
  C.Width = Ctx.AST.getIntWidth(Common);
  C.Unsigned = Common->isUnsignedIntegerType();
  // A counter narrower than the comparison can wrap before reaching the bound.
  if (Ctx.AST.getIntWidth(C.Counter->getType()) < C.Width)
    return std::nullopt;
  return C;
}

/// The iteration count of a counted loop with start \p Start, comparison
/// \p Cmp and step \p Step.
static std::optional<Count> countedTrips(const Bound &Start,
                                         const Comparison &Cmp, int64_t Step,
                                         bool AtLeastOnce, const FunctionContext &Ctx) {
  std::optional<Bound> Limit = makeBound(Cmp.Limit, Ctx);
  if (!Limit || Step == 0)
    return std::nullopt;
  uint64_t K = Step > 0 ? Step : -Step;
  bool Up = Step > 0;
  switch (Cmp.Op) {
  case BO_LT:
  case BO_LE:
    if (!Up)
      return std::nullopt;
    return countRange(Start, *Limit, Cmp.Op == BO_LE, K, AtLeastOnce, Cmp.Width,
                      Cmp.Unsigned);
  case BO_GT:
  case BO_GE:
    if (Up)
      return std::nullopt;
    // `unsigned i ...; i >= 0` never ends.
    if (Cmp.Op == BO_GE && Cmp.Unsigned && Limit->Value && Limit->Value->isZero())
      return std::nullopt;
    return countRange(*Limit, Start, Cmp.Op == BO_GE, K, AtLeastOnce, Cmp.Width,
                      Cmp.Unsigned);
  case BO_NE:
    // With a stride the counter may step over the bound.
    if (K != 1)
      return std::nullopt;
    return Up ? countRange(Start, *Limit, false, 1, AtLeastOnce, Cmp.Width,
                           Cmp.Unsigned)
              : countRange(*Limit, Start, false, 1, AtLeastOnce, Cmp.Width,
                           Cmp.Unsigned);
  default:
    return std::nullopt;
  }
}

/// A variable declared in the for-init whose value stands in for the bound
/// (`for (i = 0, e = c.size(); i != e; ++i)`): its initialiser, if the loop
/// never changes it.
static const Expr *initOfLoopLocal(const Expr *E, const ForStmt *For,
                                   const FunctionContext &Ctx) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *DS = dyn_cast_or_null<DeclStmt>(For->getInit());
  if (!DRE || !DS)
    return nullptr;
  for (const Decl *D : DS->decls())
    if (D == DRE->getDecl()) {
      const auto *VD = cast<VarDecl>(D);
      if (!VD->getInit() || !onlyReads(For->getBody(), VD, nullptr, Ctx) ||
          (For->getInc() && !onlyReads(For->getInc(), VD, nullptr, Ctx)))
        return nullptr;
      return VD->getInit();
    }
  return nullptr;
}

/// The counter's value at loop entry: its initialiser when it is declared with
/// a constant and nothing touches it before \p Loop; otherwise the counter.
static std::optional<Bound> entryValue(const VarDecl *Counter, const Stmt *Loop,
                                       const Expr *CounterRef, const FunctionContext &Ctx,
                                       TripCount &Out) {
  const Expr *Init = Counter->getInit();
  if (Init && Init->getIntegerConstantExpr(Ctx.AST)) {
    if (const auto *Block = Ctx.Parents.parent(*Loop).get<CompoundStmt>()) {
      bool Untouched = true;
      for (const Stmt *S : Block->body()) {
        if (S == Loop)
          break;
        forEachReference(S, Counter, [&](const Expr *, bool) { Untouched = false; });
      }
      if (Untouched && isWithin(Counter->getSourceRange(), Block->getSourceRange(),
                                Ctx.AST.getSourceManager()))
        return makeStart(Init, Counter->getType(), Ctx);
    }
  }
  Out.EntryInputs.push_back(CounterRef);
  return makeBound(CounterRef, Ctx);
}

static std::optional<TripCount> forTrips(const ForStmt *For, const FunctionContext &Ctx);
static std::optional<TripCount> iteratorTrips(const ForStmt *For, const FunctionContext &Ctx);

static std::optional<TripCount> forTrips(const ForStmt *For, const FunctionContext &Ctx) {
  std::optional<Comparison> Cmp = matchComparison(For->getCond(), Ctx);
  if (!Cmp)
    return iteratorTrips(For, Ctx);
  int64_t Step = stepOf(For->getInc(), Cmp->Counter, Ctx);
  if (Step == 0 || !onlyReads(For->getBody(), Cmp->Counter, nullptr, Ctx))
    return std::nullopt;

  TripCount Out{Count::exactly(0), {}, {}};
  std::optional<Bound> Start;
  const Stmt *Init = For->getInit();
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(Init)) {
    if (!llvm::is_contained(DS->decls(), Cmp->Counter) || !Cmp->Counter->getInit())
      return std::nullopt;
    const Expr *StartExpr = Cmp->Counter->getInit();
    Out.EntryInputs.push_back(StartExpr);
    Start = makeStart(StartExpr, Cmp->Counter->getType(), Ctx);
  } else if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(Init)) {
    if (Assign->getOpcode() != BO_Assign || counterOf(Assign->getLHS()) != Cmp->Counter)
      return std::nullopt;
    Out.EntryInputs.push_back(Assign->getRHS());
    Start = makeStart(Assign->getRHS(), Cmp->Counter->getType(), Ctx);
  } else if (!Init) {
    const Expr *CounterRef = For->getCond()->IgnoreParenImpCasts();
    const auto *BO = cast<BinaryOperator>(CounterRef);
    CounterRef = counterOf(BO->getLHS()) == Cmp->Counter ? BO->getLHS() : BO->getRHS();
    Out.EntryInputs.push_back(CounterRef);
    Start = makeBound(CounterRef, Ctx);
  } else {
    return std::nullopt;
  }
  if (!Start)
    return std::nullopt;

  if (const Expr *Substitute = initOfLoopLocal(Cmp->Limit, For, Ctx))
    Cmp->Limit = Substitute;
  Out.BoundInputs.push_back(Cmp->Limit);
  std::optional<Count> Trips = countedTrips(*Start, *Cmp, Step, false, Ctx);
  if (!Trips)
    return std::nullopt;
  Out.Trips = *Trips;
  return Out;
}

/// The container `c` in `c.begin()`, `c.cbegin()`, `std::begin(c)` (with
/// \p Which "begin") or the end counterparts.
static const Expr *containerOfIterator(const Expr *E, llvm::StringRef Which) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1)
      E = Construct->getArg(0)->IgnoreParenImpCasts();
  if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
    E = MTE->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
    E = Bind->getSubExpr()->IgnoreParenImpCasts();
  auto NameIs = [&](const NamedDecl *ND) {
    if (!ND || !ND->getDeclName().isIdentifier())
      return false;
    llvm::StringRef N = ND->getName();
    return N == Which || N == ("c" + Which).str();
  };
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return MC->getNumArgs() == 0 && NameIs(MC->getMethodDecl())
               ? MC->getImplicitObjectArgument()
               : nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    return FD && isInStd(FD) && NameIs(FD) && Call->getNumArgs() == 1
               ? Call->getArg(0)
               : nullptr;
  }
  return nullptr;
}

std::optional<Count> iteratorRangeSize(const Expr *First, const Expr *Last,
                                       const FunctionContext &Ctx,
                                       const Expr **Container) {
  const Expr *Begin = containerOfIterator(First, "begin");
  const Expr *End = containerOfIterator(Last, "end");
  if (!Begin || !End || rootDecl(Begin) != rootDecl(End) ||
      sourceText(Begin, Ctx) != sourceText(End, Ctx))
    return std::nullopt;
  *Container = Begin;
  return rangeSize(Begin, Ctx);
}

namespace {
/// A call of std::for_each, std::for_each_n or their std::ranges forms: its
/// name, the arguments before the function object, and that function object.
struct ForEachParts {
  llvm::StringRef Name;
  llvm::SmallVector<const Expr *, 2> Inputs;
  const LambdaExpr *Lambda = nullptr;
};
} // namespace

static std::optional<ForEachParts> forEachParts(const Stmt *S) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  const auto *Call = E ? dyn_cast<CallExpr>(E->IgnoreImplicit()) : nullptr;
  if (!Call)
    return std::nullopt;
  const NamedDecl *Callee = Call->getDirectCallee();
  unsigned FirstArg = 0;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    // std::ranges::for_each is a function object.
    const auto *Object = dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts());
    if (Op->getOperator() != OO_Call || !Object)
      return std::nullopt;
    Callee = Object->getDecl();
    FirstArg = 1;
  }
  if (!Callee || !isInStd(Callee) || !Callee->getDeclName().isIdentifier() ||
      !llvm::is_contained({"for_each", "for_each_n"}, Callee->getName()))
    return std::nullopt;
  ForEachParts Parts;
  Parts.Name = Callee->getName();
  unsigned End = Call->getNumArgs();
  while (End > FirstArg && isa<CXXDefaultArgExpr>(Call->getArg(End - 1)))
    --End; // The default projection of the ranges forms.
  if (End <= FirstArg)
    return std::nullopt;
  for (unsigned I = FirstArg; I + 1 < End; ++I)
    Parts.Inputs.push_back(Call->getArg(I));
  const Expr *Function = Call->getArg(End - 1)->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Function);
      Construct && Construct->getNumArgs() == 1)
    Function = Construct->getArg(0)->IgnoreImplicit(); // Pre-C++17 copy.
  Parts.Lambda = dyn_cast<LambdaExpr>(Function);
  // An execution policy makes the calls concurrent: no loop.
  unsigned Expected = Parts.Name == "for_each_n" ? 2 : Parts.Inputs.size() == 1 ? 1 : 2;
  if (!Parts.Lambda || Parts.Inputs.size() != Expected)
    return std::nullopt;
  return Parts;
}

const LambdaExpr *forEachLambda(const Stmt *S) {
  std::optional<ForEachParts> Parts = forEachParts(S);
  return Parts ? Parts->Lambda : nullptr;
}

const Stmt *calledBody(const LambdaExpr *Lambda) {
  const FunctionTemplateDecl *Template =
      Lambda->getCallOperator()->getDescribedFunctionTemplate();
  if (!Template)
    return Lambda->getBody();
  // Only called specialisations are used: std::ranges::for_each's concepts
  // instantiate others to deduce their return types.
  const Stmt *Body = nullptr;
  for (const FunctionDecl *Specialisation : Template->specializations()) {
    if (!Specialisation->isUsed())
      continue;
    if (Body || !Specialisation->getBody())
      return nullptr;
    Body = Specialisation->getBody();
  }
  return Body;
}

bool isLambdaBody(const Stmt *S, const LambdaExpr *Lambda) {
  return S && (S == Lambda->getBody() || S == calledBody(Lambda));
}

std::optional<TripCount> forEachTrips(const Stmt *S, const FunctionContext &Ctx) {
  std::optional<ForEachParts> Parts = forEachParts(S);
  if (!Parts)
    return std::nullopt;
  TripCount Out{Count::exactly(0), {}, {}};
  std::optional<Count> Size;
  const llvm::SmallVector<const Expr *, 2> &In = Parts->Inputs;
  if (Parts->Name == "for_each_n") {
    Size = nonNegativeCount(In[1], Ctx);
    Out.EntryInputs.push_back(In[1]);
  } else if (In.size() == 2) {
    const Expr *Container = nullptr;
    Size = iteratorRangeSize(In[0], In[1], Ctx, &Container);
    if (Container)
      Out.BoundInputs.push_back(Container);
  } else {
    Size = rangeSize(In[0], Ctx);
    if (Size && !Size->isConstant())
      Out.BoundInputs.push_back(In[0]);
  }
  if (!Size)
    return std::nullopt;
  Out.Trips = *Size;
  return Out;
}

static bool isIncrementOf(const Stmt *S, const VarDecl *It) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return UO->isIncrementOp() && rootDecl(UO->getSubExpr()) == It;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    return Op->getOperator() == OO_PlusPlus && rootDecl(Op->getArg(0)) == It;
  return false;
}

/// `L != R`, however the iterator type spells it.
static bool matchInequality(const Expr *Cond, const Expr *&L, const Expr *&R) {
  if (!Cond)
    return false;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Rewritten = dyn_cast<CXXRewrittenBinaryOperator>(Cond)) {
    // C++20 spells `it != end` as `!(it == end)` when only == is declared.
    CXXRewrittenBinaryOperator::DecomposedForm Form = Rewritten->getDecomposedForm();
    if (Form.Opcode != BO_NE || Rewritten->isReversed())
      return false;
    L = Form.LHS;
    R = Form.RHS;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Cond)) {
    if (Op->getOperator() != OO_ExclaimEqual || Op->getNumArgs() != 2)
      return false;
    L = Op->getArg(0);
    R = Op->getArg(1);
  } else if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    if (BO->getOpcode() != BO_NE)
      return false;
    L = BO->getLHS();
    R = BO->getRHS();
  } else {
    return false;
  }
  return true;
}

/// for (auto it = c.begin(); it != c.end(); ++it), with the end possibly held
/// in a second loop variable.
static std::optional<TripCount> iteratorTrips(const ForStmt *For,
                                              const FunctionContext &Ctx) {
  const auto *DS = dyn_cast_or_null<DeclStmt>(For->getInit());
  const Expr *L = nullptr, *R = nullptr;
  if (!DS || !matchInequality(For->getCond(), L, R))
    return std::nullopt;
  const auto *It = dyn_cast_or_null<VarDecl>(rootDecl(L));
  if (!It || !llvm::is_contained(DS->decls(), It) || !It->getInit() ||
      !isIncrementOf(For->getInc(), It))
    return std::nullopt;
  if (const Expr *Substitute = initOfLoopLocal(R, For, Ctx))
    R = Substitute;
  const Expr *Container = nullptr;
  std::optional<Count> Size = iteratorRangeSize(It->getInit(), R, Ctx, &Container);
  if (!Size)
    return std::nullopt;
  // The iterator must advance only in the increment.
  bool OnlyRead = true;
  forEachReference(For->getBody(), It, [&](const Expr *Ref, bool) {
    UseKind K = classifyUse(Ref, ContainerKind::None, Ctx).Kind;
    if (K != UseKind::Read)
      OnlyRead = false;
  });
  if (!OnlyRead)
    return std::nullopt;
  TripCount Out{*Size, {}, {Container}};
  return Out;
}

/// The one expression of \p Loop's body that increments \p It (`++it;`, or
/// the `it++` of `out.push_back(*it++)`), when it runs once on every
/// iteration; null otherwise.
static const Expr *iteratorStep(const Stmt *Loop, const VarDecl *It,
                          const FunctionContext &Ctx) {
  llvm::SmallVector<const Expr *, 1> Steps;
  // Increments in lambdas and unevaluated operands are left to onlyReads.
  auto Visit = [&](const Stmt *S, auto &Self) -> void {
    if (!S || isa<LambdaExpr, BlockExpr, UnaryExprOrTypeTraitExpr, CXXNoexceptExpr,
                  CXXTypeidExpr>(S))
      return;
    if (isIncrementOf(S, It)) {
      Steps.push_back(cast<Expr>(S));
      return;
    }
    for (const Stmt *Child : S->children())
      Self(Child, Self);
  };
  Visit(loopBody(Loop), Visit);
  if (Steps.size() != 1)
    return nullptr;
  EnclosingLoop Outer = enclosingLoop(Steps.front(), Ctx);
  return Outer.Loop == Loop && Outer.EveryIteration ? Steps.front() : nullptr;
}

/// auto it = c.begin(); while (it != c.end()) { ...; ++it; }: the iterator is
/// declared in the loop's block, nothing names it or the container between
/// its declaration and the loop, and exactly one expression of the body
/// advances it, by one, on every iteration (`out.push_back(*it++)` too).
static std::optional<TripCount> iteratorWhileTrips(const WhileStmt *While,
                                                   const FunctionContext &Ctx) {
  const Expr *L = nullptr, *R = nullptr;
  if (!matchInequality(While->getCond(), L, R))
    return std::nullopt;
  const auto *It = dyn_cast_or_null<VarDecl>(rootDecl(L));
  if (!It || !It->isLocalVarDecl() || It->isStaticLocal() || !It->getInit() ||
      It->getType()->isReferenceType())
    return std::nullopt;
  const Expr *Container = nullptr;
  std::optional<Count> Size = iteratorRangeSize(It->getInit(), R, Ctx, &Container);
  if (!Size)
    return std::nullopt;
  const Expr *Step = iteratorStep(While, It, Ctx);
  if (!Step || !onlyReads(While->getBody(), It, Step, Ctx))
    return std::nullopt;
  // From the declaration to the loop, the iterator stays c.begin().
  const auto *Block = Ctx.Parents.parent(*While).get<CompoundStmt>();
  const auto *Declaration = Ctx.Parents.parent(*It).get<DeclStmt>();
  if (!Block || !Declaration)
    return std::nullopt;
  const auto *Begin = llvm::find(Block->body(), Declaration);
  const auto *Loop = llvm::find(Block->body(), While);
  if (Begin == Block->body_end() || Loop == Block->body_end())
    return std::nullopt;
  const ValueDecl *Range = rootDecl(Container);
  for (const Stmt *S : llvm::make_range(std::next(Begin), Loop)) {
    bool Touched = false;
    forEachReference(S, It, [&](const Expr *, bool) { Touched = true; });
    forEachReference(S, Range, [&](const Expr *, bool) { Touched = true; });
    if (Touched || hasOpaqueCall(S, true))
      return std::nullopt;
  }
  TripCount Out{*Size, {}, {Container}};
  return Out;
}

/// while (n--), while (n-- > 0), while (n-- != 0): n iterations.
static std::optional<TripCount> postDecrementTrips(const Expr *Cond,
                                                   const Stmt *Loop,
                                                   const FunctionContext &Ctx) {
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    std::optional<llvm::APSInt> Zero = BO->getRHS()->getIntegerConstantExpr(Ctx.AST);
    if ((BO->getOpcode() != BO_GT && BO->getOpcode() != BO_NE) || !Zero ||
        !Zero->isZero())
      return std::nullopt;
    Cond = BO->getLHS()->IgnoreParenImpCasts();
  }
  const auto *UO = dyn_cast<UnaryOperator>(Cond);
  if (!UO || UO->getOpcode() != UO_PostDec)
    return std::nullopt;
  const VarDecl *Counter = counterOf(UO->getSubExpr());
  if (!Counter || !onlyReads(loopBody(Loop), Counter, nullptr, Ctx))
    return std::nullopt;
  const Expr *Ref = UO->getSubExpr();
  std::optional<Count> N = nonNegativeCount(Ref, Ctx);
  if (!N)
    return std::nullopt;
  TripCount Out{*N, {Ref}, {}};
  return Out;
}

/// while (i < n) { ...; ++i; } and do { ...; ++i; } while (i < n): the counter
/// advances in exactly one top-level statement of the body.
static std::optional<TripCount> counterLoopTrips(const Expr *Cond,
                                                 const Stmt *Loop, bool AtLeastOnce,
                                                 const FunctionContext &Ctx) {
  std::optional<Comparison> Cmp = matchComparison(Cond, Ctx);
  const auto *Body = dyn_cast_or_null<CompoundStmt>(loopBody(Loop));
  if (!Cmp || !Body)
    return std::nullopt;
  const Stmt *StepStmt = nullptr;
  int64_t Step = 0;
  for (const Stmt *S : Body->body())
    if (int64_t K = stepOf(S, Cmp->Counter, Ctx)) {
      if (StepStmt)
        return std::nullopt;
      StepStmt = S;
      Step = K;
    }
  if (!StepStmt || !onlyReads(Body, Cmp->Counter, StepStmt, Ctx))
    return std::nullopt;
  const auto *BO = cast<BinaryOperator>(Cond->IgnoreParenImpCasts());
  const Expr *CounterRef =
      counterOf(BO->getLHS()) == Cmp->Counter ? BO->getLHS() : BO->getRHS();
  TripCount Out{Count::exactly(0), {}, {Cmp->Limit}};
  std::optional<Bound> Start = entryValue(Cmp->Counter, Loop, CounterRef, Ctx, Out);
  if (!Start)
    return std::nullopt;
  std::optional<Count> Trips = countedTrips(*Start, *Cmp, Step, AtLeastOnce, Ctx);
  if (!Trips)
    return std::nullopt;
  Out.Trips = *Trips;
  return Out;
}

std::optional<TripCount> computeTripCount(const Stmt *Loop, const FunctionContext &Ctx) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return forTrips(For, Ctx);
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
    const Expr *R = Range->getRangeInit();
    std::optional<Count> Size = R ? rangeSize(R, Ctx) : std::nullopt;
    if (!Size)
      return std::nullopt;
    TripCount Out{*Size, {}, {}};
    if (!Size->isConstant())
      Out.BoundInputs.push_back(R);
    return Out;
  }
  if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
    if (While->getConditionVariable())
      return std::nullopt;
    if (auto Trips = postDecrementTrips(While->getCond(), Loop, Ctx))
      return Trips;
    if (auto Trips = iteratorWhileTrips(While, Ctx))
      return Trips;
    return counterLoopTrips(While->getCond(), Loop, false, Ctx);
  }
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return counterLoopTrips(Do->getCond(), Loop, true, Ctx);
  return std::nullopt;
}

// --- Control flow ------------------------------------------------------------

EnclosingLoop enclosingLoop(const Stmt *S, const FunctionContext &Ctx) {
  EnclosingLoop Result;
  bool Conditional = false;
  DynTypedNode Cur = DynTypedNode::create(*S);
  while (true) {
    DynTypedNode Parent = Ctx.Parents.parent(Cur);
    if (const auto *VD = Parent.get<VarDecl>()) {
      (void)VD;
      Cur = Parent; // The initialiser of a local: continue at its DeclStmt.
      continue;
    }
    const Stmt *P = Parent.get<Stmt>();
    if (!P)
      return Result; // Reached the function (or a lambda's, or a class).
    const Stmt *Child = Cur.get<Stmt>();
    if (isLoop(P)) {
      Result.Loop = P;
      Result.EveryIteration = !Conditional && Child == loopBody(P);
      return Result;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(P)) {
      if (isLambdaBody(Child, Lambda)) {
        Result.Lambda = Lambda;
        Result.EveryIteration = !Conditional;
      }
      return Result;
    }
    if (isa<BlockExpr>(P))
      return Result;
    if (isa<IfStmt, SwitchStmt, SwitchCase, ConditionalOperator,
            BinaryConditionalOperator, CXXTryStmt, CXXCatchStmt, LabelStmt,
            StmtExpr, CoroutineBodyStmt>(P))
      Conditional = true;
    if (const auto *BO = dyn_cast<BinaryOperator>(P))
      if (BO->isLogicalOp() && Child == BO->getRHS())
        Conditional = true;
    Cur = Parent;
  }
}

static bool exitsIn(const Stmt *S, llvm::ArrayRef<const Stmt *> Loops,
                    const Stmt *BreakTarget, const Stmt *ContinueTarget) {
  if (!S)
    return false;
  if (isa<ReturnStmt, GotoStmt, IndirectGotoStmt, CoreturnStmt>(S))
    return true;
  if (isa<BreakStmt>(S))
    return llvm::is_contained(Loops, BreakTarget);
  if (isa<ContinueStmt>(S))
    return llvm::is_contained(Loops, ContinueTarget);
  if (isa<LambdaExpr, BlockExpr>(S))
    return false;
  if (isLoop(S)) {
    BreakTarget = S;
    ContinueTarget = S;
  } else if (isa<SwitchStmt>(S)) {
    BreakTarget = S;
  }
  for (const Stmt *Child : S->children())
    if (exitsIn(Child, Loops, BreakTarget, ContinueTarget))
      return true;
  return false;
}

bool hasEarlyExit(const Stmt *Loop, llvm::ArrayRef<const Stmt *> Loops) {
  return exitsIn(Loop, Loops, nullptr, nullptr);
}

/// True when \p R lies in the part of \p Loop that runs once, before the
/// first iteration: a for's init statement, a range-for's init statement or
/// range expression.
static bool inSetUp(SourceRange R, const Stmt *Loop, const SourceManager &SM) {
  auto Within = [&](const Stmt *Part) {
    return Part && isWithin(R, Part->getSourceRange(), SM);
  };
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return Within(For->getInit());
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return Within(Range->getInit()) || Within(Range->getRangeInit());
  return false;
}

const Stmt *outermostLoopInScope(const Stmt *S, const ValueDecl *D,
                                 const FunctionContext &Ctx) {
  const SourceManager &SM = Ctx.AST.getSourceManager();
  const Stmt *Result = nullptr;
  const Stmt *Inner = S;
  for (EnclosingLoop Outer = enclosingLoop(S, Ctx); Outer.Loop;
       Outer = enclosingLoop(Outer.Loop, Ctx)) {
    bool DeclaredInSetUp = inSetUp(D->getSourceRange(), Outer.Loop, SM);
    if (!DeclaredInSetUp &&
        isWithin(D->getSourceRange(), Outer.Loop->getSourceRange(), SM))
      break; // A fresh D on each iteration.
    if (!inSetUp(Inner->getSourceRange(), Outer.Loop, SM))
      Result = Outer.Loop;
    if (DeclaredInSetUp)
      break;
    Inner = Outer.Loop;
  }
  return Result;
}

} // namespace clang::tidy::heapwise
