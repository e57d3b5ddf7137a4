//===- ReserveInLoopCheck.h - heapwise-reserve-in-loop --------------------===//

#ifndef HEAPWISE_CHECKS_RESERVEINLOOPCHECK_H
#define HEAPWISE_CHECKS_RESERVEINLOOPCHECK_H

#include "ContainerCheck.h"
#include "analysis/ParentIndex.h"

namespace clang::tidy::heapwise {

/// Finds `v.reserve(v.size() + k)` (any reserve whose argument grows with
/// the loop) inside a loop that grows v: each call reallocates to the exact
/// size, turning n pushes into n reallocations. Removes it, and reserves the
/// total once before the loop where that is computable.
///
/// For the user-facing documentation of this check, see
/// checks/docs/heapwise-reserve-in-loop.md.
class ReserveInLoopCheck : public ContainerCheck {
public:
  using ContainerCheck::ContainerCheck;

private:
  void checkFunction(const FunctionDecl *Fn, ASTContext &AST) override;
  std::vector<Finding> analyze(const CXXMemberCallExpr *Reserve,
                               const FunctionDecl *Fn, const FunctionContext &Ctx);
};

} // namespace clang::tidy::heapwise

#endif
