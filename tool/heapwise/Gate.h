//===- Gate.h - baselines and changed lines for the CI gate ---------------===//

#ifndef HEAPWISE_TOOL_GATE_H
#define HEAPWISE_TOOL_GATE_H

#include "Finding.h"
#include "llvm/Support/Error.h"
#include <map>
#include <set>

namespace heapwise {

/// The fingerprints of a baseline file written by writeBaseline.
llvm::Expected<std::set<std::string>> readBaseline(llvm::StringRef Path);

/// The baseline of \p Findings (fingerprinted) as JSON text: the
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
