//===- SmallVectorCheck.h - heapwise-small-vector -------------------------===//

#ifndef HEAPWISE_CHECKS_SMALLVECTORCHECK_H
#define HEAPWISE_CHECKS_SMALLVECTORCHECK_H

#include "FunctionCheck.h"
#include "analysis/ParentIndex.h"

namespace clang::tidy::heapwise {

/// Finds local std::vectors whose size is provably bounded by a small N and
/// that never leave the function, and changes their type to
/// heapwise::small_vector<T, N>: no heap allocation at all.
///
/// For the user-facing documentation of this check, see
/// checks/docs/heapwise-small-vector.md.
class SmallVectorCheck : public FunctionCheck {
public:
  SmallVectorCheck(StringRef Name, ClangTidyContext *Context);
  /// heapwise/small_vector.h, which the fix includes, needs C++17.
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus17;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  void checkFunction(const FunctionDecl *Fn, ASTContext &AST) override;
  std::vector<Finding> analyze(const VarDecl *Var, const FunctionDecl *Fn,
                               const FunctionContext &Ctx);

  const unsigned MaxInlineElements;
  const unsigned MaxInlineBytes;
};

} // namespace clang::tidy::heapwise

#endif
