// libheapwise_alloc_probe.so: LD_PRELOAD'ed after the allocator into a program
// that has no heapwise code (a user's `heapwise bench -- BINARY`). At load time
// it asks the process which malloc it resolved, as the bundled binaries do,
// and appends the answer to the file named by HEAPWISE_ALLOC_PROBE_OUT as
// tab-separated `key value` lines, one block per process, with the process's
// executable so the runner finds the block of the process that benchmarked.
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>

#include "allocator_probe.h"

namespace {

__attribute__((constructor)) void report_allocator() {
  const char* out_path = std::getenv("HEAPWISE_ALLOC_PROBE_OUT");
  if (!out_path) return;
  const heapwise_bench::allocator_info info = heapwise_bench::detect_allocator();
  char exe[PATH_MAX] = {};
  if (readlink("/proc/self/exe", exe, sizeof exe - 1) < 0) exe[0] = '\0';
  std::FILE* out = std::fopen(out_path, "a");
  if (!out) return;
  std::fprintf(out, "pid\t%d\nexe\t%s\nallocator\t%s\nmalloc_library\t%s\nversion\t%s\n",
               static_cast<int>(getpid()), exe, info.name.c_str(), info.library.c_str(),
               info.version.c_str());
  for (const auto& path : info.loaded_allocator_libraries)
    std::fprintf(out, "loaded_allocator_library\t%s\n", path.c_str());
  std::fclose(out);
}

}  // namespace
