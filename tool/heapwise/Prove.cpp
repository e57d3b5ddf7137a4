//===- Prove.cpp ----------------------------------------------------------===//

#include "Prove.h"
#include "StackReading.h"
#include "HeapProfile.h"
#include "Report.h"
#include "SourceText.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace heapwise {

namespace {

namespace fs = std::filesystem;

/// One of the two copies of the source tree.
struct Copy {
  std::string Name; ///< "before" or "after".
  std::string Dir;  ///< WORK/NAME: the logs, profile and outputs.
  std::string Source, Build;
};

/// What one copy's program did.
struct RunResult {
  profile::HeapProfile Profile;
  double WallSeconds = 0;
  int ExitCode = 0;
  /// stdout of the heaptrack run and of the timed run.
  std::string ProfiledOut, TimedOut;
  int ProfiledExit = 0;
};

class Progress {
public:
  explicit Progress(bool Shown) : Shown(Shown) {}
  void operator()(const llvm::Twine &Step) const {
    if (Shown)
      llvm::errs() << "heapwise prove: " << Step << "\n";
  }

private:
  bool Shown;
};

/// A log or captured output; empty when it was never written.
std::string readAll(const std::string &Path) {
  return readFile(Path, *llvm::vfs::getRealFileSystem()).value_or("");
}

/// The last \p Count lines of \p Text.
std::string lastLines(llvm::StringRef Text, size_t Count) {
  Text = Text.rtrim('\n');
  size_t Start = Text.size();
  for (size_t I = 0; I < Count && Start != llvm::StringRef::npos && Start > 0; ++I)
    Start = Text.rfind('\n', Start - 1);
  return (Start == llvm::StringRef::npos ? Text : Text.drop_front(Start + 1)).str();
}

/// \p Text with {source} and {build} replaced by the copy's folders.
std::string substitute(std::string Text, const Copy &C) {
  for (auto [Name, Value] : {std::pair{llvm::StringRef("{source}"), llvm::StringRef(C.Source)},
                             std::pair{llvm::StringRef("{build}"), llvm::StringRef(C.Build)}})
    for (size_t At = Text.find(Name); At != std::string::npos;
         At = Text.find(Name, At + Value.size()))
      Text.replace(At, Name.size(), Value.str());
  return Text;
}

/// Runs \p Argv in \p Dir with stdout written to \p Stdout (and stderr too
/// when \p BothToStdout); returns the exit status (128 + N for signal N).
int run(const std::vector<std::string> &Argv, const std::string &Dir,
        const std::string &Stdout, bool BothToStdout) {
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addchdir_np(&Actions, Dir.c_str());
  posix_spawn_file_actions_addopen(&Actions, STDOUT_FILENO, Stdout.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (BothToStdout)
    posix_spawn_file_actions_adddup2(&Actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char *> Args;
  for (const std::string &A : Argv)
    Args.push_back(const_cast<char *>(A.c_str()));
  Args.push_back(nullptr);
  pid_t Pid = 0;
  int Error = posix_spawn(&Pid, Args[0], &Actions, nullptr, Args.data(), environ);
  posix_spawn_file_actions_destroy(&Actions);
  if (Error != 0)
    throw UsageError{"cannot run " + Argv[0] + ": " + std::strerror(Error)};
  int Status = 0;
  while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(Status) ? WEXITSTATUS(Status) : 128 + WTERMSIG(Status);
}

/// Runs the configure or build command \p Command in the copy; a failure
/// is an error that shows the end of its output.
void runStep(llvm::StringRef Step, const std::string &Command, const Copy &C,
             const Progress &Say) {
  std::string Shell = substitute(Command, C);
  Say(Step + " the " + C.Name + " copy: " + Shell);
  std::string Log = C.Dir + "/" + Step.str() + ".log";
  if (int Status = run({"/bin/sh", "-c", Shell}, C.Source, Log, true))
    throw UsageError{Step.str() + " of the " + C.Name + " copy failed (exit status " +
                     std::to_string(Status) + "): " + Shell + "\n" +
                     lastLines(readAll(Log), 20) + "\n(the whole output: " + Log + ")"};
}

Copy copyIn(const std::string &Work, const std::string &Name) {
  std::string Dir = Work + "/" + Name;
  return {Name, Dir, Dir + "/source", Dir + "/build"};
}

void copyTree(const std::string &From, const std::string &To) {
  std::error_code EC;
  fs::create_directories(fs::path(To).parent_path(), EC);
  fs::copy(From, To, fs::copy_options::recursive | fs::copy_options::copy_symlinks, EC);
  if (EC)
    throw UsageError{"cannot copy " + From + " to " + To + ": " + EC.message()};
}

/// The program and its arguments for \p C, the program found on PATH or
/// as a path, else an error.
std::vector<std::string> programOf(const Options &O, const Copy &C) {
  std::vector<std::string> Argv;
  Argv.reserve(O.AfterDashes->size());
  for (const std::string &Word : *O.AfterDashes)
    Argv.push_back(substitute(Word, C));
  std::string &Program = Argv[0];
  bool IsPath = llvm::StringRef(Program).contains('/');
  auto Found = IsPath ? llvm::ErrorOr<std::string>(Program) : llvm::sys::findProgramByName(Program);
  if (!Found || !llvm::sys::fs::can_execute(*Found))
    throw UsageError{"the program " + Program + " of the " + C.Name +
                     " copy does not exist or is not executable (after the build)"};
  Program = *Found;
  return Argv;
}

RunResult runProgram(const std::vector<std::string> &Argv, const Copy &C, const Progress &Say) {
  RunResult R;
  Say("running the " + C.Name + " copy's program under heaptrack");
  std::string ProfiledOut = C.Dir + "/heaptrack-run.stdout";
  auto Recorded = profile::record(Argv, C.Dir + "/profile", "heaptrack", ProfiledOut);
  if (!Recorded)
    throw UsageError{Recorded.error().message};
  auto Loaded = profile::HeapProfile::load(Recorded.value().profilePath);
  if (!Loaded)
    throw UsageError{Loaded.error().message};
  R.Profile = std::move(Loaded).value();
  R.ProfiledExit = Recorded.value().exitStatus;
  R.ProfiledOut = readAll(ProfiledOut);

  Say("running the " + C.Name + " copy's program for its wall time");
  std::string TimedOut = C.Dir + "/run.stdout";
  auto Start = std::chrono::steady_clock::now();
  R.ExitCode = run(Argv, fs::current_path().string(), TimedOut, false);
  R.WallSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  R.TimedOut = readAll(TimedOut);
  return R;
}

/// Whether a profile frame's function (demangled: parameters, template
/// arguments, maybe a return type) is \p Qualified, a finding's enclosing
/// function (qualified, no template arguments): "std::vector<int>
/// ns::f<int>(int) const" is "ns::f".
bool isFunction(llvm::StringRef FrameFunction, llvm::StringRef Qualified) {
  return !Qualified.empty() && shortFunctionName(FrameFunction) == shortFunctionName(Qualified);
}

/// Allocations whose stack passes through \p Function.
uint64_t allocationsThrough(const profile::HeapProfile &Profile, llvm::StringRef Function) {
  uint64_t Sum = 0;
  for (const profile::AllocationSite &Site : Profile.sites())
    if (llvm::any_of(Site.stack,
                     [&](const profile::Frame &F) { return isFunction(F.function, Function); }))
      Sum += Site.cost.allocations;
  return Sum;
}

/// Per finding: its file relative to the source, and the allocations its fix
/// is estimated to remove and those the after run no longer made in its function.
struct FindingResult {
  Finding F;
  std::string File;
  uint64_t Removable = 0;
  int64_t Removed = 0;
};

struct ProveReport {
  RunResult Before, After;
  bool SameOutput = false;
  std::string Difference; ///< What differs, when SameOutput is false.
  std::vector<Finding> Applied;
  std::vector<FindingResult> Findings;
  std::string Source; ///< The after copy's root, for relative paths.
};

std::string differenceOf(const RunResult &B, const RunResult &A) {
  std::vector<std::string> Differ;
  if (B.ProfiledOut != A.ProfiledOut || B.TimedOut != A.TimedOut)
    Differ.push_back("the program's output differs");
  if (B.ExitCode != A.ExitCode || B.ProfiledExit != A.ProfiledExit)
    Differ.push_back("its exit status differs (" + std::to_string(B.ExitCode) + " before, " +
                     std::to_string(A.ExitCode) + " after)");
  return llvm::join(Differ, "; ");
}

llvm::json::Object runJson(const RunResult &R) {
  profile::AllocationCost Total = R.Profile.total();
  return llvm::json::Object{{"allocations", Total.allocations},
                            {"temporary_allocations", Total.temporary},
                            {"peak_bytes", Total.peak_bytes},
                            {"wall_seconds", R.WallSeconds},
                            {"exit_code", R.ExitCode}};
}

void writeJson(llvm::raw_ostream &OS, const ProveReport &R) {
  llvm::json::Array Findings;
  for (const FindingResult &F : R.Findings)
    Findings.push_back(llvm::json::Object{{"check", F.F.Check},
                                          {"file", F.File},
                                          {"line", F.F.Line},
                                          {"message", F.F.Message},
                                          {"removable_allocations", F.Removable},
                                          {"removed_allocations", F.Removed}});
  llvm::json::Object Out{{"before", runJson(R.Before)},
                         {"after", runJson(R.After)},
                         {"same_output", R.SameOutput},
                         {"fixes_applied", R.Applied.size()},
                         {"findings", std::move(Findings)}};
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Out))) << "\n";
}

std::string change(double Before, double After) {
  if (Before == 0)
    return After == 0 ? "0" : "n/a";
  double Percent = 100.0 * (After - Before) / Before;
  return llvm::formatv("{0}{1:F1}%", Percent > 0 ? "+" : "", Percent).str();
}

/// The rows of the before/after table: name, before, after, change.
std::vector<std::array<std::string, 4>> rows(const ProveReport &R) {
  auto count = [](uint64_t B, uint64_t A, llvm::StringRef Name) {
    return std::array<std::string, 4>{Name.str(), std::to_string(B), std::to_string(A),
                                      change(B, A)};
  };
  profile::AllocationCost B = R.Before.Profile.total(), A = R.After.Profile.total();
  return {count(B.allocations, A.allocations, "allocations"),
          count(B.temporary, A.temporary, "temporary allocations"),
          count(B.peak_bytes, A.peak_bytes, "peak heap bytes"),
          {"wall seconds", llvm::formatv("{0:F3}", R.Before.WallSeconds).str(),
           llvm::formatv("{0:F3}", R.After.WallSeconds).str(),
           change(R.Before.WallSeconds, R.After.WallSeconds)},
          {"exit status", std::to_string(R.Before.ExitCode), std::to_string(R.After.ExitCode),
           ""}};
}

/// "2 fixes applied: main.cpp:12 heapwise-missing-reserve, ...".
std::string fixesApplied(const ProveReport &R, llvm::StringRef Quote) {
  std::vector<std::string> Fixes;
  for (const Finding &F : R.Applied)
    Fixes.push_back((Quote + relativePath(F.File, R.Source) + ":" + std::to_string(F.Line) +
                     Quote + " " + F.Check)
                        .str());
  return std::to_string(Fixes.size()) + (Fixes.size() == 1 ? " fix" : " fixes") + " applied" +
         (Fixes.empty() ? "" : ": " + llvm::join(Fixes, ", "));
}

std::string verdict(const ProveReport &R) {
  return R.SameOutput ? "same output and exit status before and after"
                      : "OUTPUT DIFFERS: " + R.Difference;
}

void writeText(llvm::raw_ostream &OS, const ProveReport &R) {
  OS << "heapwise prove: " << verdict(R) << "\n\n";
  const char *Line = "{0,-22} {1,14} {2,14} {3,9}\n";
  OS << llvm::formatv(Line, "", "before", "after", "change");
  for (const auto &Row : rows(R))
    OS << llvm::formatv(Line, Row[0], Row[1], Row[2], Row[3]);
  OS << "\n" << fixesApplied(R, "") << "\n";
  if (R.Findings.empty())
    return;
  const char *FindingLine = "{0,-32} {1,-32} {2,10} {3,10}\n";
  OS << "\n" << llvm::formatv(FindingLine, "finding", "check", "removable", "removed");
  for (const FindingResult &F : R.Findings)
    OS << llvm::formatv(FindingLine, F.File + ":" + std::to_string(F.F.Line), F.F.Check,
                        F.Removable, F.Removed);
}

void writeMarkdown(llvm::raw_ostream &OS, const ProveReport &R) {
  OS << "**" << verdict(R) << "**\n\n| | before | after | change |\n|---|---:|---:|---:|\n";
  for (const auto &Row : rows(R))
    OS << "| " << Row[0] << " | " << Row[1] << " | " << Row[2] << " | " << Row[3] << " |\n";
  OS << "\n" << fixesApplied(R, "`") << ".\n";
  if (R.Findings.empty())
    return;
  OS << "\n| finding | check | removable (estimate) | removed (in its function) |\n"
        "|---|---|---:|---:|\n";
  for (const FindingResult &F : R.Findings)
    OS << "| `" << F.File << ":" << F.F.Line << "` | " << F.F.Check << " | " << F.Removable
       << " | " << F.Removed << " |\n";
}

/// The work folder: --work-dir (empty or new, kept), else a temporary one
/// removed when the run ends unless --keep-work-dir.
class WorkDir {
public:
  WorkDir(const Options &O) : Keep(O.WorkDir || O.KeepWorkDir) {
    std::error_code EC;
    if (O.WorkDir) {
      Path = fs::absolute(*O.WorkDir).lexically_normal().string();
      if (fs::exists(Path) && (!fs::is_directory(Path) || !fs::is_empty(Path)))
        throw UsageError{"--work-dir " + *O.WorkDir + " must be an empty folder or not exist"};
      fs::create_directories(Path, EC);
    } else {
      llvm::SmallString<128> Dir;
      EC = llvm::sys::fs::createUniqueDirectory("heapwise-prove", Dir);
      Path = std::string(Dir);
    }
    if (EC)
      throw UsageError{"cannot create the work folder " + Path + ": " + EC.message()};
    Path = fs::canonical(Path).string();
  }
  ~WorkDir() {
    std::error_code Ignored;
    if (!Keep)
      fs::remove_all(Path, Ignored);
  }
  WorkDir(const WorkDir &) = delete;
  WorkDir &operator=(const WorkDir &) = delete;
  std::string Path;
  bool Keep;
};

std::string sourceRoot(const Options &O, const std::string &Work) {
  std::error_code EC;
  std::string Source = fs::canonical(*O.Source, EC).string();
  if (EC || !fs::is_directory(Source))
    throw UsageError{"--source " + *O.Source + " is not a folder"};
  if (llvm::StringRef(Work + "/").starts_with(Source + "/"))
    throw UsageError{"the work folder " + Work + " is inside --source " + *O.Source +
                     ": the copies would copy themselves"};
  return Source;
}

/// The findings with their removable and removed allocations: the estimate
/// on the before profile, with the findings' paths in the before copy.
std::vector<FindingResult> findingResults(const std::vector<Finding> &Findings,
                                          const Copy &Before, const Copy &After,
                                          const profile::HeapProfile &BeforeProfile,
                                          const profile::HeapProfile &AfterProfile) {
  std::vector<Finding> InBefore = Findings;
  for (Finding &F : InBefore)
    F.File = Before.Source + "/" + relativePath(F.File, After.Source);
  std::vector<FindingCost> Costs = estimateCosts(BeforeProfile, InBefore);
  std::vector<FindingResult> Out;
  for (size_t I = 0; I < Findings.size(); ++I) {
    const Finding &F = Findings[I];
    int64_t Removed = static_cast<int64_t>(allocationsThrough(BeforeProfile, F.Function)) -
                      static_cast<int64_t>(allocationsThrough(AfterProfile, F.Function));
    Out.push_back({F, relativePath(F.File, After.Source), Costs[I].Removable, Removed});
  }
  return Out;
}

} // namespace

int runProve(const Options &O, CopyFixer Fix, OutputWriter Write) {
  if (!llvm::sys::findProgramByName("heaptrack"))
    throw UsageError{"heaptrack is not installed (Debian: apt install heaptrack); prove "
                     "counts allocations with it"};
  Progress Say(!O.Quiet && llvm::sys::Process::StandardErrIsDisplayed());
  WorkDir Work(O);
  std::string Source = sourceRoot(O, Work.Path);
  std::array<Copy, 2> Copies = {copyIn(Work.Path, "before"), copyIn(Work.Path, "after")};
  for (const Copy &C : Copies) {
    Say("copying " + Source + " to " + C.Source);
    copyTree(Source, C.Source);
  }
  Copy &Before = Copies[0], &After = Copies[1];
  for (const Copy &C : Copies) {
    runStep("configure", *O.ConfigureCommand, C, Say);
    runStep("build", *O.BuildCommand, C, Say);
  }
  // A missing program is known once built, before the costlier fix.
  std::vector<std::string> BeforeProgram = programOf(O, Before);
  std::vector<std::string> AfterProgram = programOf(O, After);
  if (!fs::exists(After.Build + "/compile_commands.json"))
    throw UsageError{"the after copy's configure and build wrote no compile_commands.json in " +
                     After.Build + " ({build}), which the fix needs (CMake: configure with "
                     "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)"};
  Say("fixing the after copy");
  CopyFixes Fixed = Fix(After.Build, After.Source);
  runStep("rebuild", *O.BuildCommand, After, Say);

  ProveReport R;
  R.Before = runProgram(BeforeProgram, Before, Say);
  R.After = runProgram(AfterProgram, After, Say);
  R.Difference = differenceOf(R.Before, R.After);
  R.SameOutput = R.Difference.empty();
  R.Applied = Fixed.Applied;
  R.Source = After.Source;
  R.Findings =
      findingResults(Fixed.Findings, Before, After, R.Before.Profile, R.After.Profile);
  Write([&](llvm::raw_ostream &OS) {
    if (O.OutputFormat == Format::Json)
      writeJson(OS, R);
    else if (O.OutputFormat == Format::Markdown)
      writeMarkdown(OS, R);
    else
      writeText(OS, R);
  });
  if (Work.Keep)
    Say("the copies, logs and profiles are in " + Work.Path);
  return R.SameOutput ? 0 : 1;
}

} // namespace heapwise
