//===- CopyOnLastUseCheck.h - heapwise-copy-on-last-use -------------------===//

#ifndef HEAPWISE_CHECKS_COPYONLASTUSECHECK_H
#define HEAPWISE_CHECKS_COPYONLASTUSECHECK_H

#include "FunctionCheck.h"

namespace clang::tidy::heapwise {

/// Finds a local whose copy allocates (a string, a standard container, a
/// class holding one) copied at its last use: passed to a by-value or
/// copying parameter, used to initialise or assign another object, or
/// returned where no implicit move applies. Wraps it in std::move.
///
/// For the user-facing documentation of this check, see
/// checks/docs/heapwise-copy-on-last-use.md.
class CopyOnLastUseCheck : public FunctionCheck {
public:
  CopyOnLastUseCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  void checkFunction(const FunctionDecl *Fn, ASTContext &AST) override;

  const std::string RawAllocatingTypes;
  const std::vector<std::string> AllocatingTypes;
};

} // namespace clang::tidy::heapwise

#endif
