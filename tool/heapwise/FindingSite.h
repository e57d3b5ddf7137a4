//===- FindingSite.h - the code around a finding --------------------------===//
//
// A check reports a location; the gate and the ranking need the code around
// it: the enclosing function, the flagged statement's tokens and the lines
// where the flagged code allocates. They are found by descending from the
// translation unit along the declarations and statements whose range holds
// the location, so no parent map of the whole TU is built.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_TOOL_FINDINGSITE_H
#define HEAPWISE_TOOL_FINDINGSITE_H

#include "clang/AST/ASTContext.h"
#include <string>

namespace heapwise {

struct FindingSite {
  std::string Function;
  std::string StatementTokens;
  unsigned Line = 0, Column = 0;
  unsigned ScopeFirstLine = 0, ScopeLastLine = 0;
};

FindingSite locateFinding(clang::ASTContext &Context, clang::SourceLocation Loc);

/// The tokens of Text, one space apart, without comments.
std::string normalisedTokens(llvm::StringRef Text,
                             const clang::LangOptions &LangOpts);

} // namespace heapwise

#endif
