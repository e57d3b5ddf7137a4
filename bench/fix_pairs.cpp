// One pair per heapwise check: the code the check flags (`before`) and the code
// its fix-it produces (`after`), doing the same work, as in the check's docs and
// test-inputs. Some pairs add `arena`: the flagged code with its containers on a
// heapwise::arena reset per call, the alternative to the fix. The last two
// pairs put many short-lived small vectors on an arena, through
// heapwise::arena_allocator and through std::pmr over heapwise::arena_resource.
//
// fix/<pair>/<variant> counters:
//   allocs_per_iter  heap allocations of one call: operator new (counted by
//                    heap_counter.cpp), plus the arena's upstream chunk allocations
//   checksum         the call's result; equal across a pair's variants, which
//                    the runner checks, so each variant did the same work
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "bench_main.h"
#include "heap_counter.h"
#include "heapwise/arena.h"
#include "heapwise/counting_resource.h"
#include "heapwise/small_vector.h"

namespace {

using checksum_t = std::uint64_t;

// The arena of the `arena` variants: it lives across calls, as an arena reused
// per request would, and its upstream allocations are counted.
struct arena_fixture {
  heapwise::counting_resource upstream{heapwise::malloc_resource()};
  heapwise::arena arena{heapwise::arena::default_first_chunk_size, &upstream};
};

// Times call(), which returns a checksum of its result. Two untimed calls
// first: a warm-up, then one whose allocations are counted.
void run(benchmark::State& state, auto call, const arena_fixture* fixture = nullptr) {
  benchmark::DoNotOptimize(call());
  const std::uint64_t news = heapwise_bench::heap_allocations();
  const std::uint64_t chunks = fixture ? fixture->upstream.allocations() : 0;
  const checksum_t checksum = call();
  const std::uint64_t allocations = heapwise_bench::heap_allocations() - news +
                                    (fixture ? fixture->upstream.allocations() - chunks : 0);
  for (auto _ : state) benchmark::DoNotOptimize(call());
  state.counters["allocs_per_iter"] = static_cast<double>(allocations);
  state.counters["checksum"] = static_cast<double>(checksum);
}

template <class T>
using arena_vector = std::vector<T, heapwise::arena_allocator<T>>;

// --- heapwise-missing-reserve: out.reserve(orders.size()) before the loop.
struct order {
  std::int64_t price;
  std::int64_t quantity;
};
const std::vector<order> orders = [] {
  std::vector<order> o(1000);
  for (std::size_t i = 0; i < o.size(); ++i) o[i] = {static_cast<std::int64_t>(i * 7 % 1000), 1};
  return o;
}();

template <class Vector>
checksum_t prices(Vector out, bool reserve) {
  if (reserve) out.reserve(orders.size());
  for (const order& o : orders) out.push_back(o.price);
  return std::accumulate(out.begin(), out.end(), checksum_t{0});
}

void missing_reserve_before(benchmark::State& s) {
  run(s, [] { return prices(std::vector<std::int64_t>{}, false); });
}
void missing_reserve_after(benchmark::State& s) {
  run(s, [] { return prices(std::vector<std::int64_t>{}, true); });
}
void missing_reserve_arena(benchmark::State& s) {
  arena_fixture f;
  run(
      s,
      [&] {
        const checksum_t sum = prices(arena_vector<std::int64_t>(f.arena), false);
        f.arena.reset();
        return sum;
      },
      &f);
}

// --- heapwise-container-in-loop: the row vector hoisted, clear() per row.
constexpr int rows = 64;
constexpr int cols = 100;

checksum_t consume(std::span<const int> row) {
  return std::accumulate(row.begin(), row.end(), checksum_t{0});
}

void container_in_loop_before(benchmark::State& s) {
  run(s, [] {
    checksum_t sum = 0;
    for (int r = 0; r < rows; ++r) {
      std::vector<int> row;
      for (int c = 0; c < cols; ++c) row.push_back(r * c);
      sum += consume(row);
    }
    return sum;
  });
}
void container_in_loop_after(benchmark::State& s) {
  run(s, [] {
    checksum_t sum = 0;
    std::vector<int> row;
    for (int r = 0; r < rows; ++r) {
      row.clear();
      for (int c = 0; c < cols; ++c) row.push_back(r * c);
      sum += consume(row);
    }
    return sum;
  });
}
void container_in_loop_arena(benchmark::State& s) {
  arena_fixture f;
  run(
      s,
      [&] {
        checksum_t sum = 0;
        for (int r = 0; r < rows; ++r) {
          arena_vector<int> row(f.arena);
          for (int c = 0; c < cols; ++c) row.push_back(r * c);
          sum += consume(row);
        }
        f.arena.reset();
        return sum;
      },
      &f);
}

// --- heapwise-string-concat-in-loop: out = out + w + ", "  ->  out += w; out += ", ".
// No arena variant: `s + x` on a std::pmr::string builds its result with the
// default resource (polymorphic_allocator is not propagated on copy), so the
// flagged code cannot be put on an arena without rewriting it.
const std::vector<std::string> words = [] {
  std::vector<std::string> w;
  for (int i = 0; i < 200; ++i) w.push_back("word-" + std::to_string(i * 37));
  return w;
}();

checksum_t string_checksum(const std::string& s) {
  return std::accumulate(s.begin(), s.end(), checksum_t{s.size()},
                         [](checksum_t h, char c) { return h * 31 % 1000000007 + c; });
}

void string_concat_before(benchmark::State& s) {
  run(s, [] {
    std::string out;
    for (const std::string& w : words) {
      out = out + w + ", ";
    }
    return string_checksum(out);
  });
}
void string_concat_after(benchmark::State& s) {
  run(s, [] {
    std::string out;
    for (const std::string& w : words) {
      out += w;
      out += ", ";
    }
    return string_checksum(out);
  });
}

// --- heapwise-front-insert-in-loop: push_back in the loop, std::reverse after.
constexpr int front_inserts = 1000;

checksum_t ordered_checksum(std::span<const int> v) {
  checksum_t h = 0;
  for (int x : v) h = h * 31 % 1000000007 + static_cast<checksum_t>(x);
  return h;
}

void front_insert_before(benchmark::State& s) {
  run(s, [] {
    std::vector<int> out;
    for (int i = 0; i < front_inserts; ++i) out.insert(out.begin(), i);
    return ordered_checksum(out);
  });
}
void front_insert_after(benchmark::State& s) {
  run(s, [] {
    std::vector<int> out;
    for (int i = 0; i < front_inserts; ++i) out.push_back(i);
    std::reverse(out.begin(), out.end());
    return ordered_checksum(out);
  });
}

// --- heapwise-reserve-in-loop: the reserve(size() + 1) removed, one reserve(n) before.
constexpr int reserve_pushes = 1000;

void reserve_in_loop_before(benchmark::State& s) {
  run(s, [] {
    std::vector<int> out;
    for (int i = 0; i < reserve_pushes; ++i) {
      out.reserve(out.size() + 1);
      out.push_back(i);
    }
    return ordered_checksum(out);
  });
}
void reserve_in_loop_after(benchmark::State& s) {
  run(s, [] {
    std::vector<int> out;
    out.reserve(reserve_pushes);
    for (int i = 0; i < reserve_pushes; ++i) {
      out.push_back(i);
    }
    return ordered_checksum(out);
  });
}

// --- heapwise-small-vector: the docs' guarded(n), at most 7 elements, over 256 calls.
constexpr int small_vector_calls = 256;

template <class Vector>
checksum_t guarded(int n, Vector parts) {
  parts.push_back(n);
  if (n > 0)
    parts.push_back(1);
  else {
    parts.push_back(-1);
    parts.push_back(-2);
  }
  if (n % 2 == 0) parts.emplace_back(n / 2);
  for (int i = 0; i < 3; ++i) parts.push_back(i * n);
  std::sort(parts.begin(), parts.end());
  return ordered_checksum(parts);
}

checksum_t guarded_calls(auto make_vector) {
  checksum_t sum = 0;
  for (int n = 0; n < small_vector_calls; ++n) sum += guarded(n, make_vector());
  return sum;
}

void small_vector_before(benchmark::State& s) {
  run(s, [] { return guarded_calls([] { return std::vector<int>{}; }); });
}
void small_vector_after(benchmark::State& s) {
  using vector = heapwise::small_vector<int, 7>;
  run(s, [] { return guarded_calls([] { return vector{}; }); });
}
void small_vector_arena(benchmark::State& s) {
  arena_fixture f;
  run(
      s,
      [&] {
        const checksum_t sum =
            guarded_calls([&] { return arena_vector<int>(f.arena); });
        f.arena.reset();
        return sum;
      },
      &f);
}

// --- heapwise-small-heap-object: make_unique<Rect>() -> a Rect on the stack.
struct rect {
  int w = 0;
  int h = 0;
  int area() const { return w * h; }
};
constexpr int rect_calls = 256;

// Takes the object's address as the docs' example does. The address escapes
// (as into a function in another file), so the compiler cannot drop the heap
// allocation of `before` that the benchmark measures.
int perimeter(const rect* r) {
  benchmark::DoNotOptimize(r);
  return 2 * (r->w + r->h);
}

void small_heap_object_before(benchmark::State& s) {
  run(s, [] {
    checksum_t sum = 0;
    for (int i = 0; i < rect_calls; ++i) {
      auto r = std::make_unique<rect>();
      r->w = i;
      r->h = i + 1;
      sum += r->area() + perimeter(r.get());
    }
    return sum;
  });
}
void small_heap_object_after(benchmark::State& s) {
  run(s, [] {
    checksum_t sum = 0;
    for (int i = 0; i < rect_calls; ++i) {
      rect r{};
      r.w = i;
      r.h = i + 1;
      sum += r.area() + perimeter(&r);
    }
    return sum;
  });
}
void small_heap_object_arena(benchmark::State& s) {
  arena_fixture f;
  run(
      s,
      [&] {
        checksum_t sum = 0;
        for (int i = 0; i < rect_calls; ++i) {
          rect* r = new (f.arena.allocate(sizeof(rect), alignof(rect))) rect{};
          r->w = i;
          r->h = i + 1;
          sum += r->area() + perimeter(r);
        }
        f.arena.reset();
        return sum;
      },
      &f);
}

// --- Many short-lived small vectors (1 to 16 ints) per request, 256 per call:
// default allocator vs an arena reset per call.
constexpr int short_lived_count = 256;

checksum_t short_lived(auto make_vector) {
  checksum_t sum = 0;
  for (int i = 0; i < short_lived_count; ++i) {
    auto v = make_vector();
    for (int k = 0; k <= i % 16; ++k) v.push_back(i + k);
    sum += ordered_checksum(v);
  }
  return sum;
}

void arena_allocator_before(benchmark::State& s) {
  run(s, [] { return short_lived([] { return std::vector<int>{}; }); });
}
void arena_allocator_after(benchmark::State& s) {
  arena_fixture f;
  run(
      s,
      [&] {
        const checksum_t sum =
            short_lived([&] { return arena_vector<int>(f.arena); });
        f.arena.reset();
        return sum;
      },
      &f);
}

// pmr calls go through a memory_resource pointer; hiding it keeps them virtual,
// as they are in real use.
void pmr_short_lived(benchmark::State& s, std::pmr::memory_resource* resource,
                     heapwise::arena* arena, const arena_fixture* fixture) {
  benchmark::DoNotOptimize(resource);
  run(
      s,
      [&] {
        const checksum_t sum = short_lived(
            [&] { return std::pmr::vector<int>(resource); });
        if (arena) arena->reset();
        return sum;
      },
      fixture);
}
void pmr_arena_resource_before(benchmark::State& s) {
  pmr_short_lived(s, std::pmr::new_delete_resource(), nullptr, nullptr);
}
void pmr_arena_resource_after(benchmark::State& s) {
  arena_fixture f;
  heapwise::arena_resource resource(f.arena);
  pmr_short_lived(s, &resource, &f.arena, &f);
}

}  // namespace

int main(int argc, char** argv) {
  const struct {
    const char* name;
    void (*function)(benchmark::State&);
  } pairs[] = {
      {"fix/heapwise-missing-reserve/before", missing_reserve_before},
      {"fix/heapwise-missing-reserve/after", missing_reserve_after},
      {"fix/heapwise-missing-reserve/arena", missing_reserve_arena},
      {"fix/heapwise-container-in-loop/before", container_in_loop_before},
      {"fix/heapwise-container-in-loop/after", container_in_loop_after},
      {"fix/heapwise-container-in-loop/arena", container_in_loop_arena},
      {"fix/heapwise-string-concat-in-loop/before", string_concat_before},
      {"fix/heapwise-string-concat-in-loop/after", string_concat_after},
      {"fix/heapwise-front-insert-in-loop/before", front_insert_before},
      {"fix/heapwise-front-insert-in-loop/after", front_insert_after},
      {"fix/heapwise-reserve-in-loop/before", reserve_in_loop_before},
      {"fix/heapwise-reserve-in-loop/after", reserve_in_loop_after},
      {"fix/heapwise-small-vector/before", small_vector_before},
      {"fix/heapwise-small-vector/after", small_vector_after},
      {"fix/heapwise-small-vector/arena", small_vector_arena},
      {"fix/heapwise-small-heap-object/before", small_heap_object_before},
      {"fix/heapwise-small-heap-object/after", small_heap_object_after},
      {"fix/heapwise-small-heap-object/arena", small_heap_object_arena},
      {"fix/arena-allocator/before", arena_allocator_before},
      {"fix/arena-allocator/after", arena_allocator_after},
      {"fix/pmr-arena-resource/before", pmr_arena_resource_before},
      {"fix/pmr-arena-resource/after", pmr_arena_resource_after},
  };
  for (const auto& pair : pairs) benchmark::RegisterBenchmark(pair.name, pair.function);
  return heapwise_bench::run_benchmarks(argc, argv);
}
