//===- Finding.h - what a heapwise run reports ----------------------------===//
//
// A finding is one check warning with what the command needs beyond
// clang-tidy's diagnostic: where its allocations happen (for `rank`) and what
// identifies it across edits (for `gate`). Findings cross a process boundary
// (each translation unit is analysed in a child process), so they convert to
// and from JSON.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_TOOL_FINDING_H
#define HEAPWISE_TOOL_FINDING_H

#include "llvm/Support/JSON.h"
#include <string>
#include <vector>

namespace heapwise {

/// Replace Length bytes at Offset of File (absolute path) by Text.
struct Edit {
  std::string File;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Text;
  bool operator==(const Edit &) const = default;
};

struct Finding {
  std::string Check;
  std::string Message;
  std::string File; ///< Absolute path.
  unsigned Offset = 0, Line = 0, Column = 0;
  /// Qualified name of the enclosing function; empty outside functions.
  std::string Function;
  /// The flagged statement's tokens (a loop's or if's head only), one space
  /// apart: what stays when the code is reformatted.
  std::string StatementTokens;
  /// Lines where the flagged code allocates: a declaration's scope, else the
  /// innermost loop around the finding, else its statement.
  unsigned ScopeFirstLine = 0, ScopeLastLine = 0;
  /// The fix-it, applied whole or not at all; empty when there is none.
  std::vector<Edit> Fix;
  /// Stable identity, set once every translation unit is in.
  std::string Fingerprint;
};

/// A .clang-tidy file that could not be read whole, and what of it was ignored.
struct ConfigProblem {
  std::string File; ///< Absolute path.
  std::string Ignored;
};

/// A class that a check's VectorLikeClasses option names, as one
/// translation unit saw it.
struct ListedClass {
  std::string Name;
  /// Empty when the unit declares it with reserve() and push_back; else what
  /// is wrong ("is not declared", "has no reserve(n)").
  std::string Problem;
};

/// What analysing one translation unit produced.
struct FileResult {
  std::string File;
  std::vector<Finding> Findings;
  /// Compiler errors, rendered `file:line:col: error: message`.
  std::vector<std::string> Errors;
  bool Failed = false; ///< The file could not be parsed or compiled.
  /// The language the unit is compiled as ("C++14", "C"), and the enabled
  /// checks that do not run on it (ClangTidyCheck::isLanguageVersionSupported).
  std::string Language;
  std::vector<std::string> InactiveChecks;
  std::vector<ConfigProblem> ConfigProblems;
  std::vector<ListedClass> VectorLikeClasses;
  bool Cached = false; ///< Read from the result cache.
  double Seconds = 0;
  long MaxRssKiB = 0; ///< Peak resident memory of the analysing process.
};

llvm::json::Value toJSON(const Edit &E);
llvm::json::Value toJSON(const Finding &F);
llvm::json::Value toJSON(const ConfigProblem &C);
llvm::json::Value toJSON(const ListedClass &C);
llvm::json::Value toJSON(const FileResult &R);
bool fromJSON(const llvm::json::Value &V, Edit &E, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Finding &F, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, ConfigProblem &C, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, ListedClass &C, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, FileResult &R, llvm::json::Path P);

/// Orders findings by file, then position, then check: the order of every
/// report.
bool reportOrder(const Finding &A, const Finding &B);

} // namespace heapwise

#endif
