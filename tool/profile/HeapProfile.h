// Allocation costs measured by heaptrack, attributable to source line ranges.
//
// The profile is heaptrack's own file (the interpreted text format, version
// 2 or 3, compressed with zstd or gzip), read directly: it has every
// allocation's size and order, which heaptrack_print's reports round or drop
// (see README.md). No LLVM dependency: C++20 and POSIX only.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace heapwise::profile {

// Exact figures, computed from the profile's events.
struct AllocationCost {
  // Calls to allocation functions (malloc, operator new, ...).
  uint64_t allocations = 0;
  // heaptrack's "temporary" allocations: freed while no other allocation
  // happened since they were made (a string built, read and dropped).
  uint64_t temporary = 0;
  // Bytes these call stacks still held at the moment the whole program's heap
  // was first at its peak (heaptrack's per-stack "peak"). Summing over stacks
  // is meaningful: the sum over all stacks is the program's peak heap.
  uint64_t peak_bytes = 0;
  // Bytes requested, summed over every allocation.
  uint64_t bytes = 0;

  AllocationCost &operator+=(const AllocationCost &other) {
    allocations += other.allocations;
    temporary += other.temporary;
    peak_bytes += other.peak_bytes;
    bytes += other.bytes;
    return *this;
  }
  friend bool operator==(const AllocationCost &, const AllocationCost &) = default;
};

struct Frame {
  std::string function;
  // Lexically normalised ("a/./b/../c" -> "a/c"), and "/build//src/a.cpp"
  // (heaptrack's rendering of an absolute name in an inlined frame) read as
  // "/src/a.cpp"; empty when heaptrack had no debug info for the frame.
  std::string file;
  unsigned line = 0;
  // The executable or shared library; "??" when heaptrack did not know it.
  std::string module;
};

// One distinct call stack ending in an allocation function.
struct AllocationSite {
  // Innermost frame first, down to `main` (or the thread's entry); inlined
  // calls appear as frames of their own, as heaptrack reports them.
  std::vector<Frame> stack;
  AllocationCost cost;
  // Requested size -> number of allocation calls of that size from this
  // stack. A container grown element by element from empty shows each
  // capacity once per execution: {4: 9, 8: 9, 16: 9} is nine fills to 4 ints.
  std::map<uint64_t, uint64_t> sizes;
};

enum class ErrorKind {
  ToolMissing,       // heaptrack, zstd or gzip cannot be run
  ToolFailed,        // it ran but what it wrote is not what this library expects
  UnreadableProfile, // missing, unreadable, corrupt or not a heaptrack file
  NoDebugInfo,       // the profiled program was built without -g
  ProgramNotStarted, // the program to profile does not exist or cannot run
  InvalidArgument,
};

struct Error {
  ErrorKind kind;
  std::string message; // complete, user-facing sentence(s)
};

// A value or the error that prevented it.
template <typename T> class Result {
public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T &value() const & { return std::get<0>(state_); }
  T &&value() && { return std::get<0>(std::move(state_)); }
  const Error &error() const { return std::get<1>(state_); }

private:
  std::variant<T, Error> state_;
};

class HeapProfile {
public:
  // Decompresses profilePath (zstd or gzip, told by its first bytes; an
  // uncompressed file is read as is) and parses it.
  static Result<HeapProfile> load(const std::string &profilePath);

  // Parses heaptrack's decompressed file; checks that it is one this reader
  // knows and that the program had debug info. A file cut short is read with
  // warnings().
  static Result<HeapProfile> parse(std::string_view heaptrackData);

  // The cost of every allocation site whose stack has a frame in `file` on a
  // line in [firstLine, lastLine]; each site counts once however many of its
  // frames match (recursion, or a loop calling the same helper twice).
  //
  // Paths are compared after lexical normalisation. When `file` and the
  // frame's file are both absolute they must be equal; otherwise the shorter
  // one, without leading "./" and "../", must be a suffix of the other at a
  // '/' boundary ("src/a.cpp" matches "/p/src/a.cpp" but not "/p/xsrc/a.cpp").
  // Resolving paths against a build directory is the caller's business.
  AllocationCost costInside(std::string_view file, unsigned firstLine, unsigned lastLine) const;
  // The names in sourceFiles() that name `file`, by costInside's rule.
  std::set<std::string_view> sourceFilesNaming(std::string_view file) const;

  // The whole program: every allocation call, its peak heap, and so on.
  AllocationCost total() const { return total_; }
  const std::vector<AllocationSite> &sites() const { return sites_; }
  // The profiled command line as heaptrack recorded it, arguments joined by
  // spaces (heaptrack keeps no quoting).
  const std::string &debuggeeCommand() const { return debuggeeCommand_; }
  // Every file named by a frame, normalised as Frame::file: a profile of
  // another program names none of the project's files.
  const std::set<std::string> &sourceFiles() const { return sourceFiles_; }
  // What was wrong with a profile that could still be read (e.g. a truncated
  // last line when the program crashed).
  const std::string &warnings() const { return warnings_; }

private:
  std::vector<AllocationSite> sites_;
  AllocationCost total_;
  std::string debuggeeCommand_;
  std::set<std::string> sourceFiles_;
  std::string warnings_;
};

// Whether two paths name the same file by costInside's rule (normalised,
// equal when both are absolute, else a suffix at a '/' boundary).
bool sameSourceFile(std::string_view a, std::string_view b);

struct Recording {
  std::string profilePath; // with the extension heaptrack chose (.zst or .gz)
  // heaptrack's exit status, which is the program's (128 + N for signal N).
  // Non-zero still leaves a usable profile of what ran.
  int exitStatus = 0;
};

// Runs `heaptrack -o outputPrefix -- argv...`. The program's stdout and
// heaptrack's messages go to this process's stderr, so that a report printed
// on stdout stays clean; stdin is inherited. With a `stdoutPath`, the
// program's stdout is written to that file instead, without heaptrack's
// messages (to compare two runs' output). heaptrack's script does not quote
// the prefix: it must not contain whitespace or '%'.
Result<Recording> record(const std::vector<std::string> &argv, const std::string &outputPrefix,
                         const std::string &heaptrack = "heaptrack",
                         const std::string &stdoutPath = "");

} // namespace heapwise::profile
