//===- Main.cpp - the heapwise command ------------------------------------===//
//
// check, fix, gate, rank, merge and bench. The checks run in-process from the
// same library as the clang-tidy plugin.
//
//===----------------------------------------------------------------------===//

#include "Fixer.h"
#include "Gate.h"
#include "Options.h"
#include "Rank.h"
#include "Report.h"
#include "Runner.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
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

/// The project root: the git work tree around the current folder, else the
/// current folder. Reports show paths relative to it.
std::string projectRoot() {
  std::string Top = gitTopLevel(currentDir());
  return Top.empty() ? currentDir() : Top;
}

struct Selection {
  std::unique_ptr<CompilationDatabase> Database;
  std::vector<std::string> Files;
};

Selection select(const Options &O, const std::string &Root) {
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

  std::vector<llvm::GlobPattern> Excludes;
  for (const std::string &Glob : O.Excludes) {
    auto Pattern = llvm::GlobPattern::create(Glob);
    if (!Pattern)
      throw UsageError{"bad --exclude pattern '" + Glob +
                       "': " + llvm::toString(Pattern.takeError())};
    Excludes.push_back(std::move(*Pattern));
  }
  std::string Cwd = currentDir();
  for (size_t I = 0; I < Files.size(); ++I) {
    const std::string &File = Files[I];
    bool Excluded = llvm::any_of(Excludes, [&](const llvm::GlobPattern &P) {
      return P.match(File) || P.match(relativePath(File, Root)) ||
             P.match(relativePath(File, Cwd));
    });
    if (!Excluded && I % O.ShardCount == O.ShardIndex)
      S.Files.push_back(File);
  }
  return S;
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
                double WallSeconds) {
  double Sum = 0;
  long Peak = 0;
  llvm::errs() << "heapwise stats: seconds  peak-MiB  file\n";
  for (const FileResult &R : Results) {
    Sum += R.Seconds;
    Peak = std::max(Peak, R.MaxRssKiB);
    llvm::errs() << llvm::format("heapwise stats: %7.2f  %8.1f  ", R.Seconds,
                                 R.MaxRssKiB / 1024.0)
                 << relativePath(R.File, Root) << "\n";
  }
  llvm::errs() << "heapwise stats: " << counted(Results.size(), "file")
               << llvm::format(", %.2f s wall, %.2f s summed over files, largest peak "
                               "%.1f MiB\n",
                               WallSeconds, Sum, Peak / 1024.0);
}

/// Runs the selected checks; prints compiler errors of files that failed.
struct Analysis {
  std::vector<Finding> Findings;
  bool AnyFailed = false;
};

Analysis analyze(const Options &O, const Selection &S, const std::string &Root) {
  auto Start = std::chrono::steady_clock::now();
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  std::vector<FileResult> Results =
      analyzeAll(*S.Database, S.Files, O.Checks, FS, runOptions(O));
  Analysis A;
  for (FileResult &R : Results) {
    for (const std::string &E : R.Errors)
      llvm::errs() << E << "\n";
    A.AnyFailed |= R.Failed;
    for (Finding &F : R.Findings)
      A.Findings.push_back(std::move(F));
  }
  assignFingerprints(A.Findings, Root);
  if (O.Stats)
    printStats(Results, Root,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count());
  if (O.ExportFixes)
    emit(O.ExportFixes,
         [&](llvm::raw_ostream &OS) { writeFixesYaml(OS, A.Findings); });
  return A;
}

int runCheck(const Options &O) {
  std::string Root = projectRoot();
  Selection S = select(O, Root);
  Analysis A = analyze(O, S, Root);
  emit(O.OutputFile, [&](llvm::raw_ostream &OS) { writeReport(OS, Report{Root, A.Findings, {}}, O.OutputFormat); });
  if (!O.Quiet)
    llvm::errs() << "heapwise: " << counted(A.Findings.size(), "finding") << " in "
                 << counted(S.Files.size(), "file") << "\n";
  return A.AnyFailed ? ParseFailure : A.Findings.empty() ? NoFindings : Findings;
}

std::string where(const Finding &F, const std::string &Root) {
  return relativePath(F.File, Root) + ":" + std::to_string(F.Line) + ":" +
         std::to_string(F.Column) + " [" + F.Check + "]";
}

int runFix(const Options &O) {
  std::string Root = projectRoot();
  Selection S = select(O, Root);
  FixResult R = computeFixes(*S.Database, S.Files, O.Checks, runOptions(O), Root);
  for (const FileResult &F : R.Failed)
    for (const std::string &E : F.Errors)
      llvm::errs() << E << "\n";
  if (O.DryRun) {
    llvm::outs() << unifiedDiff(R.Changed, Root);
    llvm::outs().flush();
  } else if (std::vector<std::string> Errors = writeFiles(R.Changed); !Errors.empty()) {
    for (const std::string &E : Errors)
      llvm::errs() << "heapwise: error: " << E << "\n";
    llvm::errs() << "heapwise: nothing was written\n";
    return Findings;
  }
  for (const auto &[F, Why] : R.NotApplied)
    llvm::errs() << "heapwise: not applied: " << where(F, Root) << ": " << Why << "\n";
  for (const Finding &F : R.WithoutFix)
    llvm::errs() << "heapwise: no fix-it: " << where(F, Root) << ": " << F.Message << "\n";
  llvm::errs() << "heapwise: " << (O.DryRun ? "would apply " : "applied ")
               << counted(R.Applied.size(), "fix", "fixes") << " to "
               << counted(R.Changed.size(), "file") << " in "
               << counted(R.Passes, "pass", "passes") << "; " << R.NotApplied.size()
               << " not applied, " << counted(R.WithoutFix.size(), "finding")
               << " without a fix-it\n";
  if (!R.Failed.empty())
    return ParseFailure;
  return R.NotApplied.empty() ? NoFindings : Findings;
}

int runGate(const Options &O) {
  std::string Root = projectRoot();
  std::set<std::string> Known;
  if (!O.UpdateBaseline) {
    auto Baseline = readBaseline(*O.Baseline);
    if (!Baseline)
      throw UsageError{llvm::toString(Baseline.takeError())};
    Known = std::move(*Baseline);
  }
  std::optional<ChangedLines> Changed;
  if (O.ChangedSince) {
    auto Lines = changedSince(*O.ChangedSince, Root);
    if (!Lines)
      throw UsageError{llvm::toString(Lines.takeError())};
    Changed = std::move(*Lines);
  }
  Selection S = select(O, Root);
  Analysis A = analyze(O, S, Root);
  if (O.UpdateBaseline) {
    emit(O.Baseline,
         [&](llvm::raw_ostream &OS) { OS << baselineText(A.Findings, Root); });
    llvm::errs() << "heapwise: wrote " << counted(A.Findings.size(), "finding")
                 << " to the baseline "
                 << *O.Baseline << "\n";
    return A.AnyFailed ? ParseFailure : NoFindings;
  }
  std::vector<Finding> New;
  for (const Finding &F : A.Findings)
    if (!Known.count(F.Fingerprint) && (!Changed || isChanged(*Changed, F)))
      New.push_back(F);
  emit(O.OutputFile, [&](llvm::raw_ostream &OS) { writeReport(OS, Report{Root, New, {}}, O.OutputFormat); });
  if (New.empty()) {
    llvm::errs() << "heapwise gate: passed: no new finding (" << A.Findings.size()
                 << " known)\n";
  } else {
    llvm::errs() << "heapwise gate: FAILED: " << counted(New.size(), "new finding") << ":\n";
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
      std::string Root = projectRoot();
      Selection S = select(O, Root);
      Analysis A = analyze(O, S, Root);
      return runRank(O, A.Findings, A.AnyFailed, Root,
                     [&](llvm::function_ref<void(llvm::raw_ostream &)> W) { emit(O.OutputFile, W); });
    }
  } catch (const UsageError &E) {
    llvm::errs() << "heapwise: error: " << E.Message << "\n";
    return Usage;
  }
  return Usage;
}
