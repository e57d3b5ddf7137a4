//===- ReserveInLoopCheck.cpp - heapwise-reserve-in-loop ------------------===//

#include "ReserveInLoopCheck.h"
#include "analysis/FixIts.h"
#include "analysis/LoopAnalysis.h"
#include "analysis/ReservePlanner.h"
#include "analysis/UseAnalysis.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::heapwise {

void ReserveInLoopCheck::checkFunction(const FunctionDecl *Fn, ASTContext &AST) {
  llvm::SmallVector<const CXXMemberCallExpr *, 4> Reserves;
  forEachStatement(Fn->getBody(), [&](const Stmt *S, bool) {
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
      if (const CXXMethodDecl *MD = Call->getMethodDecl();
          MD && MD->getDeclName().isIdentifier() && MD->getName() == "reserve" &&
          Call->getNumArgs() == 1)
        Reserves.push_back(Call);
  });
  if (Reserves.empty())
    return;
  FunctionContext Ctx(AST, Fn->getBody());
  for (const CXXMemberCallExpr *Reserve : Reserves)
    if (!isInMacro(Reserve))
      reportAnchor(Fn, Reserve, analyze(Reserve, Fn, Ctx));
}

/// The outermost loop around \p S in which \p D lives on from one iteration
/// to the next (declared outside it), or null.
static const Stmt *outermostLoopKeeping(const Stmt *S, const ValueDecl *D,
                                        const FunctionContext &Ctx) {
  const Stmt *Found = nullptr;
  for (EnclosingLoop Outer = enclosingLoop(S, Ctx); Outer.Loop;
       Outer = enclosingLoop(Outer.Loop, Ctx))
    if (!isWithin(D->getSourceRange(), Outer.Loop->getSourceRange(),
                  Ctx.AST.getSourceManager()) &&
        !runsAtMostOnce(Outer.Loop, Ctx))
      Found = Outer.Loop;
  return Found;
}

/// True when \p Arg changes from one iteration of \p Loop to the next in a
/// way that follows the container: it reads the container's own size, or a
/// variable the loop declares or changes (its counter, a running total).
static bool growsWithLoop(const Expr *Arg, const ValueDecl *Container,
                          const Stmt *Loop, const FunctionContext &Ctx) {
  bool Grows = false;
  auto Visit = [&](const Stmt *S, auto &Self) -> void {
    if (!S || Grows)
      return;
    if (const auto *E = dyn_cast<Expr>(S))
      if (const ValueDecl *D = namedDecl(E)) {
        if (D == Container) {
          Grows = true;
          return;
        }
        const SourceManager &SM = Ctx.AST.getSourceManager();
        if (isWithin(D->getSourceRange(), Loop->getSourceRange(), SM)) {
          Grows = true;
          return;
        }
        forEachReference(Loop, D, [&](const Expr *Ref, bool) {
          UseKind K = classifyUse(Ref, ContainerKind::None, Ctx).Kind;
          if (K != UseKind::Read && K != UseKind::ElementAccess)
            Grows = true;
        });
        return;
      }
    for (const Stmt *Child : S->children())
      Self(Child, Self);
  };
  Visit(Arg, Visit);
  return Grows;
}

/// True when \p S calls a method named \p Method on \p Container, also through the initialisers of the
/// local variables it names (`needed = v.size() + k`), to \p Depth levels.
static bool callsMethod(const Stmt *S, StringRef Method, const ValueDecl *Container,
                        unsigned Depth = 3) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *MD = Call->getMethodDecl();
        MD && MD->getDeclName().isIdentifier() && MD->getName() == Method &&
        namedDecl(Call->getImplicitObjectArgument()->IgnoreParenImpCasts()) == Container)
      return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->isLocalVarDecl() && Depth > 0)
      return callsMethod(Var->getInit(), Method, Container, Depth - 1);
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return callsMethod(Child, Method, Container, Depth);
  });
}

/// True when the reserve \p Arg asks for keeps \p Container's growth
/// geometric: a multiple of an amount that reads the container's size or
/// capacity (`2 * needed` with `needed = v.size() + k`, `(v.size() + 1) << 1`),
/// such an amount plus a fraction of one (`v.capacity() + v.capacity() / 2`),
/// a sum or `std::max` with such a term.
static bool growsGeometrically(const Expr *Arg, const ValueDecl *Container,
                               const ASTContext &AST) {
  Arg = Arg->IgnoreParenCasts();
  auto ConstantAtLeast = [&](const Expr *E, int64_t Least) {
    std::optional<llvm::APSInt> Value = E->getIntegerConstantExpr(AST);
    return Value && Value->getExtValue() >= Least;
  };
  auto IsAmount = [&](const Expr *E) {
    return callsMethod(E, "size", Container) || callsMethod(E, "capacity", Container);
  };
  auto IsFraction = [&](const Expr *E) {
    const auto *BO = dyn_cast<BinaryOperator>(E->IgnoreParenCasts());
    return BO && (BO->getOpcode() == BO_Div || BO->getOpcode() == BO_Shr) &&
           ConstantAtLeast(BO->getRHS(), 1) && IsAmount(BO->getLHS());
  };
  auto Geometric = [&](const Expr *E) { return growsGeometrically(E, Container, AST); };
  if (const auto *BO = dyn_cast<BinaryOperator>(Arg)) {
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    switch (BO->getOpcode()) {
    case BO_Mul:
      return (ConstantAtLeast(L, 2) && IsAmount(R)) || (ConstantAtLeast(R, 2) && IsAmount(L));
    case BO_Shl:
      return ConstantAtLeast(R, 1) && IsAmount(L);
    case BO_Add:
      return Geometric(L) || Geometric(R) || (IsAmount(L) && IsFraction(R)) ||
             (IsAmount(R) && IsFraction(L));
    default:
      return false;
    }
  }
  if (const auto *Call = dyn_cast<CallExpr>(Arg))
    if (const FunctionDecl *FD = Call->getDirectCallee();
        FD && isInStd(FD) && FD->getDeclName().isIdentifier() && FD->getName() == "max")
      return llvm::any_of(Call->arguments(), Geometric);
  return false;
}

std::vector<FunctionCheck::Finding>
ReserveInLoopCheck::analyze(const CXXMemberCallExpr *Reserve,
                            const FunctionDecl *Fn, const FunctionContext &Ctx) {
  const ValueDecl *Container = namedDecl(Reserve->getImplicitObjectArgument()->IgnoreParenImpCasts());
  if (!Container)
    return {};
  ContainerKind Kind = model().kindOf(Container->getType());
  const Stmt *Loop = Container && Kind != ContainerKind::None
                         ? outermostLoopKeeping(Reserve, Container, Ctx)
                         : nullptr;
  if (!Loop || !growsWithLoop(Reserve->getArg(0), Container, Loop, Ctx) ||
      growsGeometrically(Reserve->getArg(0), Container, Ctx.AST))
    return {};

  // The loop must grow the container and nothing may shrink or replace it
  // (after `v.clear()`, reserving per iteration is a different pattern).
  bool Grows = false, Shrinks = false, HoldsIntoIt = false;
  forEachReference(Loop, Container, [&](const Expr *Ref, bool InClosure) {
    UseKind K = classifyUse(Ref, Kind, Ctx).Kind;
    Grows |= K == UseKind::Growth || K == UseKind::Append;
    Shrinks |= K == UseKind::Mutation || K == UseKind::MovedFrom ||
               (K == UseKind::Escape && !InClosure);
    // Pointers, references and iterators into it may rely on the reserve.
    HoldsIntoIt |= K == UseKind::ElementAccess || K == UseKind::CapacityQuery ||
                   K == UseKind::Escape || InClosure;
  });
  if (!Grows || Shrinks)
    return {};

  const SourceManager &SM = Ctx.AST.getSourceManager();
  std::string Name = sourceText(Reserve->getImplicitObjectArgument(), Ctx);
  Finding F{Reserve->getBeginLoc(),
            "'" + Name + ".reserve(...)' inside a loop that grows '" + Name +
                "' reallocates to the exact size on each iteration and defeats "
                "geometric growth; reserve once before the loop, or not at all",
            {}};
  const Stmt *Statement = statementOf(Reserve, Ctx);
  std::optional<FixItHint> Removal =
      Statement && Statement == Reserve && !HoldsIntoIt
          ? removeStatement(Statement, SM, Ctx.AST.getLangOpts())
          : std::nullopt;
  if (Removal) {
    F.Fixes.push_back(*Removal);
    if (!outermostLoopInScope(Loop, Container, Ctx))
      if (std::optional<ReservePlan> Plan =
              planReserve(Loop, Container, Kind, Fn, Ctx, Reserve);
          Plan && Plan->Fixable) {
        F.Fixes.push_back(insertStatementBefore(Plan->InsertAt, Plan->Reserve + ";", SM));
        F.Include = Plan->Include;
      }
  }
  return {F};
}

} // namespace clang::tidy::heapwise
