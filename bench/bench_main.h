// The shared main() of the bundled bench binaries.
#pragma once

namespace heapwise_bench {

// Runs the registered benchmarks after recording, in the JSON context, the
// allocator this process really uses (see allocator_probe.h) and the compiler.
int run_benchmarks(int argc, char** argv);

// The same set-up without running: benchmark::Initialize, the check for
// unrecognised arguments (false: exit 1) and the context.
bool initialize(int& argc, char** argv);

}  // namespace heapwise_bench
