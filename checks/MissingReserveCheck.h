//===- MissingReserveCheck.h - heapwise-missing-reserve -------------------===//

#ifndef HEAPWISE_CHECKS_MISSINGRESERVECHECK_H
#define HEAPWISE_CHECKS_MISSINGRESERVECHECK_H

#include "analysis/ContainerModel.h"
#include "analysis/ParentIndex.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include <map>
#include <optional>

namespace clang::tidy::heapwise {

/// Finds containers that grow one element at a time in a loop whose trip
/// count is known before the loop, and inserts a reserve() before it.
///
/// For the user-facing documentation of this check, see
/// checks/docs/heapwise-missing-reserve.md.
class MissingReserveCheck : public ClangTidyCheck {
public:
  MissingReserveCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  struct Finding {
    SourceLocation WarnAt;
    std::string Container;
    std::string Reserve; ///< The statement to insert, without ';'.
    SourceLocation InsertAt;
    std::string Indent;  ///< Empty when no fix-it can be offered.
    bool Fixable = false;
  };

private:
  void analyzeAnchor(const Stmt *Anchor, const FunctionDecl *Fn,
                     const FunctionContext &Ctx);
  void defer(const Finding &F, const Stmt *Anchor);
  void emit(const Finding &F);

  const std::string RawVectorLikeClasses;
  const bool DetectVectorLikeByShape;
  const ContainerModel Model;

  /// Findings inside template instantiations wait for the end of the TU: a
  /// finding is reported once, and only when every instantiation of its loop
  /// agrees (a std::deque instantiation has no reserve()).
  struct PendingLoop {
    unsigned Instantiations = 0;
    std::map<std::string, std::pair<unsigned, Finding>> Findings;
  };
  llvm::MapVector<SourceLocation, PendingLoop> Pending;
};

} // namespace clang::tidy::heapwise

#endif
