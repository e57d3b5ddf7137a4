//===- SmallVectorCheck.h - heapwise-small-vector -------------------------===//

#ifndef HEAPWISE_CHECKS_SMALLVECTORCHECK_H
#define HEAPWISE_CHECKS_SMALLVECTORCHECK_H

#include "FunctionCheck.h"
#include "analysis/ParentIndex.h"

namespace clang::tidy::heapwise {

/// Finds local std::vectors whose size is provably bounded by a small N and
/// that never leave the function, and changes their type to
/// heapwise::small_vector<T, N>: no heap allocation at all. A std::string or
/// std::vector of a constant size that never grows becomes a std::array.
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
  /// The std::array finding when \p Var qualifies for one, else the
  /// small_vector finding.
  std::vector<Finding> chooseFinding(const VarDecl *Var, const FunctionDecl *Fn,
                                     const FunctionContext &Ctx);
  std::vector<Finding> analyze(const VarDecl *Var, const FunctionDecl *Fn,
                               const FunctionContext &Ctx);
  /// A std::string or std::vector of a constant size that never grows: a
  /// std::array does without the heap.
  std::optional<Finding> analyzeScratchBuffer(const VarDecl *Var, const FunctionDecl *Fn,
                                              const FunctionContext &Ctx);

  const unsigned MaxInlineElements;
  const unsigned MaxInlineBytes;
};

} // namespace clang::tidy::heapwise

#endif
