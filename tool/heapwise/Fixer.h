//===- Fixer.h - apply fix-its that are verified to compile ---------------===//
//
// `heapwise fix` works on an in-memory copy of the sources laid over the
// disk: it analyses, picks the fixes that do not overlap, compiles every
// changed translation unit with its own compile command, keeps only what
// compiles, and repeats (one check's fix can make another's finding) until
// nothing is left to fix. Only then are files written, each whole and
// atomically; with --dry-run they are shown as a diff instead.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_TOOL_FIXER_H
#define HEAPWISE_TOOL_FIXER_H

#include "Runner.h"
#include <map>
#include <set>

namespace heapwise {

struct FixResult {
  /// Path -> new contents, for every file the verified fixes change.
  std::map<std::string, std::string> Changed;
  std::vector<Finding> Applied;
  /// Fixes not applied, each with why (does not compile, read-only file, ...).
  std::vector<std::pair<Finding, std::string>> NotApplied;
  /// Findings with no fix-it, as the last pass saw them.
  std::vector<Finding> WithoutFix;
  /// Files that could not be analysed (their errors).
  std::vector<FileResult> Failed;
  /// The units compiled to verify the applied fixes.
  std::set<std::string> VerifiedUnits;
  /// Of Applied, those found after the first pass (on code the first fixes
  /// changed).
  size_t AppliedAfterFirstPass = 0;
  /// Every unit's last analysis, for the run's notes.
  std::vector<FileResult> Analysed;
};

FixResult computeFixes(const clang::tooling::CompilationDatabase &DB,
                       const std::vector<std::string> &Files,
                       const CheckSettings &Settings, const RunOptions &Options,
                       llvm::StringRef Root);

/// Writes every changed file atomically (a temporary file beside it, renamed
/// over it), all or none; returns the errors.
std::vector<std::string> writeFiles(const std::map<std::string, std::string> &Changed);

/// A unified diff of the changes (paths relative to \p Root).
std::string unifiedDiff(const std::map<std::string, std::string> &Changed,
                        llvm::StringRef Root);

} // namespace heapwise

#endif
