//===- SizeBound.cpp ------------------------------------------------------===//

#include "SizeBound.h"
#include "LoopAnalysis.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::heapwise {

namespace {
/// Growth-site executions of one execution of a statement, saturating: past
/// Limit the exact number does not matter.
class Bounder {
public:
  Bounder(const llvm::SmallPtrSetImpl<const Stmt *> &Sites, const FunctionContext &Ctx)
      : Sites(Sites), Ctx(Ctx) {}

  std::optional<uint64_t> of(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return 0;
    if (const auto *If = dyn_cast<IfStmt>(S))
      return add(add(of(If->getInit()), of(If->getCond())),
                 larger(of(If->getThen()), of(If->getElse())));
    if (const auto *Cond = dyn_cast<AbstractConditionalOperator>(S))
      return add(of(Cond->getCond()),
                 larger(of(Cond->getTrueExpr()), of(Cond->getFalseExpr())));
    if (isLoop(S))
      return loop(S);
    std::optional<uint64_t> Sum = Sites.contains(S) ? 1 : 0;
    for (const Stmt *Child : S->children())
      Sum = add(Sum, of(Child));
    return Sum;
  }

private:
  static constexpr uint64_t Limit = uint64_t(1) << 32;

  static std::optional<uint64_t> add(std::optional<uint64_t> A, std::optional<uint64_t> B) {
    if (!A || !B)
      return std::nullopt;
    return std::min(*A + *B, Limit);
  }
  static std::optional<uint64_t> larger(std::optional<uint64_t> A, std::optional<uint64_t> B) {
    if (!A || !B)
      return std::nullopt;
    return std::max(*A, *B);
  }

  std::optional<uint64_t> loop(const Stmt *Loop) {
    // The body runs once per iteration, the condition and increment once
    // more, a for's init and a range-for's range once.
    std::optional<uint64_t> Body = of(loopBody(Loop)), Control = 0, Once = 0;
    if (const auto *For = dyn_cast<ForStmt>(Loop)) {
      Once = of(For->getInit());
      Control = add(of(For->getCond()), of(For->getInc()));
    } else if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
      Control = of(While->getCond());
    } else if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
      Control = of(Do->getCond());
    } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
      Once = of(Range->getRangeInit());
    }
    if (!Body || !Control || !Once)
      return std::nullopt;
    if (*Body == 0 && *Control == 0)
      return Once;
    uint64_t Trips;
    bool Again = true;
    const auto *Do = dyn_cast<DoStmt>(Loop);
    if (Do && Do->getCond()->EvaluateAsBooleanCondition(Again, Ctx.AST) && !Again) {
      Trips = 1;
    } else {
      std::optional<TripCount> TC = computeTripCount(Loop, Ctx);
      if (!TC || !TC->Trips.isConstant())
        return std::nullopt;
      Trips = std::min<uint64_t>(TC->Trips.value(), Limit);
    }
    return add(add(Once, std::min(Trips * std::min(*Body, Limit), Limit)),
               std::min((Trips + 1) * std::min(*Control, Limit), Limit));
  }

  const llvm::SmallPtrSetImpl<const Stmt *> &Sites;
  const FunctionContext &Ctx;
};
} // namespace

/// Elements the declaration itself creates.
static std::optional<uint64_t> initialSize(const VarDecl *Var, const FunctionContext &Ctx) {
  const Expr *Init = Var->getInit();
  if (!Init)
    return 0;
  Init = Init->IgnoreImplicit();
  if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Init))
    Init = List->getSubExpr()->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init)) {
    if (Construct->getNumArgs() == 0 || isa<CXXDefaultArgExpr>(Construct->getArg(0)))
      return 0;
    const Expr *First = Construct->getArg(0)->IgnoreImplicit();
    if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(First))
      First = List->getSubExpr()->IgnoreImplicit();
    if (const auto *Array = dyn_cast<InitListExpr>(First))
      return Array->getNumInits();
    // T v(n) and T v(n, x) with a constant n.
    if (!Construct->isListInitialization() && First->getType()->isIntegerType())
      if (std::optional<llvm::APSInt> N = First->getIntegerConstantExpr(Ctx.AST);
          N && !N->isNegative() && N->getActiveBits() <= 32)
        return N->getZExtValue();
    return std::nullopt;
  }
  if (const auto *List = dyn_cast<InitListExpr>(Init))
    return List->getNumInits();
  return std::nullopt;
}

std::optional<uint64_t> maxSize(const VarDecl *Var,
                                const llvm::SmallPtrSetImpl<const Stmt *> &Sites,
                                const FunctionContext &Ctx) {
  std::optional<uint64_t> Size = initialSize(Var, Ctx);
  const auto *Decl = Ctx.Parents.parent(*Var).get<DeclStmt>();
  const auto *Scope = Decl ? Ctx.Parents.parent(*Decl).get<CompoundStmt>() : nullptr;
  if (!Size || !Scope)
    return std::nullopt;
  // The statements after the declaration, in one run of its block: loops
  // around the block start a fresh container each time.
  Bounder B(Sites, Ctx);
  bool After = false;
  for (const Stmt *S : Scope->body()) {
    if (After) {
      std::optional<uint64_t> Grown = B.of(S);
      if (!Grown)
        return std::nullopt;
      *Size += *Grown;
    }
    After |= S == Decl;
  }
  return Size;
}

} // namespace clang::tidy::heapwise
