//===- Options.cpp --------------------------------------------------------===//

#include "Options.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MemoryBuffer.h"
#include <set>

namespace heapwise {

namespace {

const std::set<std::string> SelectionCommands = {"check", "fix", "gate", "rank", "prove"};

unsigned number(llvm::StringRef Option, llvm::StringRef Text, unsigned Min) {
  unsigned Value = 0;
  if (Text.getAsInteger(10, Value) || Value < Min)
    throw UsageError{Option.str() + " takes a whole number of at least " +
                     std::to_string(Min) + ", not '" + Text.str() + "'"};
  return Value;
}

clang::tidy::ClangTidyOptions parseConfigFile(const std::string &Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    throw UsageError{"cannot read --config-file " + Path + ": " +
                     Buffer.getError().message()};
  std::string Problems;
  auto Parsed = clang::tidy::parseConfigurationWithDiags(
      (*Buffer)->getMemBufferRef(), [&](const llvm::SMDiagnostic &D) {
        Problems += D.getMessage().str() + "; ";
      });
  if (!Parsed)
    throw UsageError{"--config-file " + Path + " is not a valid clang-tidy configuration: " +
                     (Problems.empty() ? Parsed.getError().message() : Problems)};
  return *Parsed;
}

} // namespace

Options parseOptions(const std::vector<std::string> &Args) {
  Options O;
  if (Args.empty())
    throw UsageError{"a command is needed: check, fix, gate, rank, prove, merge or bench "
                     "(heapwise --help)"};
  O.Command = Args[0];
  if (O.Command == "--help" || O.Command == "-h" || O.Command == "help") {
    O.Help = true;
    O.Command = Args.size() > 1 ? Args[1] : "";
    return O;
  }
  bool Selects = SelectionCommands.count(O.Command);
  if (!Selects && O.Command != "merge")
    throw UsageError{"unknown command '" + O.Command +
                     "'; the commands are check, fix, gate, rank, prove, merge and bench"};

  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    if (Arg == "--") {
      if (!Selects)
        throw UsageError{"'--' is not an option of heapwise " + O.Command};
      O.AfterDashes.emplace(Args.begin() + I + 1, Args.end());
      break;
    }
    if (!Arg.starts_with("-") || Arg == "-") {
      if (O.Command == "prove")
        throw UsageError{"heapwise prove takes no file: '" + Arg.str() +
                         "' (the program to run goes after '--')"};
      (Selects ? O.Files : O.Inputs).push_back(Arg.str());
      continue;
    }
    // --name=value, --name value, -j2, -j 2, -p dir.
    std::string Name = Arg.str();
    std::optional<std::string> Value;
    if (Arg.starts_with("--") && Arg.contains('=')) {
      Name = Arg.split('=').first.str();
      Value = Arg.split('=').second.str();
    } else if ((Arg.starts_with("-j") || Arg.starts_with("-p") || Arg.starts_with("-o")) &&
               Arg.size() > 2 && !Arg.starts_with("--")) {
      Name = Arg.take_front(2).str();
      Value = Arg.drop_front(2).str();
    }
    auto value = [&]() -> std::string {
      if (Value)
        return *Value;
      if (I + 1 >= Args.size())
        throw UsageError{Name + " needs a value"};
      return Args[++I];
    };
    auto flag = [&] {
      if (Value)
        throw UsageError{Name + " takes no value"};
      return true;
    };
    auto allowed = [&](std::initializer_list<const char *> Commands) {
      for (const char *C : Commands)
        if (O.Command == C)
          return;
      throw UsageError{Name + " is not an option of heapwise " + O.Command};
    };
    auto rejected = [&](std::initializer_list<const char *> Commands) {
      for (const char *C : Commands)
        if (O.Command == C)
          throw UsageError{Name + " is not an option of heapwise " + O.Command};
    };

    if (Name == "--help" || Name == "-h") {
      O.Help = flag();
    } else if (Name == "-o" || Name == "--output") {
      O.OutputFile = value();
    } else if (O.Command == "merge") {
      throw UsageError{"unknown option " + Name + " of heapwise merge"};
    } else if (Name == "-p") {
      rejected({"prove"});
      O.BuildPath = value();
    } else if (Name == "--checks") {
      O.Checks.Checks = value();
      if (std::string Problem = validateCheckGlob(*O.Checks.Checks, false); !Problem.empty())
        throw UsageError{Problem};
    } else if (Name == "--config-file") {
      O.Checks.Config = parseConfigFile(value());
      if (O.Checks.Config->Checks)
        if (std::string Problem = validateCheckGlob(*O.Checks.Config->Checks, true);
            !Problem.empty())
          throw UsageError{"in --config-file: " + Problem};
    } else if (Name == "--header-filter") {
      O.Checks.HeaderFilter = value();
    } else if (Name == "--root") {
      rejected({"prove"});
      O.Root = value();
    } else if (Name == "--cache-dir") {
      O.CacheDir = value();
    } else if (Name == "--no-cache") {
      O.NoCache = flag();
    } else if (Name == "--exclude") {
      O.Excludes.push_back(value());
    } else if (Name == "--shard") {
      rejected({"prove"});
      auto [K, N] = llvm::StringRef(value()).split('/');
      O.ShardCount = number("--shard N", N, 1);
      unsigned Index = number("--shard K", K, 1);
      if (Index > O.ShardCount)
        throw UsageError{"--shard K/N needs 1 <= K <= N"};
      O.ShardIndex = Index - 1;
    } else if (Name == "-j" || Name == "--jobs") {
      O.Jobs = number("-j", value(), 1);
    } else if (Name == "--format") {
      std::string F = value();
      // prove writes markdown, the other commands SARIF.
      std::string Third = O.Command == "prove" ? "markdown" : "sarif";
      auto Parsed = llvm::StringSwitch<std::optional<Format>>(F)
                        .Case("text", Format::Text)
                        .Case("json", Format::Json)
                        .Case("sarif", Format::Sarif)
                        .Case("markdown", Format::Markdown)
                        .Default(std::nullopt);
      if (!Parsed || (F != "text" && F != "json" && F != Third))
        throw UsageError{"--format is text, json or " + Third + ", not '" + F + "'"};
      O.OutputFormat = *Parsed;
    } else if (Name == "--export-fixes") {
      O.ExportFixes = value();
    } else if (Name == "--quiet" || Name == "-q") {
      O.Quiet = flag();
    } else if (Name == "--stats") {
      O.Stats = flag();
    } else if (Name == "--dry-run") {
      allowed({"fix"});
      O.DryRun = flag();
    } else if (Name == "--baseline") {
      allowed({"gate"});
      O.Baseline = value();
    } else if (Name == "--update-baseline") {
      allowed({"gate"});
      O.UpdateBaseline = flag();
    } else if (Name == "--changed-since") {
      allowed({"gate"});
      O.ChangedSince = value();
    } else if (Name == "--profile") {
      allowed({"rank"});
      O.Profile = value();
    } else if (Name == "--top") {
      allowed({"rank"});
      O.Top = number("--top", value(), 1);
    } else if (Name == "--source") {
      allowed({"prove"});
      O.Source = value();
    } else if (Name == "--configure") {
      allowed({"prove"});
      O.ConfigureCommand = value();
    } else if (Name == "--build") {
      allowed({"prove"});
      O.BuildCommand = value();
    } else if (Name == "--work-dir") {
      allowed({"prove"});
      O.WorkDir = value();
    } else if (Name == "--keep-work-dir") {
      allowed({"prove"});
      O.KeepWorkDir = flag();
    } else {
      throw UsageError{"unknown option " + Name + " (heapwise " + O.Command + " --help)"};
    }
  }
  if (O.Help)
    return O;
  if (O.Command == "gate" && !O.Baseline)
    throw UsageError{"heapwise gate needs --baseline FILE"};
  if (O.Command == "merge" && (O.Inputs.empty() || !O.OutputFile))
    throw UsageError{"heapwise merge needs SARIF files and -o OUTPUT"};
  if (O.Command == "rank") {
    if (O.Profile.has_value() == O.AfterDashes.has_value())
      throw UsageError{"heapwise rank needs either --profile FILE or -- PROGRAM ARGS"};
    if (O.AfterDashes && O.AfterDashes->empty())
      throw UsageError{"heapwise rank -- needs the program to run"};
  } else if (O.Command == "prove") {
    if (!O.Source || !O.ConfigureCommand || !O.BuildCommand)
      throw UsageError{"heapwise prove needs --source DIR, --configure 'CMD' and --build 'CMD'"};
    if (!O.AfterDashes || O.AfterDashes->empty())
      throw UsageError{"heapwise prove needs the program to run after '--'"};
  } else if (O.AfterDashes && O.Files.empty()) {
    throw UsageError{"with '--' compiler arguments, name the files to check"};
  }
  return O;
}

std::string helpText(llvm::StringRef Command) {
  static const char *Selection = R"(SELECTION
  -p BUILD_DIR         Folder with compile_commands.json (default: . then build).
  FILE...              Check these files only (default: every file of the
                       compilation database).
  -- COMPILER_ARGS     Compile FILEs with these arguments instead of a database.
  --checks=GLOB        clang-tidy glob over the heapwise checks, applied after
                       the configuration, e.g. '-*,heapwise-missing-reserve'.
  --config-file=FILE   clang-tidy configuration (YAML) to use instead of the
                       .clang-tidy files, which are read otherwise.
  --header-filter=RE   Also report findings in headers whose path (absolute,
                       or relative to the project root) matches RE.
  --exclude=GLOB       Skip files whose path (absolute, or relative to the
                       project root) matches; repeatable.
  --root=DIR           The project root: reports, baselines and fingerprints
                       show paths relative to it. Default: the git work tree
                       of the database's files, else their common folder
                       (never the current folder, so any folder gives the
                       same fingerprints).
  --shard=K/N          Only the K-th of every N files (1 <= K <= N), in sorted
                       order: N CI jobs with K = 1..N cover every file once.
  -j N                 Analyse N files at once (default: every core).
  --cache-dir=DIR      Keep each unit's result in DIR and reuse it while the
                       unit, every file it includes, its compile command, the
                       check configuration and heapwise are unchanged (default:
                       $XDG_CACHE_HOME/heapwise, else ~/.cache/heapwise). Safe
                       to share between concurrent runs and CI jobs.
  --no-cache           Analyse every unit; read and write no cache.
  --quiet              No progress on stderr.
  --stats              Per-file time and peak memory, and the cache's hits and
                       misses, on stderr.
  NOLINT, NOLINTNEXTLINE and NOLINTBEGIN/END comments are honoured.
)";
  static const char *Output = R"(OUTPUT
  --format=text|json|sarif   text: file:line:col: warning: ... [check], the
                       source line and the fix (default); json; SARIF 2.1.0.
  -o FILE              Write the report to FILE instead of stdout.
  --export-fixes=FILE  The fix-its as YAML for clang-apply-replacements-19.
)";
  static const char *Exit = R"(EXIT STATUS
  0  no findings (gate: no new finding)
  1  findings (gate: new findings; fix: a fix could not be applied)
  2  usage error: bad option, unknown check, missing or unreadable compile
     database, missing file, corrupt baseline
  3  a file could not be parsed or compiled (its errors are printed; the other
     files are still checked and reported)
)";
  std::string Text;
  if (Command == "check") {
    Text = std::string(R"(NAME
  heapwise check - find allocation hotspots

SYNOPSIS
  heapwise check [-p BUILD_DIR] [OPTIONS] [FILE...] [-- COMPILER_ARGS]

DESCRIPTION
  Runs the heapwise checks (the same as the clang-tidy plugin) on each file,
  in parallel, and reports the findings ordered by file and line.

)") + Selection + "\n" + Output + "\n" + Exit + R"(
EXAMPLES
  heapwise check -p build
  heapwise check -p build --format=sarif -o heapwise.sarif
  heapwise check src/a.cpp -- -std=c++20 -Iinclude
)";
  } else if (Command == "fix") {
    Text = std::string(R"(NAME
  heapwise fix - apply the fix-its, verified to compile

SYNOPSIS
  heapwise fix [-p BUILD_DIR] [OPTIONS] [--dry-run] [FILE...] [-- COMPILER_ARGS]

DESCRIPTION
  Applies the fix-its of the findings. Overlapping fixes wait for the next
  pass; passes repeat (at most 4) until nothing is left to fix, since one fix
  can reveal another finding. Before anything is written, every translation
  unit a fix changes is compiled (syntax only) with its own compile command;
  a fix that does not compile is rolled back and reported. Files are written
  at the end, each whole, through a temporary file renamed over it; a
  read-only file is reported and left alone. When a unit does not compile
  (an unbuilt tree), the others are still fixed; the summary lists the files
  written and those not fixed, with why.

  --dry-run            Print the change as a unified diff; write nothing.

)") + Selection + "\n" + R"(EXIT STATUS
  0  every fix-it was applied (findings without a fix-it are listed)
  1  a fix-it could not be applied (rolled back, read-only file, conflict)
  2  usage error;  3  a file could not be parsed or compiled
)";
  } else if (Command == "gate") {
    Text = std::string(R"(NAME
  heapwise gate - fail CI on new findings only

SYNOPSIS
  heapwise gate --baseline FILE [--update-baseline] [--changed-since GIT_REF]
                [-p BUILD_DIR] [OPTIONS] [FILE...]

DESCRIPTION
  Compares the findings with a baseline of accepted ones and fails only on
  new findings. A finding is known by its fingerprint: a hash of the check,
  the file, the enclosing function's qualified name and the normalised
  tokens of the flagged statement, with an occurrence index. Lines added
  above it, reformatting, and renaming other functions keep it the same.

  Paths and fingerprints are relative to the project root (see --root), so
  the gate gives the same answer from any folder.

  --baseline FILE      The accepted findings (JSON written by this command;
                       version 1 files of older releases are read too).
  --update-baseline    Write the current findings as the baseline; exit 0.
  --changed-since REF  Only findings on lines changed since the git revision
                       REF (and in untracked files) can be new.
  --format, -o         Report the new findings as text, json or sarif.

)") + Selection + "\n" + R"(EXIT STATUS
  0  no new finding (or the baseline was written)
  1  new findings
  2  usage error, or a missing or corrupt baseline
  3  a file could not be parsed or compiled
)";
  } else if (Command == "rank") {
    Text = std::string(R"(NAME
  heapwise rank - what each fix removes, and the hotspots no finding covers

SYNOPSIS
  heapwise rank -p BUILD_DIR --profile HEAPTRACK_FILE [OPTIONS]
  heapwise rank -p BUILD_DIR [OPTIONS] -- PROGRAM ARGS...

DESCRIPTION
  Runs the checks, reads a heaptrack profile (or records one by running
  PROGRAM under heaptrack) and estimates for each finding the allocations its
  fix removes (removable_allocations), read from the call stacks through the
  flagged line, next to all the allocations under its code. Findings are
  listed by removable allocations; those the profile never ran come last,
  marked "not exercised by this profile". Then the program's top allocation
  sites that no finding covers, with the cause read from the stack and the
  kind of fix, and the share of allocations the findings cover. The program
  must be built with -g. Details: tool/docs/rank.md.

  --profile FILE       A heaptrack profile (heaptrack -o FILE ./prog).
  --top N              Only the N findings that remove most, and N uncovered
                       sites (default: every finding, 10 sites).

)") + Selection + "\n" + Output + "\n" + R"(EXIT STATUS
  0  no findings;  1  findings;  3  a file could not be parsed
  2  usage error, heaptrack or zstd missing, an unreadable
     profile, a profile of another program, a program without debug info
)";
  } else if (Command == "prove") {
    Text = R"(NAME
  heapwise prove - measure what the fixes change in a program's run

SYNOPSIS
  heapwise prove --source DIR --configure 'CMD' --build 'CMD'
                 [--work-dir DIR] [--keep-work-dir] [--format text|json|markdown]
                 [-o FILE] [--quiet] [--checks=GLOB] [-j N] -- PROGRAM ARGS...

DESCRIPTION
  Copies the source tree DIR twice into the work folder (WORK/before/source
  and WORK/after/source; DIR itself is never written), configures and builds
  both copies, runs heapwise fix on the after copy with its compilation
  database, builds it again, then runs PROGRAM ARGS of each copy under
  heaptrack and once more without it for the wall time. Reports allocations,
  temporary allocations, peak heap bytes, wall time and exit status before
  and after; the number of fixes applied; per finding (from the after copy
  before fixing), the allocations its fix is estimated to remove (measured
  on the before run) next to those the after run no longer makes in the
  finding's enclosing function (allocations whose call stack passes through
  it, before minus after: lines move when code is fixed, functions do not);
  and whether the program printed the same on stdout and exited the same way
  (in both runs).

  CMD, PROGRAM and ARGS may name {source} and {build}: the copy's root and its
  build folder (WORK/NAME/build). CMD runs through /bin/sh -c in the copy's
  root; PROGRAM runs in the current folder. The build must emit a
  compilation database in {build} and debug info (-g), for example:
    --configure 'cmake -S {source} -B {build} -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
                 -DCMAKE_BUILD_TYPE=RelWithDebInfo'
    --build 'cmake --build {build}' -- {build}/my_program input.txt

  --source DIR         The project's source tree (copied whole).
  --configure 'CMD'    Configures a copy.
  --build 'CMD'        Builds a copy (run again on the after copy once fixed).
  --work-dir DIR       Where the copies go: an empty or new folder, kept
                       afterwards (default: a temporary folder, deleted at the
                       end).
  --keep-work-dir      Keep the temporary work folder (logs, profiles, outputs).
  --format=text|json|markdown   A short table (default), JSON, or Markdown.
  -o FILE              Write the report to FILE instead of stdout.
  --quiet              No progress lines (shown only when stderr is a terminal).
  --checks, --config-file, --header-filter, --exclude, -j, --cache-dir,
  --no-cache           As for heapwise fix.

EXIT STATUS
  0  same output and exit status before and after
  1  the output or exit status differs (the report says so first)
  2  bad options, a configure or build command that fails (its last lines
     are shown), a program that does not exist, no compile_commands.json in
     {build}, heaptrack missing
)";
  } else if (Command == "merge") {
    Text = R"(NAME
  heapwise merge - join SARIF logs of several heapwise runs

SYNOPSIS
  heapwise merge A.sarif B.sarif... -o ALL.sarif

DESCRIPTION
  One SARIF log with every result of the inputs (for --shard CI jobs): the
  rules are merged and a result reported by two shards (a header's) is kept
  once. Exit 0, or 2 when an input is unreadable or not heapwise's SARIF.
)";
  } else if (Command == "bench") {
    Text = R"(NAME
  heapwise bench - run the proof benchmarks under each allocator

SYNOPSIS
  heapwise bench [--allocators LIST] [--filter REGEX] [--repetitions N]
                 [--quick] [--out DIR] [--measure time|instructions|both]
                 [--cache-sim yes|no] [-- BENCH_BINARY ARGS]

DESCRIPTION
  Runs the bundled Google Benchmark programs (or BENCH_BINARY) under glibc
  malloc, jemalloc, mimalloc and tcmalloc (LD_PRELOAD) and the arena, and
  writes DIR/report.md with tables, a reading of the numbers and SVG charts,
  and DIR/results.json.
  --measure time (the default): before and after alternate in short rounds
  in one process, with a bootstrap interval of their ratio; instructions: the
  fix pairs under valgrind's cachegrind, exact and repeatable instructions per
  call; both. --cache-sim yes adds an estimated cycle count per call.
  See bench/README.md; `heapwise bench --help` lists every option.
)";
  } else {
    Text = R"(NAME
  heapwise - find allocation hotspots in C++ code, fix them, prove the gain

SYNOPSIS
  heapwise check [-p BUILD_DIR] [OPTIONS] [FILE...] [-- COMPILER_ARGS]
  heapwise fix   [-p BUILD_DIR] [OPTIONS] [--dry-run] [FILE...]
  heapwise gate  --baseline FILE [--update-baseline] [--changed-since REF] ...
  heapwise rank  -p BUILD_DIR (--profile FILE | -- PROGRAM ARGS) ...
  heapwise prove --source DIR --configure 'CMD' --build 'CMD' -- PROGRAM ARGS
  heapwise merge A.sarif B.sarif... -o ALL.sarif
  heapwise bench [--quick] [--allocators LIST] [--out DIR] [-- BENCH_BINARY]
  heapwise --version

  `heapwise help COMMAND` or `heapwise COMMAND --help` shows a command's page.
)";
  }
  return Text;
}

} // namespace heapwise
