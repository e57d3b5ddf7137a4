//===- FixIts.h - edits that add or remove whole statements ---------------===//

#ifndef HEAPWISE_CHECKS_ANALYSIS_FIXITS_H
#define HEAPWISE_CHECKS_ANALYSIS_FIXITS_H

#include "clang/AST/Stmt.h"
#include "clang/Basic/Diagnostic.h"
#include <optional>
#include <string>

namespace clang::tidy::heapwise {

/// A fix-it that puts \p Statement (with its ';') on a line of its own right
/// before the statement starting at \p Loc, with that statement's indentation
/// (or a space when \p Loc does not start its line).
FixItHint insertStatementBefore(SourceLocation Loc, const std::string &Statement,
                                const SourceManager &SM);

/// A fix-it that deletes the expression or declaration statement \p S with
/// its ';' (and its line, when nothing else is on it); nullopt when S is in a
/// macro or no ';' follows it.
std::optional<FixItHint> removeStatement(const Stmt *S, const SourceManager &SM,
                                         const LangOptions &LangOpts);

/// A fix-it that puts \p Statement (with its ';') on a line of its own right
/// after the statement \p S (after its ';', if it ends with one), with S's
/// indentation; nullopt when S is in a macro.
std::optional<FixItHint> insertStatementAfter(const Stmt *S,
                                              const std::string &Statement,
                                              const SourceManager &SM,
                                              const LangOptions &LangOpts);

} // namespace clang::tidy::heapwise

#endif
