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
// Instantiations are compared on their findings and edits, not on the
// #include a fix needs: the base adds that when it emits the finding.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_CHECKS_FUNCTIONCHECK_H
#define HEAPWISE_CHECKS_FUNCTIONCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "llvm/ADT/MapVector.h"
#include <map>
#include <string>
#include <vector>

namespace clang::tidy::heapwise {

class FunctionCheck : public ClangTidyCheck {
public:
  FunctionCheck(StringRef Name, ClangTidyContext *Context);
  ~FunctionCheck() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) final;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) final;
  void onEndOfTranslationUnit() final;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  /// Stores `IncludeStyle`; a check with options of its own calls this too.
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

  /// One warning with its fix-its, ready to emit.
  struct Finding {
    SourceLocation Loc;
    std::string Message;
    std::vector<FixItHint> Fixes;
    /// A header the fixes need (`<algorithm>`, `"heapwise/reserve.h"`),
    /// included in the finding's file when it is emitted; empty for none.
    std::string Include = {};
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
  /// Says that the instantiation \p Fn has no say at \p Anchor: the other
  /// instantiations' findings there stand without it (a std::move that gains
  /// nothing for an int, but compiles and keeps behaviour).
  void reportIndifferent(const FunctionDecl *Fn, const Stmt *Anchor);

private:
  void emit(const Finding &F, const SourceManager &SM);
  /// Emits the template findings that every instantiation agreed on.
  void flushPending(const SourceManager &SM);

  /// The MatchFinder whose shared function matcher feeds this check.
  ast_matchers::MatchFinder *Finder = nullptr;

  struct PendingAnchor {
    unsigned Instantiations = 0;
    /// Finding key -> how many instantiations reported it, and the finding.
    std::map<std::string, std::pair<unsigned, Finding>> Findings;
  };
  llvm::MapVector<SourceLocation, PendingAnchor> Pending;
  utils::IncludeInserter Inserter;
  const SourceManager *Sources = nullptr;
};

} // namespace clang::tidy::heapwise

#endif
