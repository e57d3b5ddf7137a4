//===- Report.h - findings as text, JSON, SARIF and clang-tidy fixes ------===//

#ifndef HEAPWISE_TOOL_REPORT_H
#define HEAPWISE_TOOL_REPORT_H

#include "Finding.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <functional>

namespace heapwise {

/// Markdown is only `prove`'s (Options rejects it elsewhere).
enum class Format { Text, Json, Sarif, Markdown };

/// Extra figures a command attaches to a finding (`rank`'s allocations):
/// JSON fields, SARIF result properties, and a note under the text warning.
struct Annotation {
  llvm::json::Object Fields;
  std::string Note;
};
using Annotator = std::function<Annotation(const Finding &)>;

/// Something the run says about itself: a check inactive in some units, a
/// broken configuration.
struct RunNote {
  std::string Level; ///< "note" or "warning".
  std::string Text;
};

struct Report {
  /// Paths are shown relative to it; SARIF's SRCROOT.
  std::string Root;
  /// Sorted with reportOrder (or in the order a command chose), fingerprinted.
  std::vector<Finding> Findings;
  Annotator Annotate;
  /// JSON `notes`; SARIF toolConfigurationNotifications. Text output leaves
  /// them to stderr.
  std::vector<RunNote> Notes = {};
  /// What a command says of the whole run (`rank`'s profile and uncovered
  /// sites): top-level JSON fields, SARIF run properties, and text printed
  /// after the findings.
  llvm::json::Object Summary = {};
  std::string SummaryText = {};
};

/// \p Path relative to \p Root when it lies below it, else unchanged.
std::string relativePath(llvm::StringRef Path, llvm::StringRef Root);

/// Sorts, drops duplicates (a header's finding reported by several
/// translation units) and sets each finding's fingerprint: a hash of the
/// check, the file (relative to \p Root), the enclosing function's qualified
/// name and the flagged statement's tokens, then `:N` for the N-th finding
/// with that hash.
void assignFingerprints(std::vector<Finding> &Findings, llvm::StringRef Root);

/// clang-style warnings with the source line, a caret and the fix's lines.
void writeText(llvm::raw_ostream &OS, const Report &R);
llvm::json::Value jsonReport(const Report &R);
llvm::json::Value sarifReport(const Report &R);
void writeReport(llvm::raw_ostream &OS, const Report &R, Format F);

/// The fixes as clang-tidy's --export-fixes YAML, which
/// clang-apply-replacements-19 applies.
void writeFixesYaml(llvm::raw_ostream &OS, const std::vector<Finding> &Findings);

/// One SARIF log with the results of all \p Logs (heapwise's), rules merged
/// and results seen twice (a header in two shards) kept once.
llvm::Expected<llvm::json::Value> mergeSarif(std::vector<llvm::json::Value> Logs);

} // namespace heapwise

#endif
