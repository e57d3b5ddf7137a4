//===- FunctionCheck.h - base of checks that analyse whole functions ------===//
//
// heapwise checks look at one function body at a time (loops, the uses of a
// container before and after them). This base matches every function
// definition outside system headers, each template instantiation on its own
// (one matcher serves all heapwise checks of a run: evaluating it at every
// function of the TU is most of a check's cost), and reports a template's
// findings once: at the end of the translation unit,
// and only those that every instantiation of the statement agreed on (a fix
// that is right for std::vector<T> may not compile for std::deque<T>).
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_CHECKS_FUNCTIONCHECK_H
#define HEAPWISE_CHECKS_FUNCTIONCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/MapVector.h"
#include <map>
#include <string>
#include <vector>

namespace clang::tidy::heapwise {

class FunctionCheck : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  ~FunctionCheck() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) final;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) final;
  void onEndOfTranslationUnit() override;

  /// One warning with its fix-its, ready to emit.
  struct Finding {
    SourceLocation Loc;
    std::string Message;
    std::vector<FixItHint> Fixes;
  };

protected:
  /// Analyses one function definition that has a body and is not a
  /// dependent context (template patterns are seen through their
  /// instantiations).
  virtual void checkFunction(const FunctionDecl *Fn, ASTContext &AST) = 0;

  /// Reports what the analysis of \p Anchor (a statement of \p Fn) found;
  /// called once per analysed anchor, also when nothing was found.
  void reportAnchor(const FunctionDecl *Fn, const Stmt *Anchor,
                    std::vector<Finding> Findings);

private:
  void emit(const Finding &F);

  /// The MatchFinder whose shared function matcher feeds this check.
  ast_matchers::MatchFinder *Finder = nullptr;

  struct PendingAnchor {
    unsigned Instantiations = 0;
    /// Finding key -> how many instantiations reported it, and the finding.
    std::map<std::string, std::pair<unsigned, Finding>> Findings;
  };
  llvm::MapVector<SourceLocation, PendingAnchor> Pending;
};

} // namespace clang::tidy::heapwise

#endif
