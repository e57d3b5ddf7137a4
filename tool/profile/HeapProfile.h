// Allocation costs measured by heaptrack, attributable to source line ranges.
//
// The profile is read through heaptrack's own `heaptrack_print` (see
// README.md for the exact invocation); heaptrack's file format is not parsed
// here. No LLVM dependency: C++20 and POSIX only.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace heapwise::profile {

// heaptrack 1.4 keeps, per call stack, the number of allocation calls, the
// temporary allocations, the leaked bytes and the peak bytes; it does not keep
// the total bytes allocated, so there is no such figure here.
struct AllocationCost {
  // Calls to allocation functions (malloc, operator new, ...).
  uint64_t allocations = 0;
  // Bytes these call stacks still held at the moment the whole program's heap
  // was at its peak (heaptrack's per-stack "peak"). Summing over stacks is
  // meaningful: the sum over all stacks is the program's peak heap. Read from
  // heaptrack_print's rounded text ("7.99K"), so exact below 1000 bytes and
  // within 0.5% above.
  uint64_t peak_bytes = 0;

  AllocationCost &operator+=(const AllocationCost &other) {
    allocations += other.allocations;
    peak_bytes += other.peak_bytes;
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
};

enum class ErrorKind {
  ToolMissing,       // heaptrack or heaptrack_print cannot be run
  ToolFailed,        // it ran but its output is not what this library expects
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
  // Runs `heaptrackPrint -f profilePath ...` (heaptrackPrint is looked up on
  // PATH unless it contains a '/') and parses its report.
  static Result<HeapProfile> load(const std::string &profilePath,
                                  const std::string &heaptrackPrint = "heaptrack_print");

  // Parses the stdout of the heaptrack_print invocation `load` runs; checks
  // that the report is complete and that the program had debug info.
  static Result<HeapProfile> parse(std::string_view heaptrackPrintOutput);

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

  // From heaptrack_print's summary: every allocation call, and the program's
  // peak heap (rounded like the per-stack peaks).
  AllocationCost total() const { return total_; }
  const std::vector<AllocationSite> &sites() const { return sites_; }
  // The profiled command line as heaptrack recorded it, arguments joined by
  // spaces (heaptrack keeps no quoting).
  const std::string &debuggeeCommand() const { return debuggeeCommand_; }
  // Every file named by a frame, normalised as Frame::file: a profile of
  // another program names none of the project's files.
  const std::set<std::string> &sourceFiles() const { return sourceFiles_; }
  // What heaptrack_print wrote to stderr for a profile it could still read
  // (e.g. a truncated last line when the program crashed).
  const std::string &warnings() const { return warnings_; }

private:
  std::vector<AllocationSite> sites_;
  AllocationCost total_;
  std::string debuggeeCommand_;
  std::set<std::string> sourceFiles_;
  std::string warnings_;
};

struct Recording {
  std::string profilePath; // with the extension heaptrack chose (.zst or .gz)
  // heaptrack's exit status, which is the program's (128 + N for signal N).
  // Non-zero still leaves a usable profile of what ran.
  int exitStatus = 0;
};

// Runs `heaptrack -o outputPrefix -- argv...`. The program's stdout and
// heaptrack's messages go to this process's stderr, so that a report printed
// on stdout stays clean; stdin is inherited. heaptrack's script does not quote
// the prefix: it must not contain whitespace or '%'.
Result<Recording> record(const std::vector<std::string> &argv, const std::string &outputPrefix,
                         const std::string &heaptrack = "heaptrack");

} // namespace heapwise::profile
