#include "HeapProfile.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <tuple>

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
    return Error{ErrorKind::ToolMissing, describeSpawnFailure(argv[0], error) + "; install " +
                                             argv[0] + " (Debian: apt install " + argv[0] + ")."};
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

// --- heaptrack's file ------------------------------------------------------

bool parseCount(std::string_view text, uint64_t &value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

// The fields after a line's mode character: numbers in lowercase hex, each
// followed by one space except the last.
class HexFields {
public:
  explicit HexFields(std::string_view rest) : rest_(rest) {}

  bool next(uint64_t &value) {
    if (rest_.empty())
      return false;
    size_t end = std::min(rest_.find(' '), rest_.size());
    auto [stop, error] = std::from_chars(rest_.data(), rest_.data() + end, value, 16);
    if (error != std::errc() || stop != rest_.data() + end)
      return false;
    rest_.remove_prefix(std::min(end + 1, rest_.size()));
    return true;
  }
  bool empty() const { return rest_.empty(); }
  std::string_view rest() const { return rest_; }

private:
  std::string_view rest_;
};

// String, instruction pointer and trace indices are 1-based (0: none);
// allocation info indices are 0-based.
struct RawFrame {
  uint64_t function = 0, file = 0, line = 0;
};

struct InstructionPointer {
  uint64_t address = 0, module = 0;
  // The innermost function first, then those it was inlined into.
  std::vector<RawFrame> frames;
};

struct TraceNode {
  uint64_t ip = 0, parent = 0;
};

struct AllocationInfo {
  uint64_t size = 0, trace = 0;
};

struct InfoCost {
  uint64_t allocations = 0, temporary = 0;
};

// heaptrack_print leaves operator new out of stacks and ends them at these
// functions; so does this reader, to report the same stacks.
enum class StringRole : uint8_t { Other, OperatorNew, StackEnd };

StringRole roleOfString(std::string_view string) {
  constexpr std::string_view operatorNew[] = {
      "operator new(unsigned long)", "operator new[](unsigned long)",
      "operator new(unsigned int)", "operator new[](unsigned int)"};
  constexpr std::string_view stackEnd[] = {"main", "__libc_start_main",
                                           "__static_initialization_and_destruction_0"};
  if (std::ranges::find(operatorNew, string) != std::end(operatorNew))
    return StringRole::OperatorNew;
  if (std::ranges::find(stackEnd, string) != std::end(stackEnd))
    return StringRole::StackEnd;
  return StringRole::Other;
}

// For inlined frames heaptrack 1.4 joins the compilation directory to a file
// name even when the name is absolute: "/build//src/a.cpp" stands for
// "/src/a.cpp". A real path never has "//" inside.
std::string sourcePath(std::string_view file) {
  if (size_t joint = file.rfind("//"); joint != std::string_view::npos && joint > 0)
    file.remove_prefix(joint + 1);
  return normalise(file);
}

std::string hex(uint64_t value) {
  char digits[16];
  auto [end, error] = std::to_chars(std::begin(digits), std::end(digits), value, 16);
  return std::string(digits, end);
}

// Reads heaptrack's file line by line, then turns what it read into sites.
// Events are kept (4 bytes each) for the second look at the peak.
class ProfileReader {
public:
  // Why the line is not what heaptrack writes, if it is not.
  std::optional<std::string> readLine(std::string_view line);

  bool sawVersion() const { return fileVersion_ == 2 || fileVersion_ == 3; }
  bool sawDebuggee() const { return sawDebuggee_; }
  const std::string &debuggee() const { return debuggee_; }
  // heaptrack ends the file with the number of strings and instruction
  // pointers it wrote.
  bool sawClosingCounts() const { return closingStrings_ && closingIps_; }
  // An error when the closing counts disagree with what was read.
  std::optional<Error> checkClosingCounts() const;

  AllocationCost total() const;
  std::vector<AllocationSite> sites();

private:
  std::optional<std::string> readVersion(HexFields fields);
  std::optional<std::string> readString(std::string_view text);
  std::optional<std::string> readInstructionPointer(HexFields fields);
  std::optional<std::string> readTrace(HexFields fields);
  std::optional<std::string> readAllocationInfo(HexFields fields);
  std::optional<std::string> readEvent(HexFields fields, bool isFree);
  void readComment(std::string_view text);

  std::vector<int64_t> liveAtPeak() const;
  const std::vector<Frame> &framesOf(uint64_t ip);
  std::vector<Frame> stackOf(uint64_t trace);
  std::string stringAt(uint64_t index) const {
    return index == 0 ? std::string() : strings_[index - 1];
  }
  // The role of the instruction pointer's own (innermost) function.
  StringRole roleOf(const InstructionPointer &ip) const {
    return ip.frames.empty() || ip.frames[0].function == 0 ? StringRole::Other
                                                           : roles_[ip.frames[0].function - 1];
  }

  uint64_t fileVersion_ = 0;
  bool sawDebuggee_ = false;
  std::string debuggee_;
  std::vector<std::string> strings_;
  std::vector<StringRole> roles_;
  std::vector<InstructionPointer> ips_;
  std::vector<TraceNode> traces_;
  std::vector<AllocationInfo> infos_;
  std::vector<InfoCost> costs_;
  // Each '+' as 2 * info, each '-' as 2 * info + 1, in the file's order.
  std::vector<uint32_t> events_;
  // The info of the last event if it was an allocation: a free of that one
  // is "temporary". (heaptrack_print uses 0 for "none" and so also counts a
  // free of info 0 that follows a free; this reader does not.)
  std::optional<uint64_t> lastAllocated_;
  int64_t heap_ = 0;
  uint64_t peak_ = 0, bytes_ = 0, allocations_ = 0, temporary_ = 0;
  // The event at which the heap first reached its peak.
  size_t peakEvent_ = 0;
  std::optional<uint64_t> closingStrings_, closingIps_;
  std::map<uint64_t, std::vector<Frame>> framesCache_;
};

std::optional<std::string> ProfileReader::readLine(std::string_view line) {
  char mode = line.empty() ? '#' : line[0];
  if (line.size() > 1 && line[1] != ' ')
    return "no space after the mode character";
  std::string_view rest = line.substr(std::min<size_t>(2, line.size()));
  if (!sawVersion())
    return mode == 'v' ? readVersion(HexFields(rest)) : "not heaptrack's version line";
  switch (mode) {
  case 'X':
    if (sawDebuggee_)
      return "a second debuggee line";
    sawDebuggee_ = true;
    debuggee_ = rest;
    return std::nullopt;
  case 's':
    return readString(rest);
  case 'i':
    return readInstructionPointer(HexFields(rest));
  case 't':
    return readTrace(HexFields(rest));
  case 'a':
    return readAllocationInfo(HexFields(rest));
  case '+':
    return readEvent(HexFields(rest), false);
  case '-':
    return readEvent(HexFields(rest), true);
  case '#':
    readComment(rest);
    return std::nullopt;
  case 'c': // timestamp
  case 'R': // resident set size
  case 'I': // page size and count
  case 'A': // heaptrack attached to a running process
  case 'S': // suppression
    return std::nullopt;
  case 'v':
    return "a second version line";
  default:
    return "an unknown kind of line";
  }
}

std::optional<std::string> ProfileReader::readVersion(HexFields fields) {
  uint64_t heaptrackVersion = 0;
  if (!fields.next(heaptrackVersion) || !fields.next(fileVersion_))
    return "not heaptrack's version line";
  if (fileVersion_ != 2 && fileVersion_ != 3)
    return "file format version " + std::to_string(fileVersion_) +
           " (heaptrack " + hex(heaptrackVersion) + "); this reader knows versions 2 and 3";
  return std::nullopt;
}

// Version 3 gives the length first, so a string may hold any character but
// a newline; version 2 takes the rest of the line.
std::optional<std::string> ProfileReader::readString(std::string_view text) {
  if (fileVersion_ >= 3) {
    HexFields fields(text);
    uint64_t length = 0;
    if (!fields.next(length) || length > fields.rest().size())
      return "a string shorter than its length";
    text = fields.rest().substr(0, length);
  }
  strings_.emplace_back(text);
  roles_.push_back(roleOfString(text));
  return std::nullopt;
}

std::optional<std::string> ProfileReader::readInstructionPointer(HexFields fields) {
  InstructionPointer ip;
  if (!fields.next(ip.address) || !fields.next(ip.module))
    return "an instruction pointer without address and module";
  // A frame may stop after its function, or after its file ("f" for _start).
  while (!fields.empty()) {
    RawFrame frame;
    if (!fields.next(frame.function) || (!fields.empty() && !fields.next(frame.file)) ||
        (!fields.empty() && !fields.next(frame.line)))
      return "a frame with a field that is not a number";
    ip.frames.push_back(frame);
  }
  auto known = [this](uint64_t index) { return index <= strings_.size(); };
  if (!known(ip.module) || !std::ranges::all_of(ip.frames, [&](const RawFrame &frame) {
        return known(frame.function) && known(frame.file);
      }))
    return "a string index beyond the strings read so far";
  ips_.push_back(std::move(ip));
  return std::nullopt;
}

std::optional<std::string> ProfileReader::readTrace(HexFields fields) {
  TraceNode node;
  if (!fields.next(node.ip) || !fields.next(node.parent))
    return "a trace without instruction pointer and parent";
  if (node.ip == 0 || node.ip > ips_.size() || node.parent > traces_.size())
    return "a trace index or instruction pointer index beyond those read so far";
  // A trace ending in operator new stands for its caller's trace.
  while (node.ip != 0 && roleOf(ips_[node.ip - 1]) == StringRole::OperatorNew)
    node = node.parent == 0 ? TraceNode{} : traces_[node.parent - 1];
  traces_.push_back(node);
  return std::nullopt;
}

std::optional<std::string> ProfileReader::readAllocationInfo(HexFields fields) {
  AllocationInfo info;
  if (!fields.next(info.size) || !fields.next(info.trace))
    return "an allocation without size and trace";
  if (info.trace > traces_.size())
    return "a trace index beyond the traces read so far";
  if (infos_.size() >= std::numeric_limits<uint32_t>::max() / 2)
    return "more allocation infos than this reader can hold";
  infos_.push_back(info);
  costs_.emplace_back();
  return std::nullopt;
}

std::optional<std::string> ProfileReader::readEvent(HexFields fields, bool isFree) {
  uint64_t index = 0;
  if (!fields.next(index) || index >= infos_.size())
    return "an allocation info index beyond those read so far";
  const uint64_t size = infos_[index].size;
  events_.push_back(static_cast<uint32_t>(2 * index + (isFree ? 1 : 0)));
  if (isFree) {
    heap_ -= static_cast<int64_t>(size);
    if (lastAllocated_ == index) {
      ++costs_[index].temporary;
      ++temporary_;
    }
    lastAllocated_.reset();
    return std::nullopt;
  }
  ++costs_[index].allocations;
  ++allocations_;
  bytes_ += size;
  heap_ += static_cast<int64_t>(size);
  lastAllocated_ = index;
  if (heap_ > static_cast<int64_t>(peak_)) {
    peak_ = static_cast<uint64_t>(heap_);
    peakEvent_ = events_.size() - 1;
  }
  return std::nullopt;
}

// "# strings: N" and "# ips: N" (decimal) close a complete file.
void ProfileReader::readComment(std::string_view text) {
  auto count = [text](std::string_view prefix, std::optional<uint64_t> &value) {
    uint64_t number = 0;
    if (text.starts_with(prefix) && parseCount(text.substr(prefix.size()), number))
      value = number;
  };
  count("strings: ", closingStrings_);
  count("ips: ", closingIps_);
}

std::optional<Error> ProfileReader::checkClosingCounts() const {
  if (!sawClosingCounts() || (*closingStrings_ == strings_.size() && *closingIps_ == ips_.size()))
    return std::nullopt;
  return Error{ErrorKind::ToolFailed,
               "the heaptrack profile says it holds " + std::to_string(*closingStrings_) +
                   " strings and " + std::to_string(*closingIps_) +
                   " instruction pointers, but this reader found " +
                   std::to_string(strings_.size()) + " and " + std::to_string(ips_.size()) +
                   " (a heaptrack version other than 1.4?)."};
}

AllocationCost ProfileReader::total() const {
  return AllocationCost{allocations_, temporary_, peak_, bytes_};
}

// How many allocations of each info were live when the heap first peaked.
std::vector<int64_t> ProfileReader::liveAtPeak() const {
  std::vector<int64_t> live(infos_.size(), 0);
  if (peak_ == 0)
    return live;
  for (size_t event = 0; event <= peakEvent_; ++event)
    live[events_[event] / 2] += events_[event] % 2 == 0 ? 1 : -1;
  return live;
}

const std::vector<Frame> &ProfileReader::framesOf(uint64_t ipIndex) {
  auto [cached, isNew] = framesCache_.try_emplace(ipIndex);
  if (!isNew)
    return cached->second;
  const InstructionPointer &ip = ips_[ipIndex - 1];
  std::string module = ip.module == 0 ? "??" : stringAt(ip.module);
  for (const RawFrame &raw : ip.frames) {
    bool inlined = !cached->second.empty();
    // heaptrack_print shows the address of a function without a name, but
    // not for inlined ones.
    std::string function = raw.function != 0 ? stringAt(raw.function)
                           : inlined         ? std::string()
                                             : "0x" + hex(ip.address);
    cached->second.push_back(Frame{std::move(function), sourcePath(stringAt(raw.file)),
                                   static_cast<unsigned>(raw.line), module});
  }
  if (ip.frames.empty())
    cached->second.push_back(Frame{"0x" + hex(ip.address), {}, 0, module});
  return cached->second;
}

std::vector<Frame> ProfileReader::stackOf(uint64_t trace) {
  std::vector<Frame> stack;
  // Parents precede their children in the file, so this ends.
  for (TraceNode node = trace == 0 ? TraceNode{} : traces_[trace - 1]; node.ip != 0;
       node = node.parent == 0 ? TraceNode{} : traces_[node.parent - 1]) {
    const std::vector<Frame> &frames = framesOf(node.ip);
    stack.insert(stack.end(), frames.begin(), frames.end());
    if (roleOf(ips_[node.ip - 1]) == StringRole::StackEnd)
      break;
  }
  return stack;
}

// One site per trace with allocations, costliest first (file order on ties).
std::vector<AllocationSite> ProfileReader::sites() {
  std::vector<int64_t> live = liveAtPeak();
  std::map<uint64_t, AllocationSite> byTrace;
  for (size_t index = 0; index < infos_.size(); ++index) {
    const AllocationInfo &info = infos_[index];
    const InfoCost &cost = costs_[index];
    if (cost.allocations == 0)
      continue;
    AllocationSite &site = byTrace[info.trace];
    site.cost += AllocationCost{cost.allocations, cost.temporary,
                                static_cast<uint64_t>(live[index]) * info.size,
                                cost.allocations * info.size};
    site.sizes[info.size] += cost.allocations;
  }
  std::vector<std::pair<uint64_t, AllocationSite>> ordered(
      std::make_move_iterator(byTrace.begin()), std::make_move_iterator(byTrace.end()));
  std::ranges::sort(ordered, [](const auto &a, const auto &b) {
    return std::tie(b.second.cost.allocations, a.first) < std::tie(a.second.cost.allocations, b.first);
  });
  std::vector<AllocationSite> sites;
  sites.reserve(ordered.size());
  for (auto &[trace, site] : ordered) {
    site.stack = stackOf(trace);
    sites.push_back(std::move(site));
  }
  return sites;
}

std::string quoted(std::string_view line) {
  constexpr size_t shown = 80;
  return "'" + std::string(line.substr(0, shown)) + (line.size() > shown ? "...'" : "'");
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

// --- Decompressing ---------------------------------------------------------

struct Decompressed {
  std::string text;
  // The decompressor's complaint when it stopped early (a truncated file).
  std::string complaint;
};

// Told by the magic numbers, not the name: heaptrack's name has the
// extension, but a renamed or already decompressed file reads as well.
std::optional<std::string> decompressorFor(std::string_view start) {
  if (start.starts_with("\x28\xb5\x2f\xfd"))
    return "zstd";
  if (start.starts_with("\x1f\x8b"))
    return "gzip";
  return std::nullopt;
}

Result<Decompressed> readProfile(const std::string &path) {
  if (access(path.c_str(), R_OK) != 0)
    return Error{ErrorKind::UnreadableProfile,
                 "cannot read heaptrack profile '" + path + "': " + std::strerror(errno)};
  std::ifstream file(path, std::ios::binary);
  Decompressed result;
  char magic[4] = {};
  file.read(magic, sizeof magic);
  std::optional<std::string> tool = decompressorFor(std::string_view(magic, file.gcount()));
  if (!tool) {
    file.clear();
    file.seekg(0);
    result.text.assign(std::istreambuf_iterator<char>(file), {});
    return result;
  }
  file.close();
  Result<Captured> run = capture({*tool, "-dc", "--", path});
  if (!run)
    return run.error();
  Captured captured = std::move(run).value();
  if (captured.status != 0) {
    std::string said = *tool + " -dc said: " + trimmed(captured.err) + ".";
    if (captured.out.empty())
      return Error{ErrorKind::UnreadableProfile,
                   "'" + path + "' is not a heaptrack profile, or a corrupt one: " + said};
    result.complaint = "The file is cut short or damaged: " + said + " ";
  }
  result.text = std::move(captured.out);
  return result;
}

} // namespace

Result<HeapProfile> HeapProfile::parse(std::string_view data) {
  auto unreadable = [](std::string reason) {
    return Error{ErrorKind::UnreadableProfile, std::move(reason)};
  };
  if (data.empty())
    return unreadable("not a heaptrack profile: it is empty.");

  HeapProfile profile;
  ProfileReader reader;
  size_t lineNumber = 0;
  for (size_t start = 0; start < data.size();) {
    size_t end = data.find('\n', start);
    std::string_view line = data.substr(start, end - start);
    if (end == std::string_view::npos) {
      // heaptrack writes whole lines; a part of one is where it was stopped.
      profile.warnings_ += "The profile's last line (" + quoted(line) +
                           ") is incomplete and was ignored. ";
      break;
    }
    start = end + 1;
    ++lineNumber;
    if (std::optional<std::string> problem = reader.readLine(line))
      return unreadable(
          (reader.sawVersion() ? "a corrupt heaptrack profile: line "
                               : "not a heaptrack profile this reader knows: line ") +
          std::to_string(lineNumber) + " (" + quoted(line) + "): " + *problem + ".");
  }
  if (!reader.sawVersion())
    return unreadable("not a heaptrack profile: it has no complete line.");
  if (!reader.sawDebuggee())
    return unreadable("not a heaptrack profile, or a corrupt one: it records no command.");
  if (std::optional<Error> error = reader.checkClosingCounts())
    return *error;
  if (!reader.sawClosingCounts())
    profile.warnings_ += "The profile ends before heaptrack's closing counts: the recording was "
                         "cut short (heaptrack stopped or killed?). It holds what ran until then. ";

  profile.sites_ = reader.sites();
  if (std::optional<Error> error = checkDebugInfo(profile.sites_))
    return *error;
  profile.total_ = reader.total();
  profile.debuggeeCommand_ = reader.debuggee();
  for (const AllocationSite &site : profile.sites_)
    for (const Frame &frame : site.stack)
      if (!frame.file.empty())
        profile.sourceFiles_.insert(frame.file);
  profile.warnings_ = trimmed(profile.warnings_); // each sentence ended in a space
  return profile;
}

Result<HeapProfile> HeapProfile::load(const std::string &profilePath) {
  Result<Decompressed> read = readProfile(profilePath);
  if (!read)
    return read.error();
  const Decompressed &decompressed = read.value();
  Result<HeapProfile> parsed = parse(decompressed.text);
  if (!parsed) {
    Error error = parsed.error();
    if (error.kind == ErrorKind::UnreadableProfile)
      error.message = "'" + profilePath + "' is " + error.message +
                      (decompressed.complaint.empty() ? "" : " " + decompressed.complaint);
    return error;
  }
  HeapProfile profile = std::move(parsed).value();
  profile.warnings_ = trimmed(decompressed.complaint + profile.warnings_);
  return profile;
}

std::set<std::string_view> HeapProfile::sourceFilesNaming(std::string_view file) const {
  std::string wanted = normalise(file);
  std::set<std::string_view> matching;
  for (const std::string &seen : sourceFiles_)
    if (sameFile(wanted, seen))
      matching.insert(seen);
  return matching;
}

AllocationCost HeapProfile::costInside(std::string_view file, unsigned firstLine,
                                       unsigned lastLine) const {
  // Paths compared once per file, not per frame.
  std::set<std::string_view> matching = sourceFilesNaming(file);
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

bool sameSourceFile(std::string_view a, std::string_view b) {
  return sameFile(normalise(a), normalise(b));
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
