//===- Rank.h - order findings by the allocations a profile measured ------===//

#ifndef HEAPWISE_TOOL_RANK_H
#define HEAPWISE_TOOL_RANK_H

#include "Options.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace heapwise {

using OutputWriter =
    llvm::function_ref<void(llvm::function_ref<void(llvm::raw_ostream &)>)>;

/// Reads (or records) the heaptrack profile of O, attributes its
/// allocations to \p Findings and writes them costliest first. Returns the
/// exit code; throws UsageError for a missing tool or an unusable profile.
int runRank(const Options &O, std::vector<Finding> Findings, bool AnyFailed,
            const std::string &Root, OutputWriter Write);

} // namespace heapwise

#endif
