//===- SmallHeapObjectCheck.h - heapwise-small-heap-object ----------------===//

#ifndef HEAPWISE_CHECKS_SMALLHEAPOBJECTCHECK_H
#define HEAPWISE_CHECKS_SMALLHEAPOBJECTCHECK_H

#include "FunctionCheck.h"
#include "analysis/ParentIndex.h"

namespace clang::tidy::heapwise {

/// Finds small objects allocated with std::make_unique, std::make_shared or
/// `new` and owned by a local smart pointer that never leaves the function:
/// they can live on the stack. Rewrites the declaration and its uses when
/// every use is `p->member`, `*p` or `p.get()` passed as a `T*`.
///
/// For the user-facing documentation of this check, see
/// checks/docs/heapwise-small-heap-object.md.
class SmallHeapObjectCheck : public FunctionCheck {
public:
  SmallHeapObjectCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  void checkFunction(const FunctionDecl *Fn, ASTContext &AST) override;
  std::vector<Finding> analyze(const VarDecl *Owner, const FunctionDecl *Fn,
                               const FunctionContext &Ctx);

  const unsigned MaxObjectBytes;
};

} // namespace clang::tidy::heapwise

#endif
