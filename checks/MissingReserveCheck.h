//===- MissingReserveCheck.h - heapwise-missing-reserve -------------------===//

#ifndef HEAPWISE_CHECKS_MISSINGRESERVECHECK_H
#define HEAPWISE_CHECKS_MISSINGRESERVECHECK_H

#include "analysis/ParentIndex.h"
#include "ContainerCheck.h"

namespace clang::tidy::heapwise {

/// Finds containers that grow one element at a time in a loop whose trip
/// count is known before the loop, and inserts a reserve() before it.
///
/// For the user-facing documentation of this check, see
/// checks/docs/heapwise-missing-reserve.md.
class MissingReserveCheck : public ContainerCheck {
public:
  using ContainerCheck::ContainerCheck;

private:
  void checkFunction(const FunctionDecl *Fn, ASTContext &AST) override;
  void analyzeAnchor(const Stmt *Anchor, const FunctionDecl *Fn,
                     const FunctionContext &Ctx);
  /// An algorithm call outside loops: its statement \p Statement is the
  /// anchor.
  void analyzeAlgorithm(const Stmt *Statement, const CallExpr *Algorithm,
                        const FunctionDecl *Fn, const FunctionContext &Ctx);
};

} // namespace clang::tidy::heapwise

#endif
