//===- Main.cpp - the heapwise command ------------------------------------===//
//
// check, fix, gate, rank, prove, merge and bench. The checks run in-process from the
// same library as the clang-tidy plugin.
//
//===----------------------------------------------------------------------===//

#include "Cache.h"
#include "CheckCatalog.h"
#include "Fixer.h"
#include "Gate.h"
#include "Options.h"
#include "Prove.h"
#include "Rank.h"
#include "Report.h"
#include "Runner.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

using namespace heapwise;
using clang::tooling::CompilationDatabase;

namespace {

enum Exit { NoFindings = 0, Findings = 1, Usage = 2, ParseFailure = 3 };

std::string currentDir() {
  llvm::SmallString<256> Dir;
  llvm::sys::fs::current_path(Dir);
  return std::string(Dir);
}

/// The deepest folder holding every one of \p Files (absolute paths).
std::string commonFolder(const std::vector<std::string> &Files) {
  std::string Common = llvm::sys::path::parent_path(Files.front()).str();
  for (const std::string &File : Files)
    while (!Common.empty() &&
           !llvm::StringRef(File).starts_with(llvm::StringRef(Common).ends_with("/")
                                                  ? Common
                                                  : Common + "/"))
      Common = llvm::sys::path::parent_path(Common).str();
  return Common.empty() ? "/" : Common;
}

/// The project root, which reports, fingerprints, --exclude and
/// --header-filter paths are relative to: --root, else the git work tree
/// around \p Sources (the database's files), else their common folder. The
/// current folder plays no part, so every folder gives the same paths.
std::string projectRoot(const Options &O, const std::vector<std::string> &Sources) {
  if (O.Root) {
    std::string Root = absolutePath(*O.Root, currentDir());
    if (!llvm::sys::fs::is_directory(Root))
      throw UsageError{"--root " + *O.Root + " is not a folder"};
    return Root;
  }
  std::string Common = commonFolder(Sources);
  std::string Top = gitTopLevel(Common);
  return Top.empty() ? Common : Top;
}

struct Selection {
  std::unique_ptr<CompilationDatabase> Database;
  std::vector<std::string> Files;
  std::string Root;
};

Selection select(const Options &O) {
  Selection S;
  std::string Error;
  if (O.AfterDashes && O.Command != "rank") {
    S.Database = std::make_unique<clang::tooling::FixedCompilationDatabase>(
        currentDir(), *O.AfterDashes);
  } else {
    std::vector<std::string> Candidates =
        O.BuildPath ? std::vector<std::string>{*O.BuildPath}
                    : std::vector<std::string>{".", "build"};
    std::string Tried;
    for (const std::string &Dir : Candidates) {
      llvm::SmallString<256> Path(Dir);
      llvm::sys::path::append(Path, "compile_commands.json");
      Tried += (Tried.empty() ? "" : ", ") + std::string(Path);
      if (!llvm::sys::fs::exists(Path))
        continue;
      auto Loaded = clang::tooling::JSONCompilationDatabase::loadFromFile(
          Path, Error, clang::tooling::JSONCommandLineSyntax::AutoDetect);
      if (!Loaded)
        throw UsageError{"cannot load the compilation database " + std::string(Path) +
                         ": " + Error};
      // Headers and files missing from the database borrow a neighbour's command.
      S.Database = clang::tooling::inferMissingCompileCommands(std::move(Loaded));
      break;
    }
    if (!S.Database)
      throw UsageError{"no compilation database: " + Tried +
                       " does not exist (pass -p BUILD_DIR, the folder with "
                       "compile_commands.json, or compiler arguments after '--')"};
  }

  std::vector<std::string> Files;
  if (!O.Files.empty()) {
    for (const std::string &File : O.Files) {
      std::string Path = absolutePath(File, currentDir());
      if (!llvm::sys::fs::is_regular_file(Path))
        throw UsageError{"no such file: " + File};
      Files.push_back(Path);
    }
  } else {
    Files = S.Database->getAllFiles();
    if (Files.empty())
      throw UsageError{"the compilation database lists no file"};
  }
  llvm::sort(Files);
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  std::vector<std::string> Sources = S.Database->getAllFiles();
  S.Root = projectRoot(O, Sources.empty() ? Files : Sources);

  std::vector<llvm::GlobPattern> Excludes;
  for (const std::string &Glob : O.Excludes) {
    auto Pattern = llvm::GlobPattern::create(Glob);
    if (!Pattern)
      throw UsageError{"bad --exclude pattern '" + Glob +
                       "': " + llvm::toString(Pattern.takeError())};
    Excludes.push_back(std::move(*Pattern));
  }
  for (size_t I = 0; I < Files.size(); ++I) {
    const std::string &File = Files[I];
    bool Excluded = llvm::any_of(Excludes, [&](const llvm::GlobPattern &P) {
      return P.match(File) || P.match(relativePath(File, S.Root));
    });
    if (!Excluded && I % O.ShardCount == O.ShardIndex)
      S.Files.push_back(File);
  }
  return S;
}

/// The check settings of the run: the options', with the root and the cache.
CheckSettings checkSettings(const Options &O, const Selection &S) {
  CheckSettings Settings = O.Checks;
  Settings.Root = S.Root;
  if (O.NoCache)
    return Settings;
  std::string Dir = O.CacheDir ? absolutePath(*O.CacheDir, currentDir()) : defaultCacheDir();
  if (Dir.empty())
    return Settings;
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir)) {
    // The default folder may be unwritable (a CI container): run uncached.
    if (O.CacheDir || !O.Quiet)
      llvm::errs() << "heapwise: warning: no result cache: cannot create " << Dir << ": "
                   << EC.message() << "\n";
    return Settings;
  }
  Settings.Cache = {Dir, buildId()};
  return Settings;
}

RunOptions runOptions(const Options &O) {
  RunOptions R;
  R.Jobs = O.Jobs ? O.Jobs : std::max(1u, std::thread::hardware_concurrency());
  R.Progress = O.Quiet ? ProgressStyle::None
               : llvm::sys::Process::StandardErrIsDisplayed() ? ProgressStyle::Bar
                                                               : ProgressStyle::Lines;
  return R;
}

/// Runs \p Write on \p Path (through a temporary file renamed over it, so
/// a failed write leaves the old file) or on stdout when there is none.
void emit(const std::optional<std::string> &Path,
          llvm::function_ref<void(llvm::raw_ostream &)> Write) {
  if (llvm::Error E = llvm::writeToOutput(Path.value_or("-"), [&](llvm::raw_ostream &OS) {
        Write(OS);
        return llvm::Error::success();
      }))
    throw UsageError{"cannot write " + Path.value_or("-") + ": " + llvm::toString(std::move(E))};
}

/// "1 file", "2 files".
std::string counted(size_t N, llvm::StringRef One, llvm::StringRef Many = "") {
  return std::to_string(N) + " " +
         (N == 1 ? One.str() : Many.empty() ? One.str() + "s" : Many.str());
}

void printStats(const std::vector<FileResult> &Results, const std::string &Root,
                const CacheSettings &Cache, double WallSeconds) {
  double Sum = 0;
  long Peak = 0;
  size_t Hits = 0;
  llvm::errs() << "heapwise stats: seconds  peak-MiB  file\n";
  for (const FileResult &R : Results) {
    Sum += R.Seconds;
    Peak = std::max(Peak, R.MaxRssKiB);
    Hits += R.Cached;
    llvm::errs() << llvm::format("heapwise stats: %7.2f  %8.1f  ", R.Seconds,
                                 R.MaxRssKiB / 1024.0)
                 << relativePath(R.File, Root) << (R.Cached ? " (cached)" : "") << "\n";
  }
  llvm::errs() << "heapwise stats: " << counted(Results.size(), "file")
               << llvm::format(", %.2f s wall, %.2f s summed over files, largest peak "
                               "%.1f MiB\n",
                               WallSeconds, Sum, Peak / 1024.0);
  if (Cache.Dir.empty())
    llvm::errs() << "heapwise stats: cache off\n";
  else
    llvm::errs() << "heapwise stats: cache " << Cache.Dir << ": " << counted(Hits, "hit")
                 << ", " << counted(Results.size() - Hits, "miss", "misses") << "\n";
}

/// What a run says once about all its units: checks inactive in some (the
/// language they are compiled as), broken .clang-tidy files, and
/// VectorLikeClasses entries that name no usable class.
struct RunNotes {
  std::vector<RunNote> Notes;
  size_t BrokenConfigFiles = 0;
};

RunNotes runNotes(const std::vector<FileResult> &Results, const std::string &Root) {
  RunNotes Out;
  std::map<std::string, std::set<std::string>> InactiveIn;   // check -> units
  std::map<std::string, std::set<std::string>> LanguagesOf;  // check -> languages
  std::map<std::string, std::string> Broken;                 // file -> what was ignored
  std::map<std::string, std::set<std::string>> ListedProblems; // class -> problems
  std::set<std::string> UsableClasses;
  size_t Units = 0;
  for (const FileResult &R : Results) {
    if (R.Language.empty())
      continue;
    ++Units;
    for (const std::string &Check : R.InactiveChecks) {
      InactiveIn[Check].insert(R.File);
      LanguagesOf[Check].insert(R.Language);
    }
    for (const ConfigProblem &P : R.ConfigProblems)
      Broken.try_emplace(P.File, P.Ignored);
    for (const ListedClass &C : R.VectorLikeClasses)
      if (C.Problem.empty())
        UsableClasses.insert(C.Name);
      else
        ListedProblems[C.Name].insert(C.Problem);
  }
  for (const auto &[Check, InUnits] : InactiveIn) {
    const std::set<std::string> &Languages = LanguagesOf[Check];
    static const llvm::StringRef Order[] = {"C",     "Objective-C", "C++98", "C++11",
                                            "C++14", "C++17",       "C++20", "C++23"};
    std::string Newest = *llvm::max_element(Languages, [](llvm::StringRef X, llvm::StringRef Y) {
      return llvm::find(Order, X) < llvm::find(Order, Y);
    });
    std::string As = Languages.size() == 1 ? Newest : Newest + " or older";
    const CheckInfo *Info = checkInfo(Check);
    std::string Why = Info && Info->LanguageRequirement ? Info->LanguageRequirement : "";
    Out.Notes.push_back({"note", Check + " is inactive in " + std::to_string(InUnits.size()) +
                                     " of " + counted(Units, "unit") + ": compiled as " + As +
                                     (Why.empty() ? "" : " (" + Why + ")")});
  }
  for (const auto &[File, Ignored] : Broken)
    Out.Notes.push_back({"warning", relativePath(File, Root) + ": broken clang-tidy "
                                    "configuration: " + Ignored});
  Out.BrokenConfigFiles = Broken.size();
  for (const auto &[Name, Problems] : ListedProblems) {
    if (UsableClasses.count(Name))
      continue;
    // A problem seen in a unit that declares the class beats "not declared".
    std::string Problem = *Problems.begin();
    for (const std::string &P : Problems)
      if (P != "is not declared")
        Problem = P;
    Out.Notes.push_back(
        {"warning", "VectorLikeClasses lists '" + Name + "', which " +
                        (Problem == "is not declared" ? "no analysed file declares"
                                                      : Problem) +
                        ": the checks cannot reserve it"});
  }
  return Out;
}

void printNotes(const RunNotes &N) {
  for (const RunNote &Note : N.Notes)
    llvm::errs() << "heapwise: " << Note.Level << ": " << Note.Text << "\n";
}

/// Runs the selected checks; prints compiler errors of files that failed.
struct Analysis {
  std::vector<Finding> Findings;
  bool AnyFailed = false;
  RunNotes Notes;
};

Analysis analyze(const Options &O, const Selection &S) {
  auto Start = std::chrono::steady_clock::now();
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  CheckSettings Settings = checkSettings(O, S);
  std::vector<FileResult> Results =
      analyzeAll(*S.Database, S.Files, Settings, FS, runOptions(O));
  Analysis A;
  A.Notes = runNotes(Results, S.Root);
  for (FileResult &R : Results) {
    for (const std::string &E : R.Errors)
      llvm::errs() << E << "\n";
    A.AnyFailed |= R.Failed;
  }
  printNotes(A.Notes);
  if (O.Stats)
    printStats(Results, S.Root, Settings.Cache,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count());
  for (FileResult &R : Results)
    for (Finding &F : R.Findings)
      A.Findings.push_back(std::move(F));
  assignFingerprints(A.Findings, S.Root);
  if (O.ExportFixes)
    emit(O.ExportFixes,
         [&](llvm::raw_ostream &OS) { writeFixesYaml(OS, A.Findings); });
  return A;
}

/// ", 1 broken configuration file (see above)" for the summary line.
std::string brokenConfigs(const RunNotes &N) {
  return N.BrokenConfigFiles ? ", " + counted(N.BrokenConfigFiles, "broken configuration file") +
                                   " (see above)"
                             : "";
}

int runCheck(const Options &O) {
  Selection S = select(O);
  Analysis A = analyze(O, S);
  emit(O.OutputFile, [&](llvm::raw_ostream &OS) {
    writeReport(OS, Report{S.Root, A.Findings, {}, A.Notes.Notes}, O.OutputFormat);
  });
  if (!O.Quiet)
    llvm::errs() << "heapwise: " << counted(A.Findings.size(), "finding") << " in "
                 << counted(S.Files.size(), "file") << brokenConfigs(A.Notes) << "\n";
  return A.AnyFailed ? ParseFailure : A.Findings.empty() ? NoFindings : Findings;
}

std::string where(const Finding &F, const std::string &Root) {
  return relativePath(F.File, Root) + ":" + std::to_string(F.Line) + ":" +
         std::to_string(F.Column) + " [" + F.Check + "]";
}

/// "a.cpp, b.cpp" (relative to \p Root).
std::string fileList(const std::vector<std::string> &Files, const std::string &Root) {
  std::vector<std::string> Shown;
  for (const std::string &F : Files)
    Shown.push_back(relativePath(F, Root));
  return llvm::join(Shown, ", ");
}

int runFix(const Options &O) {
  auto Start = std::chrono::steady_clock::now();
  Selection S = select(O);
  CheckSettings Settings = checkSettings(O, S);
  FixResult R = computeFixes(*S.Database, S.Files, Settings, runOptions(O), S.Root);
  RunNotes Notes = runNotes(R.Analysed, S.Root);
  for (const FileResult &F : R.Failed)
    for (const std::string &E : F.Errors)
      llvm::errs() << E << "\n";
  printNotes(Notes);
  if (O.Stats)
    printStats(R.Analysed, S.Root, Settings.Cache,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count());
  if (O.DryRun) {
    llvm::outs() << unifiedDiff(R.Changed, S.Root);
    llvm::outs().flush();
  } else if (std::vector<std::string> Errors = writeFiles(R.Changed); !Errors.empty()) {
    for (const std::string &E : Errors)
      llvm::errs() << "heapwise: error: " << E << "\n";
    llvm::errs() << "heapwise: nothing was written\n";
    return Findings;
  }
  // Fixes that use heapwise's runtime fail to compile where the project does
  // not reach its headers: say once what to add to the build.
  std::set<std::string> RuntimeHeaders;
  for (const auto &[F, Why] : R.NotApplied) {
    llvm::errs() << "heapwise: not applied: " << where(F, S.Root) << ": " << Why << "\n";
    static const llvm::Regex MissingRuntimeHeader("'(heapwise/[a-z_]+\\.h)' file not found");
    llvm::SmallVector<llvm::StringRef, 2> Match;
    if (MissingRuntimeHeader.match(Why, &Match))
      RuntimeHeaders.insert(Match[1].str());
  }
  if (!RuntimeHeaders.empty())
    llvm::errs() << "heapwise: note: the fixes above that include "
                 << llvm::join(RuntimeHeaders, ", ")
                 << " need heapwise's runtime headers on the project's include path: install "
                    "them (cmake --install BUILD --component heapwise-runtime) and link "
                    "heapwise::runtime (find_package(heapwise)), or add the flags of "
                    "`pkg-config --cflags heapwise`; then run `heapwise fix` again\n";
  for (const Finding &F : R.WithoutFix)
    llvm::errs() << "heapwise: no fix-it: " << where(F, S.Root) << ": " << F.Message << "\n";
  llvm::errs() << "heapwise: " << counted(R.Applied.size(), "fix", "fixes")
               << (O.DryRun ? " would be applied in " : " applied in ")
               << counted(R.Changed.size(), "file");
  if (!R.Applied.empty())
    llvm::errs() << " (verified by compiling " << counted(R.VerifiedUnits.size(), "unit") << ")";
  if (R.AppliedAfterFirstPass)
    llvm::errs() << ", " << R.AppliedAfterFirstPass << " of them found by a second pass over "
                 << "the fixed code";
  llvm::errs() << "; " << R.NotApplied.size() << " not applied, "
               << counted(R.WithoutFix.size(), "finding") << " without a fix-it"
               << brokenConfigs(Notes) << "\n";
  if (!R.Failed.empty()) {
    // An unbuilt tree: say what was written and what was not.
    std::vector<std::string> Written;
    for (const auto &[Path, Text] : R.Changed)
      Written.push_back(Path);
    llvm::errs() << "heapwise: " << (O.DryRun ? "would write: " : "written: ")
                 << (Written.empty() ? "no file" : fileList(Written, S.Root)) << "\n";
    for (const FileResult &F : R.Failed) {
      bool MissingHeader = llvm::any_of(F.Errors, [](const std::string &E) {
        return llvm::StringRef(E).contains("file not found");
      });
      llvm::errs() << "heapwise: not fixed: " << relativePath(F.File, S.Root)
                   << ": it does not compile with its compile command (errors above), so "
                      "it was not analysed"
                   << (MissingHeader ? "; a header it includes is missing (generated "
                                       "by the build? build the project first)"
                                     : "")
                   << "\n";
    }
    return ParseFailure;
  }
  return R.NotApplied.empty() ? NoFindings : Findings;
}

/// `prove`'s fix of its after copy: the findings of the copy's database,
/// then the verified fixes written.
CopyFixes fixCopy(const Options &O, const std::string &BuildDir, const std::string &Root) {
  Options Copy = O;
  Copy.BuildPath = BuildDir;
  Copy.Root = Root;
  Copy.AfterDashes.reset();
  // Progress bars only with prove's progress lines, on a terminal.
  Copy.Quiet = O.Quiet || !llvm::sys::Process::StandardErrIsDisplayed();
  Selection S = select(Copy);
  CopyFixes Fixes;
  Fixes.Findings = analyze(Copy, S).Findings;
  FixResult R = computeFixes(*S.Database, S.Files, checkSettings(Copy, S), runOptions(Copy),
                             S.Root);
  for (const FileResult &F : R.Failed)
    for (const std::string &E : F.Errors)
      llvm::errs() << E << "\n";
  for (const auto &[F, Why] : R.NotApplied)
    llvm::errs() << "heapwise: not applied: " << where(F, S.Root) << ": " << Why << "\n";
  // The user's tree is never written, even by a command that builds it.
  for (const auto &[Path, Text] : R.Changed)
    if (!llvm::StringRef(Path).starts_with(Root + "/"))
      throw UsageError{"the after copy's compilation database names " + Path +
                       ", outside the copy " + Root +
                       ": the configure command must build {source}; nothing was written"};
  if (std::vector<std::string> Errors = writeFiles(R.Changed); !Errors.empty())
    throw UsageError{"cannot write the fixes to the after copy: " + llvm::join(Errors, "; ")};
  Fixes.Applied = std::move(R.Applied);
  return Fixes;
}

int runGate(const Options &O) {
  Baseline Known;
  if (!O.UpdateBaseline) {
    auto Read = readBaseline(*O.Baseline);
    if (!Read)
      throw UsageError{llvm::toString(Read.takeError())};
    Known = std::move(*Read);
  }
  Selection S = select(O);
  const std::string &Root = S.Root;
  std::optional<ChangedLines> Changed;
  if (O.ChangedSince) {
    auto Lines = changedSince(*O.ChangedSince, Root);
    if (!Lines)
      throw UsageError{llvm::toString(Lines.takeError())};
    Changed = std::move(*Lines);
  }
  Analysis A = analyze(O, S);
  if (O.UpdateBaseline) {
    emit(O.Baseline,
         [&](llvm::raw_ostream &OS) { OS << baselineText(A.Findings, Root); });
    llvm::errs() << "heapwise: wrote " << counted(A.Findings.size(), "finding")
                 << " to the baseline "
                 << *O.Baseline << "\n";
    return A.AnyFailed ? ParseFailure : NoFindings;
  }
  std::vector<Finding> New;
  std::vector<bool> Accepted = acceptedBy(Known, A.Findings);
  for (size_t I = 0; I < A.Findings.size(); ++I)
    if (!Accepted[I] && (!Changed || isChanged(*Changed, A.Findings[I])))
      New.push_back(A.Findings[I]);
  emit(O.OutputFile, [&](llvm::raw_ostream &OS) {
    writeReport(OS, Report{Root, New, {}, A.Notes.Notes}, O.OutputFormat);
  });
  if (New.empty()) {
    llvm::errs() << "heapwise gate: passed: no new finding (" << A.Findings.size()
                 << " known" << brokenConfigs(A.Notes) << ")\n";
  } else {
    llvm::errs() << "heapwise gate: FAILED: " << counted(New.size(), "new finding")
                 << brokenConfigs(A.Notes) << ":\n";
    for (const Finding &F : New)
      llvm::errs() << "  " << where(F, Root) << " " << F.Message << "\n";
    llvm::errs() << "Fix them (`heapwise fix` applies the fix-its), silence one with "
                    "`// NOLINT(check-name)` on its line, or accept all current "
                    "findings with `heapwise gate --baseline "
                 << *O.Baseline << " --update-baseline`.\n";
  }
  if (A.AnyFailed)
    return ParseFailure;
  return New.empty() ? NoFindings : Findings;
}

int runMerge(const Options &O) {
  std::vector<llvm::json::Value> Logs;
  for (const std::string &Input : O.Inputs) {
    auto Buffer = llvm::MemoryBuffer::getFile(Input);
    if (!Buffer)
      throw UsageError{"cannot read " + Input + ": " + Buffer.getError().message()};
    auto Json = llvm::json::parse((*Buffer)->getBuffer());
    if (!Json)
      throw UsageError{Input + " is not JSON: " + llvm::toString(Json.takeError())};
    Logs.push_back(std::move(*Json));
  }
  auto Merged = mergeSarif(std::move(Logs));
  if (!Merged)
    throw UsageError{llvm::toString(Merged.takeError())};
  emit(O.OutputFile, [&](llvm::raw_ostream &OS) { OS << llvm::formatv("{0:2}", *Merged) << "\n"; });
  return NoFindings;
}

/// `heapwise bench` is the Python runner of bench/; this finds it and runs it
/// with the folder of the bundled benchmark programs.
int runBench(const char *Argv0, llvm::ArrayRef<const char *> Args) {
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, (void *)&runBench);
  llvm::StringRef ExeDir = llvm::sys::path::parent_path(Exe);
  // Beside the build tree's binary: build/bin/heapwise -> build/bench.
  std::string BenchDir = (ExeDir + "/../bench").str();
  std::string Script = HEAPWISE_BENCH_SCRIPT;
  auto Python = llvm::sys::findProgramByName("python3");
  if (!Python) {
    llvm::errs() << "heapwise bench: error: python3 is needed\n";
    return Usage;
  }
  std::vector<const char *> Argv = {Python->c_str(), Script.c_str(), "--bench-dir",
                                    BenchDir.c_str()};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  Argv.push_back(nullptr);
  llvm::outs().flush();
  execv(Python->c_str(), const_cast<char *const *>(Argv.data()));
  llvm::errs() << "heapwise bench: error: cannot run " << *Python << "\n";
  return Usage;
}

} // namespace

int main(int argc, const char **argv) {
  llvm::InitLLVM X(argc, argv);
  std::vector<std::string> Args(argv + 1, argv + argc);
  if (!Args.empty() && Args[0] == "--version") {
    llvm::outs() << "heapwise " << HEAPWISE_VERSION << " (LLVM " << LLVM_VERSION_STRING
                 << ")\n";
    return 0;
  }
  if (!Args.empty() && Args[0] == "bench")
    return runBench(argv[0], llvm::ArrayRef(argv + 2, argv + argc));
  try {
    Options O = parseOptions(Args);
    if (O.Help) {
      llvm::outs() << helpText(O.Command);
      return 0;
    }
    if (O.Command == "check")
      return runCheck(O);
    if (O.Command == "fix")
      return runFix(O);
    if (O.Command == "gate")
      return runGate(O);
    if (O.Command == "merge")
      return runMerge(O);
    if (O.Command == "rank") {
      Selection S = select(O);
      Analysis A = analyze(O, S);
      return runRank(O, A.Findings, S.Files, A.AnyFailed, S.Root,
                     [&](llvm::function_ref<void(llvm::raw_ostream &)> W) { emit(O.OutputFile, W); });
    }
    if (O.Command == "prove")
      return runProve(
          O, [&](const std::string &BuildDir, const std::string &Root) { return fixCopy(O, BuildDir, Root); },
          [&](llvm::function_ref<void(llvm::raw_ostream &)> W) { emit(O.OutputFile, W); });
  } catch (const UsageError &E) {
    llvm::errs() << "heapwise: error: " << E.Message << "\n";
    return Usage;
  }
  return Usage;
}
