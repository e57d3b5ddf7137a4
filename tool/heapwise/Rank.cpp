//===- Rank.cpp -----------------------------------------------------------===//

#include "Rank.h"
#include "HeapProfile.h"
#include "StackReading.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
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
  // A profile cut short (the program crashed) still ranks what ran.
  if (const std::string &Warnings = Loaded.value().warnings(); !Warnings.empty())
    llvm::errs() << "heapwise rank: warning: " << Warnings << "\n";
  return std::move(Loaded).value();
}

std::string bytes(uint64_t N) {
  if (N < 1024)
    return std::to_string(N) + " B";
  return llvm::formatv("{0:F1} {1}", N < (1 << 20) ? N / 1024.0 : N / 1048576.0,
                       N < (1 << 20) ? "KiB" : "MiB");
}

/// 1234567 -> "1,234,567".
std::string grouped(uint64_t N) {
  std::string Digits = std::to_string(N), Out;
  for (size_t I = 0; I < Digits.size(); ++I) {
    if (I > 0 && (Digits.size() - I) % 3 == 0)
      Out += ',';
    Out += Digits[I];
  }
  return Out;
}

using profile::AllocationSite;

/// A site whose project code called into the library at one frame: the
/// allocations a fix at that line can change.
struct CallSite {
  const AllocationSite *Site;
  size_t Caller; ///< Index of the call site (see callSite).
};

/// Sites whose call site is in \p Files.
std::vector<CallSite> callsIn(const std::vector<CallSite> &Calls,
                              const std::set<std::string_view> &Files) {
  std::vector<CallSite> Inside;
  for (const CallSite &C : Calls)
    if (Files.contains(C.Site->stack[C.Caller].file))
      Inside.push_back(C);
  return Inside;
}

bool throughLibrary(const CallSite &C, bool (*Predicate)(std::string_view)) {
  for (size_t I = 0; I < C.Caller; ++I)
    if (Predicate(C.Site->stack[I].function))
      return true;
  return false;
}

bool isGrowthOrConstruction(std::string_view Name) {
  return isGrowthPath(Name) || Name.find("::_M_create_storage(") != std::string_view::npos;
}

struct Selected {
  uint64_t Allocations = 0;
  std::map<uint64_t, uint64_t> Sizes; ///< merged over the sites
};

Selected select(const std::vector<CallSite> &Calls, bool (*Predicate)(std::string_view)) {
  Selected S;
  for (const CallSite &C : Calls) {
    if (Predicate && !throughLibrary(C, Predicate))
      continue;
    S.Allocations += C.Site->cost.allocations;
    for (auto [Size, Count] : C.Site->sizes)
      S.Sizes[Size] += Count;
  }
  return S;
}

/// How often the flagged code ran, read from its growth: each execution
/// that grows a container from empty asks for the first capacity once, so
/// the most frequent size is the number of executions.
uint64_t executions(const Selected &S) {
  uint64_t Most = 0;
  for (auto [Size, Count] : S.Sizes)
    Most = std::max(Most, Count);
  return Most;
}

/// Allocations of one geometric growth from the smallest size seen to the
/// largest.
uint64_t geometricSteps(const Selected &S) {
  if (S.Sizes.empty())
    return 0;
  uint64_t Smallest = std::max<uint64_t>(S.Sizes.begin()->first, 1);
  uint64_t Largest = S.Sizes.rbegin()->first;
  uint64_t Steps = 1;
  for (uint64_t Capacity = Smallest; Capacity < Largest; Capacity *= 2)
    ++Steps;
  return Steps;
}

uint64_t minus(uint64_t A, uint64_t B) { return A > B ? A - B : 0; }

/// The estimate for one finding; see docs/rank.md for each rule.
uint64_t removable(const Finding &F, const std::vector<CallSite> &InFile) {
  const std::string &Check = F.Check;
  std::vector<CallSite> Line, Scope;
  for (const CallSite &C : InFile) {
    unsigned L = C.Site->stack[C.Caller].line;
    if (L == F.Line)
      Line.push_back(C);
    if (L >= F.ScopeFirstLine && L <= F.ScopeLastLine)
      Scope.push_back(C);
  }
  if (Check == "heapwise-missing-reserve") {
    Selected S = select(Line, isGrowthPath);
    return minus(S.Allocations, executions(S));
  }
  if (Check == "heapwise-reserve-in-loop") {
    // reserve_more grows geometrically: one such growth per execution.
    Selected S = select(Line, isGrowthPath);
    return minus(S.Allocations, geometricSteps(S) * executions(S));
  }
  if (Check == "heapwise-container-in-loop") {
    // Hoisted, the object grows to each capacity once instead of every
    // iteration: what stays is one allocation per distinct size.
    Selected S = select(Scope, isGrowthOrConstruction);
    return minus(S.Allocations, S.Sizes.size());
  }
  if (Check == "heapwise-copy-on-last-use")
    return select(Line, isCopyPath).Allocations;
  if (Check == "heapwise-string-concat-in-loop") {
    // += keeps one string, which grows geometrically once.
    Selected S = select(Line, nullptr);
    return minus(S.Allocations, geometricSteps(S));
  }
  if (Check == "heapwise-small-vector") {
    Selected S = select(Scope, isGrowthOrConstruction);
    return S.Allocations + minus(select(Line, nullptr).Allocations,
                                 select(Line, isGrowthOrConstruction).Allocations);
  }
  if (Check == "heapwise-small-heap-object")
    return select(Line, nullptr).Allocations;
  // heapwise-front-insert-in-loop saves element moves, not allocations.
  return 0;
}

/// Every site with a project frame, with its call site.
std::vector<CallSite> projectCalls(const profile::HeapProfile &Profile, std::string_view Root) {
  std::vector<CallSite> Calls;
  for (const AllocationSite &Site : Profile.sites())
    if (std::optional<size_t> Caller = callSite(Site.stack, Root))
      Calls.push_back({&Site, *Caller});
  return Calls;
}

/// An allocation site no finding covers, keyed by the project line that
/// called into the library.
struct Hotspot {
  std::string File, Function;
  unsigned Line = 0;
  profile::AllocationCost Cost;
  AllocationCause Cause = AllocationCause::Other;
  /// For Other: the library function the project called.
  std::string Callee;
  uint64_t CauseAllocations = 0; ///< of the stacks that gave the cause

  std::string cause() const {
    if (Cause == AllocationCause::Other && !Callee.empty())
      return "allocation inside " + Callee;
    return std::string(describe(Cause));
  }
};

struct Coverage {
  uint64_t Covered = 0;
  std::vector<Hotspot> Uncovered; ///< most allocations first
};

Coverage coverage(const std::vector<CallSite> &Calls, const std::vector<Finding> &Findings,
                  const profile::HeapProfile &Profile) {
  std::map<std::string, std::set<std::string_view>> FilesOf;
  for (const Finding &F : Findings)
    if (!FilesOf.contains(F.File))
      FilesOf[F.File] = Profile.sourceFilesNaming(F.File);
  auto covered = [&](const CallSite &C) {
    const profile::Frame &Frame = C.Site->stack[C.Caller];
    return llvm::any_of(Findings, [&](const Finding &F) {
      return Frame.line >= F.ScopeFirstLine && Frame.line <= F.ScopeLastLine &&
             FilesOf[F.File].contains(Frame.file);
    });
  };
  Coverage Result;
  std::map<std::pair<std::string, unsigned>, Hotspot> Sites;
  for (const CallSite &C : Calls) {
    if (covered(C)) {
      Result.Covered += C.Site->cost.allocations;
      continue;
    }
    const profile::Frame &Frame = C.Site->stack[C.Caller];
    Hotspot &H = Sites[{Frame.file, Frame.line}];
    H.File = Frame.file;
    H.Line = Frame.line;
    H.Function = shortFunctionName(Frame.function);
    H.Cost += C.Site->cost;
    if (C.Site->cost.allocations > H.CauseAllocations) {
      H.CauseAllocations = C.Site->cost.allocations;
      H.Cause = causeOf(C.Site->stack, C.Caller);
      H.Callee = C.Caller > 0 ? shortFunctionName(C.Site->stack[C.Caller - 1].function) : "";
    }
  }
  for (auto &[Key, H] : Sites)
    Result.Uncovered.push_back(std::move(H));
  std::stable_sort(Result.Uncovered.begin(), Result.Uncovered.end(),
                   [](const Hotspot &A, const Hotspot &B) {
                     return A.Cost.allocations > B.Cost.allocations;
                   });
  return Result;
}

std::string percent(uint64_t Part, uint64_t Whole) {
  return llvm::formatv("{0:F1}%", Whole ? 100.0 * Part / Whole : 0.0).str();
}

/// The table after the findings, and the sentence on coverage.
std::string summaryText(const Coverage &C, const std::vector<Hotspot> &Shown,
                        const profile::AllocationCost &Total, const std::string &Root,
                        bool NoFindings) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  if (NoFindings)
    OS << "no findings in the checked files.\n";
  if (!Shown.empty()) {
    OS << "\nallocation sites no finding covers (" << Shown.size() << " of "
       << C.Uncovered.size() << "):\n"
       << llvm::formatv("  {0,12} {1,10}  {2}\n", "allocations", "temporary", "site");
    for (const Hotspot &H : Shown) {
      OS << llvm::formatv("  {0,12} {1,10}  {2}:{3} in {4}: {5}\n", grouped(H.Cost.allocations),
                          grouped(H.Cost.temporary), relativePath(H.File, Root), H.Line,
                          H.Function, H.cause());
      if (std::string_view S = suggestion(H.Cause); !S.empty())
        OS << std::string(27, ' ') << "fix: " << S << "\n";
    }
  }
  OS << "\nfindings cover " << percent(C.Covered, Total.allocations)
     << " of this program's allocations (" << grouped(C.Covered) << " of "
     << grouped(Total.allocations) << ").\n";
  return Text;
}

} // namespace

std::vector<FindingCost> estimateCosts(const profile::HeapProfile &Profile,
                                       const std::vector<Finding> &Findings) {
  std::vector<CallSite> Calls = projectCalls(Profile, "");
  std::map<std::string, std::vector<CallSite>> CallsIn; // by finding file
  std::vector<FindingCost> Costs;
  for (const Finding &F : Findings) {
    if (!CallsIn.contains(F.File)) {
      CallsIn[F.File] = callsIn(Calls, Profile.sourceFilesNaming(F.File));
    }
    FindingCost C;
    C.Scope = Profile.costInside(F.File, F.ScopeFirstLine, F.ScopeLastLine);
    C.Removable = std::min(removable(F, CallsIn[F.File]), C.Scope.allocations);
    Costs.push_back(C);
  }
  return Costs;
}

int runRank(const Options &O, std::vector<Finding> Findings, const std::vector<std::string> &Checked,
            bool AnyFailed, const std::string &Root, OutputWriter Write) {
  profile::HeapProfile Profile = loadProfile(O);

  // A profile none of whose allocations pass through the project is of
  // another program: ranking by it would only mark everything unexercised.
  std::vector<CallSite> Calls = projectCalls(Profile, Root);
  bool Related = llvm::any_of(Calls, [&](const CallSite &C) {
                   const std::string &File = C.Site->stack[C.Caller].file;
                   return llvm::StringRef(File).starts_with("/") ||
                          llvm::any_of(Checked, [&](const std::string &Source) {
                            return profile::sameSourceFile(Source, File);
                          });
                 });
  if (!Related)
    throw UsageError{"the profile (of `" + Profile.debuggeeCommand() +
                     "`) has no allocation in the project's files (below " + Root +
                     "): it is from another program, or one built from other sources"};

  std::vector<FindingCost> Estimates = estimateCosts(Profile, Findings);
  std::map<std::string, FindingCost> Costs;
  for (size_t I = 0; I < Findings.size(); ++I)
    Costs[Findings[I].Fingerprint] = Estimates[I];
  Coverage C = coverage(Calls, Findings, Profile);

  std::stable_sort(Findings.begin(), Findings.end(), [&](const Finding &A, const Finding &B) {
    const FindingCost &CA = Costs[A.Fingerprint], &CB = Costs[B.Fingerprint];
    return std::tie(CA.Removable, CA.Scope.allocations, CA.Scope.peak_bytes) >
           std::tie(CB.Removable, CB.Scope.allocations, CB.Scope.peak_bytes);
  });
  bool NoFindings = Findings.empty();
  if (O.Top && Findings.size() > *O.Top)
    Findings.resize(*O.Top);
  std::vector<Hotspot> Shown(C.Uncovered.begin(),
                             C.Uncovered.begin() + std::min<size_t>(C.Uncovered.size(),
                                                                    O.Top.value_or(10)));

  llvm::json::Array Uncovered;
  for (const Hotspot &H : Shown)
    Uncovered.push_back(llvm::json::Object{{"file", relativePath(H.File, Root)},
                                           {"line", H.Line},
                                           {"function", H.Function},
                                           {"allocations", H.Cost.allocations},
                                           {"temporary", H.Cost.temporary},
                                           {"peak_bytes", H.Cost.peak_bytes},
                                           {"cause", H.cause()},
                                           {"suggestion", std::string(suggestion(H.Cause))}});
  profile::AllocationCost Total = Profile.total();
  Report R{Root, Findings, [&](const Finding &F) {
             const FindingCost &Cost = Costs[F.Fingerprint];
             const profile::AllocationCost &S = Cost.Scope;
             Annotation A;
             A.Fields["removable_allocations"] = Cost.Removable;
             A.Fields["allocations"] = S.allocations;
             A.Fields["temporary_allocations"] = S.temporary;
             A.Fields["bytes"] = S.bytes;
             A.Fields["peak_bytes"] = S.peak_bytes;
             A.Fields["exercised"] = S.allocations > 0;
             A.Fields["scope_lines"] = llvm::json::Array{F.ScopeFirstLine, F.ScopeLastLine};
             A.Note = S.allocations == 0
                          ? "not exercised by this profile"
                          : llvm::formatv("measured: the fix removes about {0} of the {1} "
                                          "allocations through lines {2}-{3} ({4} at the peak)",
                                          grouped(Cost.Removable), grouped(S.allocations),
                                          F.ScopeFirstLine, F.ScopeLastLine, bytes(S.peak_bytes))
                                .str();
             return A;
           }};
  R.Summary["profile"] = llvm::json::Object{{"allocations", Total.allocations},
                                            {"covered_allocations", C.Covered},
                                            {"temporary_allocations", Total.temporary},
                                            {"peak_bytes", Total.peak_bytes},
                                            {"command", Profile.debuggeeCommand()}};
  R.Summary["uncovered"] = std::move(Uncovered);
  R.SummaryText = summaryText(C, Shown, Total, Root, NoFindings);
  Write([&](llvm::raw_ostream &OS) { writeReport(OS, R, O.OutputFormat); });
  if (AnyFailed)
    return 3;
  return NoFindings ? 0 : 1;
}

} // namespace heapwise
