//===- ContainerInLoopCheck.h - heapwise-container-in-loop ----------------===//

#ifndef HEAPWISE_CHECKS_CONTAINERINLOOPCHECK_H
#define HEAPWISE_CHECKS_CONTAINERINLOOPCHECK_H

#include "ContainerCheck.h"
#include "analysis/ParentIndex.h"

namespace clang::tidy::heapwise {

/// Finds a vector or string default-constructed inside a loop body and grown
/// there: every iteration allocates afresh. Hoists the declaration before
/// the loop and clears it where it was declared, which keeps its capacity.
///
/// For the user-facing documentation of this check, see
/// checks/docs/heapwise-container-in-loop.md.
class ContainerInLoopCheck : public ContainerCheck {
public:
  using ContainerCheck::ContainerCheck;

private:
  void checkFunction(const FunctionDecl *Fn, ASTContext &AST) override;
  std::vector<Finding> analyze(const DeclStmt *Decl, const VarDecl *Var,
                               const FunctionDecl *Fn, const FunctionContext &Ctx);
};

} // namespace clang::tidy::heapwise

#endif
