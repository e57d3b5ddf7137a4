//===- MissingReserveCheck.cpp - heapwise-missing-reserve -----------------===//

#include "MissingReserveCheck.h"
#include "analysis/FixIts.h"
#include "analysis/LoopAnalysis.h"
#include "analysis/ParentIndex.h"
#include "analysis/ReservePlanner.h"
#include "analysis/UseAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SetVector.h"

using namespace clang::ast_matchers;

namespace clang::tidy::heapwise {

void MissingReserveCheck::analyzeAnchor(const Stmt *Anchor,
                                        const FunctionDecl *Fn,
                                        const FunctionContext &Ctx) {
  const SourceManager &SM = Ctx.AST.getSourceManager();
  // The containers this anchor grows, in order of appearance.
  llvm::SetVector<const ValueDecl *> Grown;
  // The lambda of std::for_each is the body of a loop in disguise.
  const LambdaExpr *ForEach = isLoop(Anchor) ? nullptr : forEachLambda(Anchor);
  auto Visit = [&](const Stmt *S, auto &Self) -> void {
    if (!S)
      return;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      if (Lambda != ForEach)
        return;
      for (const Expr *Init : Lambda->capture_inits())
        Self(Init, Self);
      Self(calledBody(Lambda), Self);
      return;
    }
    if (const auto *E = dyn_cast<Expr>(S))
      if (const ValueDecl *D = namedDecl(E)) {
        ContainerKind K = model().kindOfTarget(D);
        if (K != ContainerKind::None &&
            classifyUse(E, K, Ctx).Kind == UseKind::Growth)
          Grown.insert(D);
      }
    for (const Stmt *Child : S->children())
      Self(Child, Self);
  };
  Visit(Anchor, Visit);

  std::vector<Finding> Findings;

  for (const ValueDecl *D : Grown) {
    // Declared inside the anchor: it starts afresh on each iteration.
    if (isWithin(D->getSourceRange(), Anchor->getSourceRange(), SM))
      continue;
    // The reserve goes before the outermost loop of the container's scope; a
    // reserve inside an outer loop would defeat geometric growth.
    if (outermostLoopInScope(Anchor, D, Ctx))
      continue;
    std::optional<ReservePlan> Plan =
        planReserve(Anchor, D, model().kindOfTarget(D), Fn, Ctx);
    if (!Plan)
      continue;
    Finding F{Plan->WarnAt,
              "'" + Plan->Container +
                  "' grows one element at a time in a loop whose trip count is "
                  "known before it starts; reserve the final size first",
              {},
              Plan->Include};
    if (Plan->Fixable)
      F.Fixes.push_back(insertStatementBefore(Plan->InsertAt, Plan->Reserve + ";",
                                              SM));
    Findings.push_back(std::move(F));
  }
  reportAnchor(Fn, Anchor, std::move(Findings));
}

/// std::copy(first, last, std::back_inserter(v)) and its kin, and
/// std::for_each with a lambda: loops in disguise.
static bool isLoopAlgorithm(const CallExpr *Call) {
  if (forEachLambda(Call))
    return true;
  const FunctionDecl *FD = Call->getDirectCallee();
  return FD && isInStd(FD) && FD->getDeclName().isIdentifier() &&
         llvm::is_contained({"copy", "copy_n", "transform"}, FD->getName());
}

void MissingReserveCheck::checkFunction(const FunctionDecl *Fn, ASTContext &AST) {
  llvm::SmallVector<const Stmt *, 8> Loops;
  llvm::SmallVector<const CallExpr *, 4> Algorithms;
  forEachStatement(Fn->getBody(), [&](const Stmt *S, bool) {
    if (isLoop(S))
      Loops.push_back(S);
    else if (const auto *Call = dyn_cast<CallExpr>(S); Call && isLoopAlgorithm(Call))
      Algorithms.push_back(Call);
  });
  if (Loops.empty() && Algorithms.empty())
    return;
  FunctionContext Ctx(AST, Fn->getBody());
  for (const Stmt *Loop : Loops)
    if (!isInMacro(Loop))
      analyzeAnchor(Loop, Fn, Ctx);
  // Inside a loop, an algorithm is one growth site of that loop's analysis.
  for (const CallExpr *Algorithm : Algorithms)
    if (!isInMacro(Algorithm) && !enclosingLoop(Algorithm, Ctx).Loop)
      if (const Stmt *Statement = statementOf(Algorithm, Ctx))
        analyzeAlgorithm(Statement, Algorithm, Fn, Ctx);
}

void MissingReserveCheck::analyzeAlgorithm(const Stmt *Statement,
                                           const CallExpr *Algorithm,
                                           const FunctionDecl *Fn,
                                           const FunctionContext &Ctx) {
  if (!forEachLambda(Algorithm)) {
    analyzeAnchor(Statement, Fn, Ctx);
    return;
  }
  // The functor for_each returns could run the lambda again.
  const LambdaExpr *Lambda = forEachLambda(Statement);
  const Stmt *Body = Lambda ? calledBody(Lambda) : nullptr;
  if (!Body)
    return;
  if (Body == Lambda->getBody()) {
    analyzeAnchor(Statement, Fn, Ctx);
    return;
  }
  // A generic lambda: what runs is the instance for_each called, whose
  // parents Ctx does not hold.
  analyzeAnchor(Statement, Fn, FunctionContext(Ctx.AST, Fn->getBody(), Lambda, Body));
}

} // namespace clang::tidy::heapwise
