//===- Rank.cpp -----------------------------------------------------------===//

#include "Rank.h"
#include "HeapProfile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <climits>
#include <map>
#include <set>

namespace heapwise {

namespace {

/// The profile of O: read from --profile, or recorded by running the program
/// after `--` under heaptrack.
profile::HeapProfile loadProfile(const Options &O) {
  std::string Path;
  if (O.Profile) {
    Path = *O.Profile;
  } else {
    llvm::SmallString<128> Dir;
    if (auto EC = llvm::sys::fs::createUniqueDirectory("heapwise-rank", Dir))
      throw UsageError{"cannot create a temporary folder: " + EC.message()};
    llvm::SmallString<128> Prefix(Dir);
    llvm::sys::path::append(Prefix, "profile");
    auto Recorded = profile::record(*O.AfterDashes, std::string(Prefix));
    if (!Recorded)
      throw UsageError{Recorded.error().message};
    if (int Status = Recorded.value().exitStatus)
      llvm::errs() << "heapwise rank: warning: the program exited with status " << Status
                   << "; ranking what it did until then\n";
    Path = Recorded.value().profilePath;
    if (!O.Quiet)
      llvm::errs() << "heapwise rank: profile written to " << Path << "\n";
  }
  auto Loaded = profile::HeapProfile::load(Path);
  if (!Loaded)
    throw UsageError{Loaded.error().message};
  return std::move(Loaded).value();
}

std::string bytes(uint64_t N) {
  if (N < 1024)
    return std::to_string(N) + " B";
  return llvm::formatv("{0:F1} {1}", N < (1 << 20) ? N / 1024.0 : N / 1048576.0,
                       N < (1 << 20) ? "KiB" : "MiB");
}

} // namespace

std::vector<FindingCost> estimateCosts(const profile::HeapProfile &Profile,
                                       const std::vector<Finding> &Findings) {
  std::vector<FindingCost> Costs;
  for (const Finding &F : Findings) {
    FindingCost C;
    C.Scope = Profile.costInside(F.File, F.ScopeFirstLine, F.ScopeLastLine);
    C.Removable = C.Scope.allocations;
    Costs.push_back(C);
  }
  return Costs;
}

int runRank(const Options &O, std::vector<Finding> Findings, bool AnyFailed,
            const std::string &Root, OutputWriter Write) {
  profile::HeapProfile Profile = loadProfile(O);

  std::map<std::string, profile::AllocationCost> Costs;
  auto key = [](const Finding &F) { return F.Fingerprint; };
  for (const Finding &F : Findings)
    Costs[key(F)] = Profile.costInside(F.File, F.ScopeFirstLine, F.ScopeLastLine);

  // A profile none of whose allocations pass through the checked files is
  // of another program: ranking by it would only mark everything unexercised.
  std::set<std::string> Checked;
  for (const Finding &F : Findings)
    Checked.insert(F.File);
  bool Related = Findings.empty() || llvm::any_of(Checked, [&](const std::string &File) {
                   return Profile.costInside(File, 1, UINT_MAX).allocations > 0;
                 });
  if (!Related)
    throw UsageError{"the profile (of `" + Profile.debuggeeCommand() +
                     "`) has no allocation in the checked files: it is from "
                     "another program, or one built from other sources"};

  std::stable_sort(Findings.begin(), Findings.end(), [&](const Finding &A, const Finding &B) {
    const profile::AllocationCost &CA = Costs[key(A)], &CB = Costs[key(B)];
    return std::tie(CA.allocations, CA.peak_bytes) > std::tie(CB.allocations, CB.peak_bytes);
  });
  if (O.Top && Findings.size() > *O.Top)
    Findings.resize(*O.Top);

  Report R{Root, Findings, [&](const Finding &F) {
             const profile::AllocationCost &C = Costs[key(F)];
             Annotation A;
             A.Fields["allocations"] = C.allocations;
             // heaptrack records no total of bytes allocated per call stack.
             A.Fields["bytes"] = nullptr;
             A.Fields["peak_bytes"] = C.peak_bytes;
             A.Fields["exercised"] = C.allocations > 0;
             A.Fields["scope_lines"] = llvm::json::Array{F.ScopeFirstLine, F.ScopeLastLine};
             A.Note = C.allocations == 0
                          ? "not exercised by this profile"
                          : llvm::formatv("measured: {0} allocations, {1} at the peak, "
                                          "through lines {2}-{3}",
                                          C.allocations, bytes(C.peak_bytes),
                                          F.ScopeFirstLine, F.ScopeLastLine)
                                .str();
             return A;
           }};
  Write([&](llvm::raw_ostream &OS) { writeReport(OS, R, O.OutputFormat); });
  if (AnyFailed)
    return 3;
  return Findings.empty() ? 0 : 1;
}

} // namespace heapwise
