//===- StringConcatInLoopCheck.h - heapwise-string-concat-in-loop ---------===//

#ifndef HEAPWISE_CHECKS_STRINGCONCATINLOOPCHECK_H
#define HEAPWISE_CHECKS_STRINGCONCATINLOOPCHECK_H

#include "FunctionCheck.h"
#include "analysis/ContainerModel.h"
#include "analysis/ParentIndex.h"

namespace clang::tidy::heapwise {

/// Finds `s = s + a + b` (and `s = a + s`) on a std::basic_string inside a
/// loop: each run copies the whole string, so building it is quadratic.
/// Rewrites the append form as `s += a; s += b` where that gives the same
/// string.
///
/// For the user-facing documentation of this check, see
/// checks/docs/heapwise-string-concat-in-loop.md.
class StringConcatInLoopCheck : public FunctionCheck {
public:
  StringConcatInLoopCheck(StringRef Name, ClangTidyContext *Context)
      : FunctionCheck(Name, Context), Model({}, /*DetectByShape=*/false) {}

private:
  void checkFunction(const FunctionDecl *Fn, ASTContext &AST) override;
  std::vector<Finding> analyzeAssignment(const Expr *Assign,
                                         const FunctionContext &Ctx);

  const ContainerModel Model;
};

} // namespace clang::tidy::heapwise

#endif
