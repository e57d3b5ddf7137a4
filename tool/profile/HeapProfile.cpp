#include "HeapProfile.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace heapwise::profile {
namespace {

// --- Running tools ---------------------------------------------------------

// Exit status as a shell reports it: 128 + N when killed by signal N.
int exitStatus(int waitStatus) {
  if (WIFEXITED(waitStatus))
    return WEXITSTATUS(waitStatus);
  if (WIFSIGNALED(waitStatus))
    return 128 + WTERMSIG(waitStatus);
  return -1;
}

int waitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return exitStatus(status);
}

// posix_spawnp: argv goes to the program as is (no shell), and a name without
// '/' is looked up on PATH. Returns 0 or the errno of the failed spawn/exec.
int spawn(const std::vector<std::string> &argv, const posix_spawn_file_actions_t *actions,
          pid_t *pid) {
  std::vector<char *> args;
  for (const std::string &arg : argv)
    args.push_back(const_cast<char *>(arg.c_str()));
  args.push_back(nullptr);
  return posix_spawnp(pid, args[0], actions, nullptr, args.data(), environ);
}

struct Captured {
  int status = 0;
  std::string out, err;
};

std::string describeSpawnFailure(const std::string &program, int error) {
  if (error == ENOENT)
    return "'" + program + "' was not found" +
           (program.find('/') == std::string::npos ? " on PATH" : "");
  return "cannot run '" + program + "': " + std::strerror(error);
}

// Runs argv and collects its stdout and stderr (both drained together, so a
// chatty stderr cannot block the child).
Result<Captured> capture(const std::vector<std::string> &argv) {
  int outPipe[2], errPipe[2];
  if (pipe2(outPipe, O_CLOEXEC) != 0)
    return Error{ErrorKind::ToolFailed, std::string("pipe: ") + std::strerror(errno)};
  if (pipe2(errPipe, O_CLOEXEC) != 0) {
    int error = errno;
    close(outPipe[0]);
    close(outPipe[1]);
    return Error{ErrorKind::ToolFailed, std::string("pipe: ") + std::strerror(error)};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO);
  pid_t pid = 0;
  int error = spawn(argv, &actions, &pid);
  posix_spawn_file_actions_destroy(&actions);
  close(outPipe[1]);
  close(errPipe[1]);
  if (error != 0) {
    close(outPipe[0]);
    close(errPipe[0]);
    return Error{ErrorKind::ToolMissing, describeSpawnFailure(argv[0], error) +
                                             "; install heaptrack (Debian: apt install heaptrack)."};
  }

  Captured result;
  pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
  std::string *sinks[2] = {&result.out, &result.err};
  int open = 2;
  char buffer[65536];
  while (open > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0)
        continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1; // poll ignores negative descriptors
        --open;
      }
    }
  }
  for (const pollfd &fd : fds)
    if (fd.fd >= 0)
      close(fd.fd);
  result.status = waitFor(pid);
  return result;
}

std::string trimmed(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\n");
  if (begin == std::string_view::npos)
    return {};
  size_t end = text.find_last_not_of(" \t\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// --- Paths -----------------------------------------------------------------

std::string normalise(std::string_view path) {
  if (path.empty())
    return {};
  return std::filesystem::path(path).lexically_normal().generic_string();
}

// The components of a normalised path, without the root of an absolute path
// and without the leading ".." of a relative one: those say nothing about
// where the file is.
std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  bool leading = path.empty() || path.front() != '/';
  for (size_t start = 0; start <= path.size();) {
    size_t end = std::min(path.find('/', start), path.size());
    std::string_view part = path.substr(start, end - start);
    if (!part.empty() && part != "." && !(leading && part == ".."))
      parts.push_back(part);
    if (!part.empty() && part != "..")
      leading = false;
    start = end + 1;
  }
  return parts;
}

bool isSuffix(const std::vector<std::string_view> &suffix,
              const std::vector<std::string_view> &whole) {
  return !suffix.empty() && suffix.size() <= whole.size() &&
         std::equal(suffix.rbegin(), suffix.rend(), whole.rbegin());
}

// Both paths normalised; see HeapProfile::costInside for the rule.
bool sameFile(std::string_view a, std::string_view b) {
  bool absA = a.starts_with('/'), absB = b.starts_with('/');
  if (absA && absB)
    return a == b;
  std::vector<std::string_view> partsA = components(a), partsB = components(b);
  if (absA)
    return isSuffix(partsB, partsA);
  if (absB)
    return isSuffix(partsA, partsB);
  return partsA.size() <= partsB.size() ? isSuffix(partsA, partsB) : isSuffix(partsB, partsA);
}

// --- heaptrack_print's report ----------------------------------------------

bool parseCount(std::string_view text, uint64_t &value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

// heaptrack_print writes bytes as "812B", or scaled by 1000 with two decimals
// and the unit's first letter: "7.99K", "1.20M", "3.00G", "1.00T".
bool parseBytes(std::string_view text, uint64_t &value) {
  if (text.empty())
    return false;
  const std::string_view units = "BKMGT";
  size_t unit = units.find(text.back());
  if (unit == std::string_view::npos)
    return false;
  text.remove_suffix(1);
  if (unit == 0)
    return parseCount(text, value);
  double scaled = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), scaled);
  if (error != std::errc() || end != text.data() + text.size() || scaled < 0)
    return false;
  value = static_cast<uint64_t>(std::llround(scaled * std::pow(1000.0, unit)));
  return true;
}

// "  at FILE:LINE" (the line may be 0 when heaptrack knows only the file).
bool parseLocation(std::string_view text, Frame &frame) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return false;
  uint64_t line = 0;
  if (!parseCount(text.substr(colon + 1), line) || line > std::numeric_limits<unsigned>::max())
    return false;
  std::string_view file = text.substr(0, colon);
  // For inlined frames heaptrack 1.4 joins the compilation directory to a
  // file name even when the name is absolute: "/build//src/a.cpp" stands for
  // "/src/a.cpp". A real path never has "//" inside.
  if (size_t joint = file.rfind("//"); joint != std::string_view::npos && joint > 0)
    file.remove_prefix(joint + 1);
  frame.file = normalise(file);
  frame.line = static_cast<unsigned>(line);
  return true;
}

Error unexpected(std::string_view line) {
  return Error{ErrorKind::ToolFailed,
               "unexpected heaptrack_print output (a heaptrack version other than 1.4?): '" +
                   std::string(line) + "'"};
}

// Not every frame needs a file: libraries without debug info have none. But
// the profiled program must have some, or no finding can ever match. Its
// frames are those in the module of `main`; without any `main` frame (a
// stripped program), at least one frame anywhere must have a file.
std::optional<Error> checkDebugInfo(const std::vector<AllocationSite> &sites) {
  std::set<std::string_view> programs;
  for (const AllocationSite &site : sites)
    for (const Frame &frame : site.stack)
      if (frame.function == "main")
        programs.insert(frame.module);
  for (const AllocationSite &site : sites)
    for (const Frame &frame : site.stack)
      if (!frame.file.empty() && (programs.empty() || programs.contains(frame.module)))
        return std::nullopt;
  if (sites.empty())
    return std::nullopt;
  std::string program = programs.empty() ? "the profiled program" : std::string(*programs.begin());
  return Error{ErrorKind::NoDebugInfo,
               program + " has no debug info: heaptrack reports no source file or line in it. "
                         "Rebuild it with -g (optimised builds: -O1 -g or -O2 -g)."};
}

} // namespace

Result<HeapProfile> HeapProfile::parse(std::string_view output) {
  constexpr std::string_view debuggeePrefix = "Debuggee command was: ";
  constexpr std::string_view sectionHeader = "MOST CALLS TO ALLOCATION FUNCTIONS";
  constexpr std::string_view siteMiddle = " calls to allocation functions with ";
  constexpr std::string_view siteEnd = " peak consumption from";
  constexpr std::string_view totalCalls = "calls to allocation functions: ";
  constexpr std::string_view totalPeak = "peak heap memory consumption: ";

  HeapProfile profile;
  bool sawDebuggee = false, inSection = false, sawTotal = false;
  std::string module; // of the last non-inlined frame; inlined frames follow it
  for (size_t start = 0; start < output.size();) {
    size_t end = std::min(output.find('\n', start), output.size());
    std::string_view line = output.substr(start, end - start);
    start = end + 1;

    if (!inSection) {
      if (line.starts_with(debuggeePrefix)) {
        profile.debuggeeCommand_ = line.substr(debuggeePrefix.size());
        sawDebuggee = true;
      } else if (line == sectionHeader) {
        inSection = true;
      } else if (line.starts_with(totalCalls)) {
        std::string_view count = line.substr(totalCalls.size());
        if (!parseCount(count.substr(0, count.find(' ')), profile.total_.allocations))
          return unexpected(line);
        sawTotal = true;
      } else if (line.starts_with(totalPeak)) {
        if (!parseBytes(line.substr(totalPeak.size()), profile.total_.peak_bytes))
          return unexpected(line);
      }
      continue;
    }

    if (line.empty())
      continue;
    if (line.starts_with("total runtime: ")) {
      inSection = false;
    } else if (line.starts_with("    at ")) {
      if (profile.sites_.empty() || profile.sites_.back().stack.empty() ||
          !parseLocation(line.substr(7), profile.sites_.back().stack.back()))
        return unexpected(line);
    } else if (line.starts_with("    in ")) {
      if (profile.sites_.empty() || profile.sites_.back().stack.empty())
        return unexpected(line);
      module = line.substr(7);
      profile.sites_.back().stack.back().module = module;
    } else if (line.starts_with("  ") && (line.size() == 2 || line[2] != ' ')) {
      // A frame: its function's name, which is empty where heaptrack has none.
      if (profile.sites_.empty())
        return unexpected(line);
      profile.sites_.back().stack.push_back(Frame{std::string(line.substr(2)), {}, 0, module});
    } else if (line.ends_with(siteEnd) && line.find(siteMiddle) != std::string_view::npos) {
      size_t middle = line.find(siteMiddle);
      AllocationSite site;
      std::string_view peak = line.substr(middle + siteMiddle.size());
      peak.remove_suffix(siteEnd.size());
      if (!parseCount(line.substr(0, middle), site.cost.allocations) ||
          !parseBytes(peak, site.cost.peak_bytes))
        return unexpected(line);
      profile.sites_.push_back(std::move(site));
    } else {
      return unexpected(line);
    }
  }

  if (!sawDebuggee)
    return Error{ErrorKind::UnreadableProfile,
                 "not a heaptrack profile, or a corrupt one: heaptrack_print found no "
                 "recorded command in it."};
  if (!sawTotal)
    return unexpected("(no 'calls to allocation functions' summary)");
  // Each call stack is listed once, so the list adds up to the summary unless
  // heaptrack_print's format changed under us.
  uint64_t listed = 0;
  for (const AllocationSite &site : profile.sites_)
    listed += site.cost.allocations;
  if (listed != profile.total_.allocations)
    return unexpected("(the listed call stacks hold " + std::to_string(listed) + " of " +
                      std::to_string(profile.total_.allocations) + " allocations)");
  if (std::optional<Error> error = checkDebugInfo(profile.sites_))
    return *error;

  for (const AllocationSite &site : profile.sites_)
    for (const Frame &frame : site.stack)
      if (!frame.file.empty())
        profile.sourceFiles_.insert(frame.file);
  return profile;
}

Result<HeapProfile> HeapProfile::load(const std::string &profilePath) {
  const std::string heaptrackPrint = "heaptrack_print";
  // heaptrack_print's own message for this is on stderr with exit status 1,
  // like its other failures; checking first gives the reason.
  if (access(profilePath.c_str(), R_OK) != 0)
    return Error{ErrorKind::UnreadableProfile,
                 "cannot read heaptrack profile '" + profilePath + "': " + std::strerror(errno)};

  // One block per distinct call stack (--merge-backtraces=0: the merged view
  // groups by allocating function and truncates), sorted by allocation count,
  // all of them (--peak-limit), and no other report.
  Result<Captured> run = capture({heaptrackPrint, "--file=" + profilePath,
                                  "--print-allocators=1", "--print-peaks=0", "--print-temporary=0",
                                  "--print-leaks=0", "--merge-backtraces=0", "--shorten-templates=1",
                                  "--peak-limit=" + std::to_string(std::numeric_limits<size_t>::max())});
  if (!run)
    return run.error();
  const Captured &captured = run.value();
  std::string stderrText = trimmed(captured.err);
  if (captured.status != 0) {
    // Option errors mean a heaptrack_print that does not know our options.
    ErrorKind kind = stderrText.starts_with("ERROR:") ? ErrorKind::ToolFailed
                                                      : ErrorKind::UnreadableProfile;
    return Error{kind, "heaptrack_print could not read '" + profilePath + "' (exit status " +
                           std::to_string(captured.status) + ")" +
                           (stderrText.empty() ? "." : ": " + stderrText)};
  }
  Result<HeapProfile> parsed = parse(captured.out);
  if (!parsed) {
    Error error = parsed.error();
    if (error.kind == ErrorKind::UnreadableProfile)
      error.message = "'" + profilePath + "' is " + error.message +
                      (stderrText.empty() ? "" : " heaptrack_print said: " + stderrText);
    return error;
  }
  HeapProfile profile = std::move(parsed).value();
  profile.warnings_ = stderrText;
  return profile;
}

AllocationCost HeapProfile::costInside(std::string_view file, unsigned firstLine,
                                       unsigned lastLine) const {
  std::string wanted = normalise(file);
  std::set<std::string_view> matching; // compare paths once per file, not per frame
  for (const std::string &seen : sourceFiles_)
    if (sameFile(wanted, seen))
      matching.insert(seen);

  AllocationCost cost;
  if (matching.empty())
    return cost;
  for (const AllocationSite &site : sites_) {
    for (const Frame &frame : site.stack) {
      if (frame.line >= firstLine && frame.line <= lastLine && matching.contains(frame.file)) {
        cost += site.cost;
        break; // once per site
      }
    }
  }
  return cost;
}

namespace {

// heaptrack's script writes its own lines to the stdout it shares with the
// program: three before the program starts ("heaptrack output will be written
// to ...", the preload library, "starting application...") and a block
// after it ends ("Heaptrack finished! ..."). Keeps what is between.
std::optional<std::string> withoutHeaptrackLines(const std::string &captured) {
  const std::string first = "heaptrack output will be written to ";
  const std::string finished = "Heaptrack finished! Now run the following";
  if (!captured.starts_with(first))
    return std::nullopt;
  size_t start = 0;
  for (int line = 0; line < 3; ++line) {
    size_t newline = captured.find('\n', start);
    if (newline == std::string::npos)
      return std::nullopt;
    start = newline + 1;
  }
  size_t end = captured.rfind(finished);
  if (end == std::string::npos || end < start)
    return std::nullopt;
  return captured.substr(start, end - start);
}

// Replaces the heaptrack run's stdout in `path` by the program's part of it.
std::optional<Error> keepProgramOutput(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::string captured((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::optional<std::string> output = withoutHeaptrackLines(captured);
  if (!output)
    return Error{ErrorKind::ToolFailed, "heaptrack's messages in '" + path +
                                            "' are not those of heaptrack 1.4: the "
                                            "program's output cannot be told from them."};
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << *output;
  if (!out.flush())
    return Error{ErrorKind::InvalidArgument, "cannot write '" + path + "'."};
  return std::nullopt;
}

} // namespace

Result<Recording> record(const std::vector<std::string> &argv, const std::string &outputPrefix,
                         const std::string &heaptrack, const std::string &stdoutPath) {
  if (argv.empty() || argv[0].empty())
    return Error{ErrorKind::InvalidArgument, "no program to profile."};
  if (outputPrefix.empty() ||
      outputPrefix.find_first_of(" \t\n%") != std::string::npos)
    return Error{ErrorKind::InvalidArgument,
                 "heaptrack output name '" + outputPrefix +
                     "' must be non-empty, without whitespace or '%' (heaptrack's script "
                     "splits or rewrites such names)."};

  // heaptrack reports a missing program only in its chatter, with the same
  // exit status as a program that failed; look first, as heaptrack will.
  const std::string &program = argv[0];
  bool found = false;
  std::string why = "not found on PATH";
  if (program.find('/') != std::string::npos) {
    found = access(program.c_str(), X_OK) == 0;
    why = std::strerror(errno);
  } else if (const char *path = getenv("PATH")) {
    std::string_view dirs = path;
    for (size_t start = 0; !found && start <= dirs.size();) {
      size_t end = std::min(dirs.find(':', start), dirs.size());
      std::string dir(dirs.substr(start, end - start));
      found = access(((dir.empty() ? "." : dir) + "/" + program).c_str(), X_OK) == 0;
      start = end + 1;
    }
  }
  if (!found)
    return Error{ErrorKind::ProgramNotStarted,
                 "cannot profile '" + program + "': " + why + "."};

  // heaptrack appends .zst (or .gz without zstd); a stale file of either
  // name must not pass for this run's profile.
  const std::string candidates[] = {outputPrefix + ".zst", outputPrefix + ".gz"};
  for (const std::string &candidate : candidates) {
    std::error_code ignored;
    std::filesystem::remove(candidate, ignored);
  }

  std::vector<std::string> command = {heaptrack, "-o", outputPrefix, "--"};
  command.insert(command.end(), argv.begin(), argv.end());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdoutPath.empty())
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  else
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdoutPath.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  int error = spawn(command, &actions, &pid);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0)
    return Error{ErrorKind::ToolMissing, describeSpawnFailure(heaptrack, error) +
                                             "; install heaptrack (Debian: apt install heaptrack)."};
  int status = waitFor(pid);
  if (!stdoutPath.empty())
    if (std::optional<Error> failed = keepProgramOutput(stdoutPath))
      return *failed;

  for (const std::string &candidate : candidates)
    if (std::filesystem::exists(candidate))
      return Recording{candidate, status};
  return Error{ErrorKind::ToolFailed, "heaptrack wrote no profile to '" + outputPrefix +
                                          ".zst' (exit status " + std::to_string(status) +
                                          "); see its messages above."};
}

} // namespace heapwise::profile
