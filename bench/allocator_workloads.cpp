// The seed talk's allocator workloads. Run it with an allocator LD_PRELOAD'ed;
// the `/arena` variants are the fifth column, heapwise::arena over malloc.
//
// workload/chunks/<size>/{malloc,arena}: allocate 1600 chunks of <size> bytes
//   (16, 32, 64, 128, 256), write each, free the first half in FIFO order, then
//   the other half in LIFO order. One iteration is one such cycle.
// workload/threads/<n>/{malloc,arena}: the same cycle with 128-byte chunks on n
//   threads at once (1, 2, 4, 8, 16), each with its own chunks, all sharing the
//   process's malloc (the arena variant: one arena per thread, as arenas are
//   not thread-safe). Wall-clock time per cycle, summed over threads.
// workload/large-blocks/malloc: 1000 times allocate a block of 5-25 MB (uniform,
//   fixed seed), touching every page, keeping at most 20 alive by freeing a
//   randomly chosen one to make room. One cold run of the 1000 blocks per process.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "bench_main.h"
#include "heapwise/arena.h"

namespace {

constexpr int chunks_per_cycle = 1600;
constexpr std::size_t thread_chunk_size = 128;
constexpr int large_block_count = 1000;
constexpr int large_blocks_alive = 20;
constexpr std::size_t large_block_min = 5u << 20;
constexpr std::size_t large_block_max = 25u << 20;
constexpr std::size_t page_size = 4096;
constexpr std::uint32_t large_block_seed = 20260101;

// One cycle over chunk_size-byte chunks from allocate(size); free(pointer, size)
// gives one back and end_cycle() runs after the last free. Each chunk is written
// in full: an allocator must hand out memory that is really usable.
void chunk_cycles(benchmark::State& state, std::size_t chunk_size, auto allocate, auto free,
                  auto end_cycle) {
  std::array<void*, chunks_per_cycle> chunks{};
  for (auto _ : state) {
    for (int i = 0; i < chunks_per_cycle; ++i) {
      chunks[i] = allocate(chunk_size);
      std::memset(chunks[i], i & 0xff, chunk_size);
    }
    benchmark::ClobberMemory();
    for (int i = 0; i < chunks_per_cycle / 2; ++i) free(chunks[i], chunk_size);  // FIFO
    for (int i = chunks_per_cycle - 1; i >= chunks_per_cycle / 2; --i)
      free(chunks[i], chunk_size);  // LIFO
    end_cycle();
  }
  state.SetItemsProcessed(state.iterations() * chunks_per_cycle);
}

void chunks_malloc(benchmark::State& state, std::size_t chunk_size) {
  chunk_cycles(
      state, chunk_size, [](std::size_t size) { return std::malloc(size); },
      [](void* p, std::size_t) { std::free(p); }, [] {});
}

// The arena frees everything at once: reset() at the end of each cycle, which
// keeps its chunk, so from the second cycle on it never calls malloc.
void chunks_arena(benchmark::State& state, std::size_t chunk_size) {
  heapwise::arena arena;
  chunk_cycles(
      state, chunk_size, [&](std::size_t size) { return arena.allocate(size); },
      [&](void* p, std::size_t size) { arena.deallocate(p, size); }, [&] { arena.reset(); });
}

void large_blocks(benchmark::State& state) {
  for (auto _ : state) {
    std::mt19937 random(large_block_seed);
    std::uniform_int_distribution<std::size_t> block_size(large_block_min, large_block_max);
    std::uniform_int_distribution<int> victim(0, large_blocks_alive - 1);
    std::array<char*, large_blocks_alive> alive{};
    int count = 0;
    for (int i = 0; i < large_block_count; ++i) {
      const std::size_t size = block_size(random);
      const int slot = count < large_blocks_alive ? count++ : victim(random);
      std::free(alive[slot]);
      alive[slot] = static_cast<char*>(std::malloc(size));
      // One write per page makes the kernel (or the allocator's reuse) supply it.
      for (std::size_t offset = 0; offset < size; offset += page_size) alive[slot][offset] = 1;
      benchmark::DoNotOptimize(alive[slot]);
    }
    for (char* block : alive) std::free(block);
  }
  state.SetItemsProcessed(state.iterations() * large_block_count);
}

void register_workloads() {
  for (std::size_t size : {16, 32, 64, 128, 256}) {
    const std::string name = "workload/chunks/" + std::to_string(size);
    benchmark::RegisterBenchmark((name + "/malloc").c_str(), chunks_malloc, size);
    benchmark::RegisterBenchmark((name + "/arena").c_str(), chunks_arena, size);
  }
  for (int threads : {1, 2, 4, 8, 16}) {
    const std::string name = "workload/threads/" + std::to_string(threads);
    benchmark::RegisterBenchmark((name + "/malloc").c_str(), chunks_malloc, thread_chunk_size)
        ->Threads(threads)
        ->UseRealTime();
    benchmark::RegisterBenchmark((name + "/arena").c_str(), chunks_arena, thread_chunk_size)
        ->Threads(threads)
        ->UseRealTime();
  }
  // One cold run of the 1000 blocks per process: the workload is long (up to
  // seconds), and starting from the OS's memory is part of it. Real time: page
  // faults are kernel time.
  benchmark::RegisterBenchmark("workload/large-blocks/malloc", large_blocks)
      ->Iterations(1)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  register_workloads();
  return heapwise_bench::run_benchmarks(argc, argv);
}
