//===- Options.h - the command line of `heapwise` -------------------------===//

#ifndef HEAPWISE_TOOL_OPTIONS_H
#define HEAPWISE_TOOL_OPTIONS_H

#include "Analyzer.h"
#include "Report.h"
#include <optional>
#include <string>
#include <vector>

namespace heapwise {

/// A usage error: exit code 2.
struct UsageError {
  std::string Message;
};

struct Options {
  std::string Command;
  // Selection (check, fix, gate, rank).
  std::optional<std::string> BuildPath; ///< -p
  std::vector<std::string> Files;
  /// Words after `--`: compiler arguments (check/fix/gate), the program and
  /// its arguments (rank, prove).
  std::optional<std::vector<std::string>> AfterDashes;
  CheckSettings Checks;
  std::optional<std::string> Root; ///< --root
  std::vector<std::string> Excludes;
  std::optional<std::string> CacheDir; ///< --cache-dir
  bool NoCache = false;
  unsigned ShardIndex = 0, ShardCount = 1; ///< --shard K/N: K-1, N.
  unsigned Jobs = 0;                       ///< 0: every core.
  // Output.
  Format OutputFormat = Format::Text;
  std::optional<std::string> OutputFile;
  std::optional<std::string> ExportFixes;
  bool Quiet = false;
  bool Stats = false;
  // fix
  bool DryRun = false;
  // gate
  std::optional<std::string> Baseline;
  bool UpdateBaseline = false;
  std::optional<std::string> ChangedSince;
  // rank
  std::optional<std::string> Profile;
  std::optional<unsigned> Top;
  // prove
  std::optional<std::string> Source;           ///< --source
  std::optional<std::string> ConfigureCommand; ///< --configure
  std::optional<std::string> BuildCommand;     ///< --build
  std::optional<std::string> WorkDir;          ///< --work-dir
  bool KeepWorkDir = false;
  // merge
  std::vector<std::string> Inputs;
  bool Help = false;
};

/// Parses `heapwise COMMAND ARGS...` (argv[0] excluded); throws UsageError.
Options parseOptions(const std::vector<std::string> &Args);

/// The manual page of \p Command ("" for the overview).
std::string helpText(llvm::StringRef Command);

} // namespace heapwise

#endif
