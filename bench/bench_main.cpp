#include "bench_main.h"

#include <benchmark/benchmark.h>

#include "allocator_probe.h"

namespace heapwise_bench {

bool initialize(int& argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return false;
  const allocator_info info = detect_allocator();
  std::string loaded;
  for (const std::string& path : info.loaded_allocator_libraries)
    loaded += (loaded.empty() ? "" : ",") + path;
  benchmark::AddCustomContext("heapwise_allocator", info.name);
  benchmark::AddCustomContext("heapwise_malloc_library", info.library);
  benchmark::AddCustomContext("heapwise_allocator_version", info.version);
  benchmark::AddCustomContext("heapwise_loaded_allocator_libraries", loaded);
  benchmark::AddCustomContext("heapwise_compiler", __VERSION__);
  return true;
}

int run_benchmarks(int argc, char** argv) {
  if (!initialize(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace heapwise_bench
