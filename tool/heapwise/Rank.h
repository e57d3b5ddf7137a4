//===- Rank.h - order findings by the allocations a profile measured ------===//

#ifndef HEAPWISE_TOOL_RANK_H
#define HEAPWISE_TOOL_RANK_H

#include "HeapProfile.h"
#include "Options.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace heapwise {

using OutputWriter =
    llvm::function_ref<void(llvm::function_ref<void(llvm::raw_ostream &)>)>;

/// What a profile says of one finding.
struct FindingCost {
  /// Everything allocated under the finding's scope lines.
  profile::AllocationCost Scope;
  /// The estimate of the allocations the finding's fix removes.
  uint64_t Removable = 0;
};

/// The cost of each of \p Findings (same order) in \p Profile.
std::vector<FindingCost> estimateCosts(const profile::HeapProfile &Profile,
                                       const std::vector<Finding> &Findings);

/// Reads (or records) the heaptrack profile of O, attributes its
/// allocations to \p Findings and writes them costliest first. Returns the
/// exit code; throws UsageError for a missing tool or an unusable profile.
/// \p Checked: the source files analysed, which a profile of this program
/// must name (or name files below \p Root).
int runRank(const Options &O, std::vector<Finding> Findings, const std::vector<std::string> &Checked,
            bool AnyFailed, const std::string &Root, OutputWriter Write);

} // namespace heapwise

#endif
