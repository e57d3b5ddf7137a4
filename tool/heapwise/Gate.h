//===- Gate.h - baselines and changed lines for the CI gate ---------------===//

#ifndef HEAPWISE_TOOL_GATE_H
#define HEAPWISE_TOOL_GATE_H

#include "Finding.h"
#include "llvm/Support/Error.h"
#include <map>
#include <set>

namespace heapwise {

/// The accepted findings of a baseline file (see baselineText).
struct Baseline {
  /// 2: paths relative to the project root. 1 (before --root existed):
  /// relative to the git work tree, or the folder, heapwise ran in.
  int64_t Version = 2;
  std::set<std::string> Fingerprints;
  std::vector<std::string> Files; ///< Each entry's file, as written.
};

llvm::Expected<Baseline> readBaseline(llvm::StringRef Path);

/// Which of \p Findings (fingerprinted relative to the project root) the
/// baseline accepts. The fingerprints of a version 1 baseline hash paths
/// relative to the folder it was made in, which its entries' paths reveal.
std::vector<bool> acceptedBy(const Baseline &B, const std::vector<Finding> &Findings);

/// The baseline of \p Findings (fingerprinted) as JSON text, version 2: the
/// fingerprints, with where and what each was when it was accepted.
std::string baselineText(const std::vector<Finding> &Findings, llvm::StringRef Root);

/// Lines changed since a git revision: absolute path -> [first, last] line
/// ranges of the working tree's version. Untracked files count as changed
/// whole.
using ChangedLines = std::map<std::string, std::vector<std::pair<unsigned, unsigned>>>;
llvm::Expected<ChangedLines> changedSince(llvm::StringRef Revision, llvm::StringRef Root);

bool isChanged(const ChangedLines &Changed, const Finding &F);

/// The top folder of the git work tree holding \p Dir; empty outside one.
std::string gitTopLevel(llvm::StringRef Dir);

} // namespace heapwise

#endif
