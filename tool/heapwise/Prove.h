//===- Prove.h - measure what the fixes change in a program's run ---------===//
//
// `heapwise prove` copies a source tree twice, builds both copies, fixes the
// second with heapwise's own fix and builds it again, then runs a program of
// each copy under heaptrack and once more for time, and reports allocations,
// peak heap and wall time before and after, and whether the program printed
// the same and exited the same way.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_TOOL_PROVE_H
#define HEAPWISE_TOOL_PROVE_H

#include "Finding.h"
#include "Options.h"
#include "Rank.h"

namespace heapwise {

/// What `heapwise fix` did to one copy.
struct CopyFixes {
  /// The findings of the copy's compile database, before any fix.
  std::vector<Finding> Findings;
  /// The fixes written to the copy.
  std::vector<Finding> Applied;
};

/// Runs heapwise's fix on the copy at \p Root with the compilation database
/// in \p BuildDir, writing the fixed files; throws UsageError.
using CopyFixer =
    llvm::function_ref<CopyFixes(const std::string &BuildDir, const std::string &Root)>;

/// `heapwise prove`: returns the exit code (0: same output, 1: the output
/// differs); throws UsageError for bad options, a failed configure or build
/// command, a missing program or heaptrack.
int runProve(const Options &O, CopyFixer Fix, OutputWriter Write);

} // namespace heapwise

#endif
