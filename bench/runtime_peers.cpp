// heapwise runtime against its peers, one program, one run:
//   runtime_peers --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// push/<container>/<n>: push_back n ints into a fresh container with inline
//   capacity 16 (std::vector has none), then destroy it. n = 4, 8, 16 stay
//   inline; 64 spills to the heap.
// bump/<allocator>: 1000 allocations of 64 bytes, then release them all.
//   The allocator lives across iterations, as an arena reused per request would.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdlib>
#include <memory_resource>
#include <string>
#include <vector>

#include "bench_main.h"
#include "heapwise/arena.h"
#include "heapwise/counting_resource.h"
#include "heapwise/small_vector.h"

#if HEAPWISE_BENCH_LLVM
#include <llvm/ADT/SmallVector.h>
#include <llvm/Support/Allocator.h>
#endif
#if HEAPWISE_BENCH_ABSL
#include <absl/container/inlined_vector.h>
#endif
#if HEAPWISE_BENCH_BOOST
#include <boost/container/small_vector.hpp>
#endif

namespace {

constexpr unsigned inline_capacity = 16;
constexpr int allocations_per_cycle = 1000;
constexpr std::size_t allocation_size = 64;
constexpr std::size_t allocation_alignment = 8;

template <class Vector>
void push(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Vector v;
    for (int i = 0; i < n; ++i) v.push_back(i);
    benchmark::DoNotOptimize(v.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

template <class Vector>
void register_push(const std::string& name) {
  benchmark::RegisterBenchmark(("push/" + name).c_str(), push<Vector>)
      ->Arg(4)->Arg(8)->Arg(16)->Arg(64);
}

// Runs the 1000 x 64-byte cycle; allocate(bytes) and release() do the work.
void bump_cycles(benchmark::State& state, auto allocate, auto release) {
  for (auto _ : state) {
    for (int i = 0; i < allocations_per_cycle; ++i) {
      void* p = allocate(allocation_size);
      benchmark::DoNotOptimize(p);
    }
    release();
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * allocations_per_cycle);
}

// Upstream allocations per cycle, measured by a counting_resource.
void report_upstream(benchmark::State& state, const heapwise::counting_resource& upstream) {
  state.counters["upstream_allocs_per_cycle"] =
      static_cast<double>(upstream.allocations()) / static_cast<double>(state.iterations());
}

void bump_heapwise_arena(benchmark::State& state) {
  heapwise::counting_resource upstream(heapwise::malloc_resource());
  heapwise::arena arena(heapwise::arena::default_first_chunk_size, &upstream);
  bump_cycles(
      state, [&](std::size_t size) { return arena.allocate(size, allocation_alignment); },
      [&] { arena.reset(); });
  report_upstream(state, upstream);
}

void bump_pmr_monotonic(benchmark::State& state) {
  heapwise::counting_resource upstream(std::pmr::new_delete_resource());
  std::pmr::monotonic_buffer_resource monotonic(&upstream);
  // pmr is used through memory_resource pointers (polymorphic_allocator);
  // hide the dynamic type so the calls stay virtual, as they are in use.
  std::pmr::memory_resource* resource = &monotonic;
  benchmark::DoNotOptimize(resource);
  bump_cycles(
      state, [&](std::size_t size) { return resource->allocate(size, allocation_alignment); },
      [&] { monotonic.release(); });
  report_upstream(state, upstream);
}

void bump_malloc_free(benchmark::State& state) {
  std::array<void*, allocations_per_cycle> blocks{};
  int next = 0;
  bump_cycles(
      state, [&](std::size_t size) { return blocks[next++] = std::malloc(size); },
      [&] {
        for (void* p : blocks) std::free(p);
        next = 0;
      });
}

#if HEAPWISE_BENCH_LLVM
void bump_llvm_bump_ptr(benchmark::State& state) {
  llvm::BumpPtrAllocator allocator;
  bump_cycles(
      state,
      [&](std::size_t size) { return allocator.Allocate(size, llvm::Align(allocation_alignment)); },
      [&] { allocator.Reset(); });
}
#endif

}  // namespace

int main(int argc, char** argv) {
  register_push<std::vector<int>>("std::vector");
  register_push<heapwise::small_vector<int, inline_capacity>>("heapwise::small_vector");
#if HEAPWISE_BENCH_LLVM
  register_push<llvm::SmallVector<int, inline_capacity>>("llvm::SmallVector");
#endif
#if HEAPWISE_BENCH_ABSL
  register_push<absl::InlinedVector<int, inline_capacity>>("absl::InlinedVector");
#endif
#if HEAPWISE_BENCH_BOOST
  register_push<boost::container::small_vector<int, inline_capacity>>(
      "boost::container::small_vector");
#endif

  benchmark::RegisterBenchmark("bump/heapwise::arena", bump_heapwise_arena);
#if HEAPWISE_BENCH_LLVM
  benchmark::RegisterBenchmark("bump/llvm::BumpPtrAllocator", bump_llvm_bump_ptr);
#endif
  benchmark::RegisterBenchmark("bump/std::pmr::monotonic_buffer_resource", bump_pmr_monotonic);
  benchmark::RegisterBenchmark("bump/malloc+free", bump_malloc_free);

  return heapwise_bench::run_benchmarks(argc, argv);
}
