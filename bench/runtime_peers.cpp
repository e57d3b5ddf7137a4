// heapwise runtime against its peers, one program, one run:
//   runtime_peers --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Containers have inline capacity 16 (std::vector has none); each iteration
// builds a fresh one and destroys it.
// push/<container>/<n>: push_back n ints. n = 4, 8, 16 stay inline; 64 and
//   1000 spill to the heap and grow.
// copy/<container>: copy-construct a full (16 ints, inline) vector.
// strings/<container>/<n>: emplace_back n short (SSO) std::strings.
// insert_middle/<container>: 16 ints, each inserted in the middle.
// erase_front/<container>: 16 ints pushed, then erased from the front one by one.
// bump/<allocator>: 1000 allocations of 64 bytes, then release them all.
// bump_mixed/<allocator>: 1000 allocations of sizes 8 to 1000 bytes and
//   alignments 1 to 64, then release them all.
//   The allocators live across iterations, as an arena reused per request would.
//
// HEAPWISE_PEERS_ITERATIONS=n runs every benchmark exactly n iterations, once:
// for counting instructions per operation under valgrind (the difference
// between two values of n divided by the difference of n).
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
void copy_full(benchmark::State& state) {
  Vector source;
  for (int i = 0; i < static_cast<int>(inline_capacity); ++i) source.push_back(i);
  for (auto _ : state) {
    benchmark::DoNotOptimize(source.data());
    Vector copy(source);
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * inline_capacity);
}

template <class Vector>
void strings(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Vector v;
    for (int i = 0; i < n; ++i) v.emplace_back("short");
    benchmark::DoNotOptimize(v.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

template <class Vector>
void insert_middle(benchmark::State& state) {
  for (auto _ : state) {
    Vector v;
    for (int i = 0; i < static_cast<int>(inline_capacity); ++i) v.insert(v.begin() + v.size() / 2, i);
    benchmark::DoNotOptimize(v.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * inline_capacity);
}

template <class Vector>
void erase_front(benchmark::State& state) {
  for (auto _ : state) {
    Vector v;
    for (int i = 0; i < static_cast<int>(inline_capacity); ++i) v.push_back(i);
    benchmark::DoNotOptimize(v.data());
    while (!v.empty()) v.erase(v.begin());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * inline_capacity);
}

// 0 (the default): Google Benchmark picks the iteration count.
benchmark::IterationCount fixed_iterations() {
  const char* value = std::getenv("HEAPWISE_PEERS_ITERATIONS");
  return value != nullptr ? std::strtoll(value, nullptr, 10) : 0;
}

benchmark::internal::Benchmark* with_iterations(benchmark::internal::Benchmark* b) {
  if (const auto n = fixed_iterations(); n > 0) b->Iterations(n);
  return b;
}

template <class Vector>
void register_vector(const std::string& name) {
  with_iterations(benchmark::RegisterBenchmark(("push/" + name).c_str(), push<Vector>)
                      ->Arg(4)->Arg(8)->Arg(16)->Arg(64)->Arg(1000));
  with_iterations(benchmark::RegisterBenchmark(("copy/" + name).c_str(), copy_full<Vector>));
  with_iterations(benchmark::RegisterBenchmark(("insert_middle/" + name).c_str(), insert_middle<Vector>));
  with_iterations(benchmark::RegisterBenchmark(("erase_front/" + name).c_str(), erase_front<Vector>));
}

template <class StringVector>
void register_strings(const std::string& name) {
  with_iterations(
      benchmark::RegisterBenchmark(("strings/" + name).c_str(), strings<StringVector>)->Arg(8)->Arg(64));
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

// The mixed cycle: sizes and alignments that vary from one request to the next.
constexpr std::array<std::size_t, 7> mixed_sizes{8, 24, 64, 200, 16, 1000, 40};
constexpr std::array<std::size_t, 5> mixed_alignments{8, 1, 16, 64, 4};

template <class Allocate, class Release>
void mixed_cycles(benchmark::State& state, Allocate allocate, Release release) {
  for (auto _ : state) {
    for (int i = 0; i < allocations_per_cycle; ++i) {
      const auto k = static_cast<std::size_t>(i);
      void* p = allocate(mixed_sizes[k % mixed_sizes.size()], mixed_alignments[k % mixed_alignments.size()]);
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

void mixed_heapwise_arena(benchmark::State& state) {
  heapwise::counting_resource upstream(heapwise::malloc_resource());
  heapwise::arena arena(heapwise::arena::default_first_chunk_size, &upstream);
  mixed_cycles(
      state, [&](std::size_t size, std::size_t alignment) { return arena.allocate(size, alignment); },
      [&] { arena.reset(); });
  report_upstream(state, upstream);
}

void mixed_pmr_monotonic(benchmark::State& state) {
  heapwise::counting_resource upstream(std::pmr::new_delete_resource());
  std::pmr::monotonic_buffer_resource monotonic(&upstream);
  std::pmr::memory_resource* resource = &monotonic;  // virtual calls, as in bump_pmr_monotonic
  benchmark::DoNotOptimize(resource);
  mixed_cycles(
      state,
      [&](std::size_t size, std::size_t alignment) { return resource->allocate(size, alignment); },
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

void mixed_llvm_bump_ptr(benchmark::State& state) {
  llvm::BumpPtrAllocator allocator;
  mixed_cycles(
      state,
      [&](std::size_t size, std::size_t alignment) {
        return allocator.Allocate(size, llvm::Align(alignment));
      },
      [&] { allocator.Reset(); });
}
#endif

}  // namespace

int main(int argc, char** argv) {
  register_vector<std::vector<int>>("std::vector");
  register_strings<std::vector<std::string>>("std::vector");
  register_vector<heapwise::small_vector<int, inline_capacity>>("heapwise::small_vector");
  register_strings<heapwise::small_vector<std::string, inline_capacity>>("heapwise::small_vector");
#if HEAPWISE_BENCH_LLVM
  register_vector<llvm::SmallVector<int, inline_capacity>>("llvm::SmallVector");
  register_strings<llvm::SmallVector<std::string, inline_capacity>>("llvm::SmallVector");
#endif
#if HEAPWISE_BENCH_ABSL
  register_vector<absl::InlinedVector<int, inline_capacity>>("absl::InlinedVector");
  register_strings<absl::InlinedVector<std::string, inline_capacity>>("absl::InlinedVector");
#endif
#if HEAPWISE_BENCH_BOOST
  register_vector<boost::container::small_vector<int, inline_capacity>>(
      "boost::container::small_vector");
  register_strings<boost::container::small_vector<std::string, inline_capacity>>(
      "boost::container::small_vector");
#endif

  with_iterations(benchmark::RegisterBenchmark("bump/heapwise::arena", bump_heapwise_arena));
  with_iterations(benchmark::RegisterBenchmark("bump_mixed/heapwise::arena", mixed_heapwise_arena));
#if HEAPWISE_BENCH_LLVM
  with_iterations(benchmark::RegisterBenchmark("bump/llvm::BumpPtrAllocator", bump_llvm_bump_ptr));
  with_iterations(benchmark::RegisterBenchmark("bump_mixed/llvm::BumpPtrAllocator", mixed_llvm_bump_ptr));
#endif
  with_iterations(
      benchmark::RegisterBenchmark("bump/std::pmr::monotonic_buffer_resource", bump_pmr_monotonic));
  with_iterations(
      benchmark::RegisterBenchmark("bump_mixed/std::pmr::monotonic_buffer_resource", mixed_pmr_monotonic));
  with_iterations(benchmark::RegisterBenchmark("bump/malloc+free", bump_malloc_free));

  return heapwise_bench::run_benchmarks(argc, argv);
}
