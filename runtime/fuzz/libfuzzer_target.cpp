// libFuzzer entry point for long differential runs (Clang only):
//   runtime_fuzz_libfuzzer -max_total_time=600 corpus/
#include <cstddef>
#include <cstdint>

#include "differential.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  heapwise::fuzz::run_differential(data, size);
  return 0;
}
