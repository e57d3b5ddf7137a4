// Fixed-seed driver of the differential test, for ctest:
//   runtime_fuzz_diff [iterations] [seed]
// Each iteration runs one random operation sequence (see differential.h).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "differential.h"

int main(int argc, char** argv) {
  const long iterations = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 20000;
  const auto seed = static_cast<std::uint64_t>(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1);
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<std::size_t> length(1, 600);
  std::vector<std::uint8_t> input;
  for (long i = 0; i < iterations; ++i) {
    input.resize(length(random));
    for (auto& b : input) b = static_cast<std::uint8_t>(random());
    heapwise::fuzz::run_differential(input.data(), input.size());
  }
  // Any divergence aborted above.
  std::printf("differential: %ld operation sequences (seed %llu) agreed with std::vector\n",
              iterations, static_cast<unsigned long long>(seed));
  return 0;
}
