//===- FrontInsertInLoopCheck.h - heapwise-front-insert-in-loop -----------===//

#ifndef HEAPWISE_CHECKS_FRONTINSERTINLOOPCHECK_H
#define HEAPWISE_CHECKS_FRONTINSERTINLOOPCHECK_H

#include "FunctionCheck.h"
#include "analysis/ContainerModel.h"
#include "analysis/ParentIndex.h"

namespace clang::tidy::heapwise {

/// Finds `v.insert(v.begin(), x)` and `v.emplace(v.begin(), ...)` on a
/// std::vector or std::basic_string inside a loop: every call moves all the
/// elements. Where the loop only ever inserts at the front of an empty local,
/// rewrites it as push_back/emplace_back and one std::reverse after the loop.
///
/// For the user-facing documentation of this check, see
/// checks/docs/heapwise-front-insert-in-loop.md.
class FrontInsertInLoopCheck : public FunctionCheck {
public:
  FrontInsertInLoopCheck(StringRef Name, ClangTidyContext *Context);

private:
  void checkFunction(const FunctionDecl *Fn, ASTContext &AST) override;
  Finding analyzeContainer(const ValueDecl *V, const Stmt *Loop,
                           llvm::ArrayRef<const CXXMemberCallExpr *> Sites,
                           const FunctionDecl *Fn, const FunctionContext &Ctx);

  const ContainerModel Model;
};

} // namespace clang::tidy::heapwise

#endif
