//===- LastUse.cpp --------------------------------------------------------===//

#include "LastUse.h"
#include "ContainerModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::heapwise {

FunctionParents::FunctionParents(const FunctionContext &Ctx, const FunctionDecl *Fn)
    : Ctx(Ctx) {
  Roots.push_back(Fn->getBody());
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Fn))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() && Init->getInit()) {
        Roots.push_back(Init->getInit());
        Initializers.emplace_back(Init->getInit());
      }
}

DynTypedNode FunctionParents::parent(const DynTypedNode &N) const {
  DynTypedNode P = Ctx.Parents.parent(N);
  for (auto It = Initializers.begin(); P.getNodeKind().isNone() && It != Initializers.end();
       ++It)
    P = It->parent(N);
  return P;
}

namespace {
/// Records the liveness after every DeclRefExpr element of the CFG.
class AfterReferences : public LiveVariables::Observer {
public:
  explicit AfterReferences(
      llvm::DenseMap<const Stmt *, std::vector<LiveVariables::LivenessValues>> &After)
      : After(After) {}
  // Called before the transfer function, which runs backwards: V holds what
  // is live after S.
  void observeStmt(const Stmt *S, const CFGBlock *,
                   const LiveVariables::LivenessValues &V) override {
    if (isa<DeclRefExpr>(S))
      After[S].push_back(V);
  }

private:
  llvm::DenseMap<const Stmt *, std::vector<LiveVariables::LivenessValues>> &After;
};
} // namespace

Liveness::Liveness(const FunctionDecl *Fn)
    : ADC(std::make_unique<AnalysisDeclContext>(nullptr, Fn)) {
  CFG::BuildOptions &Options = ADC->getCFGBuildOptions();
  // Every expression an element of its own, so that a reference has a point
  // after it; member initialisers are part of a constructor's flow.
  Options.setAllAlwaysAdd();
  Options.AddInitializers = true;
  Options.AddCXXDefaultInitExprInCtors = true;
  if (LiveVariables *LV = ADC->getAnalysis<LiveVariables>()) {
    AfterReferences Observer(After);
    LV->runOnAllBlocks(Observer);
  }
}

Liveness::~Liveness() = default;

bool Liveness::isLiveAfter(const Expr *Ref, const VarDecl *Var) const {
  auto It = After.find(Ref);
  if (It == After.end())
    return true;
  return llvm::any_of(It->second, [&](const LiveVariables::LivenessValues &V) {
    return V.isLive(Var);
  });
}

static bool mentions(const DeclRefExpr *Ref, const VarDecl *Var) {
  if (Ref->getDecl() == Var)
    return true;
  const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl());
  return Binding && Binding->getDecomposedDecl() == Var;
}

void forEachMention(const Stmt *S, const VarDecl *Var,
                    llvm::function_ref<void(const DeclRefExpr *)> F) {
  if (!S)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && mentions(Ref, Var))
    F(Ref);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : Lambda->capture_inits())
      forEachMention(Init, Var, F);
    return;
  }
  for (const Stmt *Child : S->children())
    forEachMention(Child, Var, F);
}

/// Types whose values may point into another object: pointers, references,
/// and trivially copyable classes (iterators, string_view, span,
/// reference_wrapper, closures).
static bool mayPointInto(QualType T) {
  T = T.getCanonicalType();
  if (T->isReferenceType() || T->isPointerType() || T->isMemberPointerType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && RD->isTriviallyCopyable();
}

namespace {
/// One step up from an expression that refers into the tracked object.
struct Step {
  enum Kind {
    Continues, ///< Next refers into the object too, or holds such a reference.
    Ends,      ///< The reference is used and dropped.
    Stored,    ///< Kept in the local Var.
    Escapes,   ///< Kept where we cannot follow.
  } K;
  const Expr *Next = nullptr;
  bool Holds = false; ///< Next is an object that may keep the reference.
  const VarDecl *Var = nullptr;
};
} // namespace

static Step storedIn(const Expr *Target) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType())
    return {Step::Stored, nullptr, false, Var};
  return {Step::Escapes};
}

static bool isArgument(const Expr *E, llvm::ArrayRef<const Expr *> Args) {
  return llvm::is_contained(Args, E);
}

/// What the parent of \p E, which refers into the object (a glvalue of it, a
/// pointer or iterator into it, or an object holding one: \p Holds), does.
static Step stepUp(const Expr *E, bool Holds, const FunctionParents &Parents) {
  bool Refers = Holds || E->isGLValue() || mayPointInto(E->getType());
  DynTypedNode P = Parents.parent(DynTypedNode::create(*E));
  if (const auto *Var = P.get<VarDecl>()) {
    if (!Refers || (!Var->getType()->isReferenceType() && !Holds &&
                    !mayPointInto(Var->getType())))
      return {Step::Ends}; // A copy of the object.
    const CXXRecordDecl *RD = Var->getType()->getAsCXXRecordDecl();
    if (!Var->hasLocalStorage() || (RD && RD->hasDefinition() && !RD->hasTrivialDestructor()))
      return {Step::Escapes}; // Its destructor may read the object at scope end.
    return {Step::Stored, nullptr, false, Var};
  }
  const auto *PE = P.get<Expr>();
  if (!PE) {
    const Stmt *PS = P.get<Stmt>();
    // A statement of its own discards it; a return or a member initialiser
    // (no parent here) may keep a reference.
    if (PS && !isa<ReturnStmt>(PS))
      return {Step::Ends};
    return {Refers ? Step::Escapes : Step::Ends};
  }
  if (isa<ParenExpr, CastExpr, MaterializeTemporaryExpr, FullExpr, CXXBindTemporaryExpr,
          AbstractConditionalOperator, UnaryOperator>(PE))
    return {Step::Continues, PE, Holds};
  if (const auto *Member = dyn_cast<MemberExpr>(PE)) {
    if (!isa<CXXMethodDecl>(Member->getMemberDecl()))
      return {Step::Continues, PE, Holds};
    // x.method(...): the call may return a reference or iterator into x.
    const auto *Call = Parents.parent(DynTypedNode::create(*PE)).get<CallExpr>();
    return Call ? Step{Step::Continues, Call} : Step{Step::Escapes};
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(PE))
    return Subscript->getBase() == E ? Step{Step::Continues, PE} : Step{Step::Ends};
  if (const auto *Binary = dyn_cast<BinaryOperator>(PE)) {
    if (Binary->isAssignmentOp())
      return Binary->getRHS() == E && Refers && mayPointInto(Binary->getType())
                 ? storedIn(Binary->getLHS())
                 : Step{Step::Ends};
    if (Binary->isAdditiveOp() || Binary->isCommaOp())
      return {Step::Continues, PE};
    return {Step::Ends};
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(PE)) {
    if (Op->getNumArgs() > 0 && Op->getArg(0) == E)
      return {Step::Continues, PE}; // *it, it->, v[i], ++it, a = b (a's side).
    if (Op->getOperator() == OO_Equal)
      return mayPointInto(Op->getArg(0)->getType()) ? storedIn(Op->getArg(0))
                                                     : Step{Step::Ends};
  }
  if (const auto *Call = dyn_cast<CallExpr>(PE)) {
    if (!isArgument(E, {Call->getArgs(), Call->getNumArgs()}))
      return {Step::Continues, PE}; // The callee.
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return {Step::Escapes};
    // std::max(a, b), std::begin(v), std::back_inserter(v): the result may
    // refer into the argument.
    if (Call->isGLValue() || mayPointInto(Call->getType()))
      return {Step::Continues, PE};
    bool PassesObject = E->isGLValue() && !Holds && !mayPointInto(E->getType());
    // The standard containers keep what they are given (v.push_back(&x)).
    if (!PassesObject && isInStd(Callee) && isa<CXXMethodDecl>(Callee))
      return {Step::Escapes};
    return {Step::Ends};
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(PE)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor->isCopyOrMoveConstructor() || mayPointInto(Construct->getType()))
      return {Step::Continues, PE, Holds};
    // A user class built from a reference may keep it (a parser over a text).
    if (!isInStd(Ctor) && Refers)
      return {Step::Continues, PE, true};
    return {Step::Ends};
  }
  if (isa<InitListExpr, CXXParenListInitExpr>(PE))
    return {Refers ? Step::Continues : Step::Ends, PE, true};
  return {Refers ? Step::Escapes : Step::Ends};
}

/// Follows one reference up to where it ends, is stored or escapes.
static Step follow(const Expr *Ref, const FunctionParents &Parents) {
  const Expr *E = Ref;
  bool Holds = false;
  while (true) {
    Step S = stepUp(E, Holds, Parents);
    if (S.K != Step::Continues)
      return S;
    E = S.Next;
    Holds = S.Holds;
    if (!Holds && !E->isGLValue() && !mayPointInto(E->getType()))
      return {Step::Ends}; // A value computed from the object: x.size().
  }
}

std::optional<std::vector<const VarDecl *>>
localsReferringTo(const VarDecl *Var, const Expr *Except,
                  const FunctionParents &Parents) {
  std::vector<const VarDecl *> Found, Work{Var};
  llvm::SmallPtrSet<const VarDecl *, 8> Seen{Var};
  bool Escapes = false;
  while (!Work.empty() && !Escapes) {
    const VarDecl *Current = Work.back();
    Work.pop_back();
    for (const Stmt *Root : Parents.roots())
      forEachMention(Root, Current, [&](const DeclRefExpr *Ref) {
        if (Ref == Except)
          return;
        Step S = follow(Ref, Parents);
        Escapes |= S.K == Step::Escapes;
        if (S.K == Step::Stored && Seen.insert(S.Var).second) {
          Found.push_back(S.Var);
          Work.push_back(S.Var);
        }
      });
  }
  if (Escapes)
    return std::nullopt;
  return Found;
}

} // namespace clang::tidy::heapwise
