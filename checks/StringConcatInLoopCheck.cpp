//===- StringConcatInLoopCheck.cpp - heapwise-string-concat-in-loop -------===//

#include "StringConcatInLoopCheck.h"
#include "analysis/LoopAnalysis.h"
#include "analysis/UseAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include <algorithm>

namespace clang::tidy::heapwise {

/// \p E without the implicit nodes and parentheses around what was written.
static const Expr *strip(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (Next == E)
      return E;
    E = Next;
  }
}

/// `x = a + b` or `x += a + b`, built-in or overloaded (a template
/// instantiated with `int` has the built-in form): its left and right
/// operands.
static std::optional<std::pair<const Expr *, const Expr *>>
assignmentOperands(const Stmt *S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    if (BO->getOpcode() == BO_Assign || BO->getOpcode() == BO_AddAssign)
      return std::make_pair(BO->getLHS(), BO->getRHS());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
    if ((Op->getOperator() == OO_Equal || Op->getOperator() == OO_PlusEqual) &&
        Op->getNumArgs() == 2)
      return std::make_pair(Op->getArg(0), Op->getArg(1));
  return std::nullopt;
}

/// An assignment to a named variable or member whose right side is a sum:
/// what any instantiation of the statement may turn into a finding.
static bool isCandidate(const Stmt *S) {
  auto Operands = assignmentOperands(S);
  if (!Operands || !namedDecl(Operands->first->IgnoreParenImpCasts()))
    return false;
  const Expr *RHS = strip(Operands->second);
  if (const auto *BO = dyn_cast<BinaryOperator>(RHS))
    return BO->getOpcode() == BO_Add;
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(RHS);
  return Op && Op->getOperator() == OO_Plus;
}

/// `std::operator+(a, b)` on strings: the call, or null.
static const CXXOperatorCallExpr *asStringPlus(const Expr *E) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(strip(E));
  return Op && Op->getOperator() == OO_Plus && Op->getNumArgs() == 2 &&
                 isInStd(Op->getDirectCallee())
             ? Op
             : nullptr;
}

namespace {
/// One operand of the sum, as written, and whether `+` takes it as a single
/// character (then `append` needs a count).
struct Operand {
  const Expr *E;
  bool IsChar;
};
} // namespace

/// True when \p E gives the same value, and does nothing else, when it is
/// evaluated after the string \p S has changed: a literal, a name of a string,
/// character or number object that cannot be S or live inside it, arithmetic
/// on those, or std::to_string of it. (A pointer, view or reference might
/// read S, and a call might change it or throw with S half-built.)
static bool isIndependentOf(const Expr *E, const ValueDecl *S,
                            const ContainerModel &Model) {
  E = strip(E);
  if (isa<StringLiteral, CharacterLiteral, IntegerLiteral, FloatingLiteral,
          CXXBoolLiteralExpr>(E))
    return true;
  if (const ValueDecl *V = namedDecl(E)) {
    QualType T = V->getType();
    if (V == S || T->isReferenceType())
      return false;
    // A reference may be bound to any object but a local one.
    const auto *VD = dyn_cast<VarDecl>(V);
    if (S->getType()->isReferenceType() && !(VD && VD->hasLocalStorage()))
      return false;
    return T->isArithmeticType() || Model.kindOf(T) == ContainerKind::String;
  }
  // `obj.name` of another local object: no part of it is S.
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *Base = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
    const auto *Owner = Base ? dyn_cast<VarDecl>(Base->getDecl()) : nullptr;
    const auto *Target = dyn_cast<VarDecl>(S);
    QualType T = ME->getType();
    return !ME->isArrow() && Owner && Target && Owner != Target &&
           Owner->hasLocalStorage() && !Owner->getType()->isReferenceType() &&
           Target->hasLocalStorage() && !Target->getType()->isReferenceType() &&
           isa<FieldDecl>(ME->getMemberDecl()) &&
           (T->isArithmeticType() || Model.kindOf(T) == ContainerKind::String);
  }
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return Cast->getType()->isArithmeticType() &&
           isIndependentOf(Cast->getSubExpr(), S, Model);
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp() && BO->getOpcode() != BO_Comma &&
           isIndependentOf(BO->getLHS(), S, Model) &&
           isIndependentOf(BO->getRHS(), S, Model);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return llvm::is_contained({UO_Plus, UO_Minus, UO_Not, UO_LNot},
                              UO->getOpcode()) &&
           isIndependentOf(UO->getSubExpr(), S, Model);
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return isIndependentOf(CO->getCond(), S, Model) &&
           isIndependentOf(CO->getTrueExpr(), S, Model) &&
           isIndependentOf(CO->getFalseExpr(), S, Model);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    return FD && isInStd(FD) && FD->getDeclName().isIdentifier() &&
           FD->getName() == "to_string" && Call->getNumArgs() == 1 &&
           isIndependentOf(Call->getArg(0), S, Model);
  }
  return false;
}

std::vector<FunctionCheck::Finding>
StringConcatInLoopCheck::analyzeAssignment(const Expr *Assign,
                                           const FunctionContext &Ctx) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Assign);
  if (!Op || isInMacro(Op) || !isInStd(Op->getDirectCallee()))
    return {};
  const Expr *Target = Op->getArg(0);
  const ValueDecl *S = namedDecl(Target->IgnoreParenImpCasts());
  if (!S || Model.kindOf(S->getType()) != ContainerKind::String)
    return {};

  // `s = ((s + a) + b) + c` -> s, a, b, c; `s += (a + b) + c` -> s, a, b, c.
  bool Compound = Op->getOperator() == OO_PlusEqual;
  llvm::SmallVector<Operand, 4> Operands;
  const Expr *First = Op->getArg(1);
  while (const CXXOperatorCallExpr *Plus = asStringPlus(First)) {
    QualType RightParam = Plus->getDirectCallee()->getParamDecl(1)->getType();
    Operands.push_back({Plus->getArg(1), !RightParam->isReferenceType() &&
                                             !RightParam->isPointerType()});
    First = Plus->getArg(0);
  }
  if (Operands.empty())
    return {};
  Operands.push_back({First, false});
  if (Compound)
    Operands.push_back({Target, false});
  std::reverse(Operands.begin(), Operands.end());

  auto NamesS = [&](const Operand &O) {
    return namedDecl(O.E->IgnoreParenImpCasts()) == S;
  };
  bool Appends = NamesS(Operands.front());
  if (!Appends && llvm::none_of(Operands, NamesS))
    return {};
  // A fresh string on each iteration makes one copy, not a chain; a `+=`
  // builds its temporary whatever the string's scope.
  if (!Compound && !outermostLoopInScope(Op, S, Ctx))
    return {};

  std::string Name = sourceText(Target, Ctx);
  if (!Appends)
    return {{Op->getBeginLoc(),
             "'" + Name + " = ... + " + Name +
                 "' copies the whole string on every iteration of the loop; "
                 "collect the pieces and join them once after it",
             {}}};

  Finding F{Op->getBeginLoc(),
            Compound ? "'" + Name + " += ... + ...' builds a temporary string on "
                           "every iteration of the loop; append each piece with '+='"
                     : "'" + Name + " = " + Name +
                           " + ...' copies the whole string on every iteration "
                           "of the loop; append in place with '+='",
            {}};
  // Operands after the first are evaluated once `s` already holds the first:
  // they must not see it change.
  for (size_t I = 2; I < Operands.size(); ++I)
    if (!isIndependentOf(Operands[I].E, S, Model))
      return {F};
  llvm::SmallVector<std::string, 4> Texts;
  for (size_t I = 1; I < Operands.size(); ++I) {
    Texts.push_back(sourceText(Operands[I].E, Ctx));
    if (Texts.back().empty())
      return {F};
  }

  // As a statement of a block, one `+=` statement per operand; elsewhere (a
  // loop body without braces, a condition, an argument) one expression with
  // the same value, a reference to the string.
  DynTypedNode Parent = Ctx.Parents.parent(*Op);
  if (const auto *Cleanups = Parent.get<ExprWithCleanups>())
    Parent = Ctx.Parents.parent(*Cleanups);
  std::string Fix;
  if (Parent.get<CompoundStmt>() || Texts.size() == 1) {
    for (const std::string &Text : Texts)
      Fix += (Fix.empty() ? "" : "; ") + Name + " += " + Text;
  } else {
    Fix = Name;
    for (size_t I = 0; I < Texts.size(); ++I)
      Fix += (Operands[I + 1].IsChar ? ".append(1, " : ".append(") + Texts[I] + ")";
  }
  F.Fixes.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Op->getSourceRange()), Fix));
  return {F};
}

void StringConcatInLoopCheck::checkFunction(const FunctionDecl *Fn,
                                            ASTContext &AST) {
  llvm::SmallVector<const Expr *, 8> Candidates;
  forEachStatement(Fn->getBody(), [&](const Stmt *S, bool InLoop) {
    if (InLoop && isCandidate(S))
      Candidates.push_back(cast<Expr>(S));
  });
  if (Candidates.empty())
    return;
  FunctionContext Ctx(AST, Fn->getBody());
  for (const Expr *Assign : Candidates)
    reportAnchor(Fn, Assign, analyzeAssignment(Assign, Ctx));
}

} // namespace clang::tidy::heapwise
