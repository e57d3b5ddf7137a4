// One pair per heapwise check: the code the check flags (`before`) and the code
// its fix-it produces (`after`), doing the same work, as in the check's docs and
// test-inputs. Some pairs add `arena`: the flagged code with its containers on a
// heapwise::arena reset per call, the alternative to the fix. The last two
// pairs put many short-lived small vectors on an arena, through
// heapwise::arena_allocator and through std::pmr over heapwise::arena_resource.
//
// missing-reserve, container-in-loop and small-vector are swept over the
// element type and the element count n: fix/<check>/<element>/<n>/<variant>.
//
// fix/<pair>/<variant> counters:
//   allocs_per_iter  heap allocations of one call: operator new (counted by
//                    heap_counter.cpp), plus the arena's upstream chunk allocations
//   bytes_per_iter   the bytes those allocations asked for
//   checksum         the call's result; equal across a pair's variants, which
//                    the runner checks, so each variant did the same work
// fix/<pair>/paired runs before and after alternately in short rounds (time
// mode of the runner); its label holds each round's CPU ns per call,
// "before:after,before:after,...".
//
// Environment: HEAPWISE_BENCH_FORK_EACH=FILE runs each variant named in FILE
// (one a line) in forked children, for instruction counting (see run_forked);
// HEAPWISE_BENCH_ROUNDS=N sets the rounds of the paired benchmarks (default 30).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <memory_resource>
#include <numeric>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

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

// A variant is made by a factory (so inputs are built when the benchmark runs,
// not at registration) returning the call: a function returning a checksum of
// its result, or one taking the arena it allocates from, reset after each call.
template <class Made>
auto bind_arena(Made& made, arena_fixture& fixture) {
  return [&] {
    if constexpr (std::is_invocable_v<Made&, heapwise::arena&>) {
      const checksum_t sum = made(fixture.arena);
      fixture.arena.reset();
      return sum;
    } else {
      return made();
    }
  };
}

// Times the call after two untimed calls: a warm-up, then one whose
// allocations are counted.
template <class Factory>
void run(benchmark::State& state, Factory make) {
  auto made = make();
  arena_fixture fixture;
  auto call = bind_arena(made, fixture);
  benchmark::DoNotOptimize(call());
  const std::uint64_t news = heapwise_bench::heap_allocations();
  const std::uint64_t bytes = heapwise_bench::heap_bytes();
  const std::uint64_t chunks = fixture.upstream.allocations();
  const std::uint64_t chunk_bytes = fixture.upstream.bytes_allocated();
  const checksum_t checksum = call();
  const std::uint64_t allocations =
      heapwise_bench::heap_allocations() - news + (fixture.upstream.allocations() - chunks);
  const std::uint64_t allocated_bytes =
      heapwise_bench::heap_bytes() - bytes + (fixture.upstream.bytes_allocated() - chunk_bytes);
  for (auto _ : state) benchmark::DoNotOptimize(call());
  state.counters["allocs_per_iter"] = static_cast<double>(allocations);
  state.counters["bytes_per_iter"] = static_cast<double>(allocated_bytes);
  state.counters["checksum"] = static_cast<double>(checksum);
}

std::int64_t thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return std::int64_t{t.tv_sec} * 1000000000 + t.tv_nsec;
}

template <class Call>
double cpu_ns_per_call(Call& call, int calls) {
  const std::int64_t start = thread_cpu_ns();
  for (int i = 0; i < calls; ++i) benchmark::DoNotOptimize(call());
  return static_cast<double>(thread_cpu_ns() - start) / calls;
}

int env_int(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value && std::atoi(value) > 0 ? std::atoi(value) : fallback;
}

// Before and after in many short rounds in this process, the one that goes
// first alternating; a round runs each for about a millisecond (at least one call).
template <class Before, class After>
void paired(benchmark::State& state, Before make_before, After make_after) {
  auto made_before = make_before();
  auto made_after = make_after();
  arena_fixture before_fixture, after_fixture;
  auto before = bind_arena(made_before, before_fixture);
  auto after = bind_arena(made_after, after_fixture);
  benchmark::DoNotOptimize(before());
  benchmark::DoNotOptimize(after());
  const double slower = std::max(cpu_ns_per_call(before, 1), cpu_ns_per_call(after, 1));
  const int calls = std::max(1, static_cast<int>(1e6 / std::max(slower, 1.0)));
  const int rounds = env_int("HEAPWISE_BENCH_ROUNDS", 30);
  std::string label;
  for (auto _ : state) {
    for (int round = 0; round < rounds; ++round) {
      double before_ns = 0, after_ns = 0;
      if (round % 2 == 0) {
        before_ns = cpu_ns_per_call(before, calls);
        after_ns = cpu_ns_per_call(after, calls);
      } else {
        after_ns = cpu_ns_per_call(after, calls);
        before_ns = cpu_ns_per_call(before, calls);
      }
      label += (label.empty() ? "" : ",") + std::to_string(before_ns) + ":" + std::to_string(after_ns);
    }
  }
  state.SetLabel(label);
}

std::map<std::string, benchmark::internal::Benchmark*>& registered() {
  static std::map<std::string, benchmark::internal::Benchmark*> all;
  return all;
}

template <class Factory>
void register_variant(const std::string& name, Factory make) {
  registered()[name] = benchmark::RegisterBenchmark(name.c_str(), [make](benchmark::State& s) { run(s, make); });
}

template <class Before, class After>
void register_pair(const std::string& name, Before before, After after) {
  register_variant(name + "/before", before);
  register_variant(name + "/after", after);
  benchmark::RegisterBenchmark((name + "/paired").c_str(), [before, after](benchmark::State& s) {
    paired(s, before, after);
  })->Iterations(1);
}

template <class T>
using arena_vector = std::vector<T, heapwise::arena_allocator<T>>;

// --- Elements of the sweeps: int64_t, and std::string short enough for the
// small-string buffer (copying one does not allocate; the container does).
template <class T>
T element(std::size_t i);
template <>
std::int64_t element(std::size_t i) {
  return static_cast<std::int64_t>(i * 7 % 1000);
}
template <>
std::string element(std::size_t i) {
  return "sku-" + std::to_string(i * 7 % 1000000);
}

checksum_t value(std::int64_t x) { return static_cast<checksum_t>(x); }
checksum_t value(const std::string& s) { return s.size() * 31 + static_cast<unsigned char>(s.back()); }

template <class Range>
checksum_t sum_of(const Range& range) {
  checksum_t sum = 0;
  for (const auto& x : range) sum += value(x);
  return sum;
}

// The input of n elements, built once.
template <class T>
const std::vector<T>& source(std::size_t n) {
  static std::map<std::size_t, std::vector<T>> inputs;
  std::vector<T>& input = inputs[n];
  if (input.size() != n)
    for (std::size_t i = 0; i < n; ++i) input.push_back(element<T>(i));
  return input;
}

// --- heapwise-missing-reserve: out.reserve(input.size()) before the loop.
template <class T>
auto missing_reserve(std::size_t n, bool reserve) {
  return [n, reserve] {
    return [&input = source<T>(n), reserve] {
      std::vector<T> out;
      if (reserve) out.reserve(input.size());
      for (const T& x : input) out.push_back(x);
      return sum_of(out);
    };
  };
}
template <class T>
auto missing_reserve_arena(std::size_t n) {
  return [n] {
    return [&input = source<T>(n)](heapwise::arena& arena) {
      arena_vector<T> out{heapwise::arena_allocator<T>(arena)};
      for (const T& x : input) out.push_back(x);
      return sum_of(out);
    };
  };
}

// --- heapwise-container-in-loop: the row vector hoisted, clear() per row.
constexpr int rows = 4;

template <class T>
auto container_in_loop(std::size_t n, bool hoisted) {
  return [n, hoisted] {
    return [&input = source<T>(n), hoisted] {
      checksum_t sum = 0;
      if (hoisted) {
        std::vector<T> row;
        for (int r = 0; r < rows; ++r) {
          row.clear();
          for (const T& x : input) row.push_back(x);
          sum += sum_of(row);
        }
      } else {
        for (int r = 0; r < rows; ++r) {
          std::vector<T> row;
          for (const T& x : input) row.push_back(x);
          sum += sum_of(row);
        }
      }
      return sum;
    };
  };
}
template <class T>
auto container_in_loop_arena(std::size_t n) {
  return [n] {
    return [&input = source<T>(n)](heapwise::arena& arena) {
      checksum_t sum = 0;
      for (int r = 0; r < rows; ++r) {
        arena_vector<T> row{heapwise::arena_allocator<T>(arena)};
        for (const T& x : input) row.push_back(x);
        sum += sum_of(row);
      }
      return sum;
    };
  };
}

// --- heapwise-small-vector swept: a vector of exactly n elements, 256 per call;
// the fix is small_vector<T, n>, n up to the check's bounds (MaxInlineElements
// 16, MaxInlineBytes 256).
constexpr int small_vector_calls = 256;

template <class Vector, class T>
checksum_t filled_vectors(const std::vector<T>& input, auto make_vector) {
  checksum_t sum = 0;
  for (int c = 0; c < small_vector_calls; ++c) {
    Vector v = make_vector();
    for (const T& x : input) v.push_back(x);
    sum += sum_of(v);
  }
  return sum;
}
template <class T, std::size_t N>
auto small_vector_sweep(bool fixed) {
  return [fixed] {
    return [&input = source<T>(N), fixed] {
      if (fixed) return filled_vectors<heapwise::small_vector<T, N>>(input, [] { return heapwise::small_vector<T, N>{}; });
      return filled_vectors<std::vector<T>>(input, [] { return std::vector<T>{}; });
    };
  };
}
template <class T, std::size_t N>
auto small_vector_sweep_arena() {
  return [] {
    return [&input = source<T>(N)](heapwise::arena& arena) {
      return filled_vectors<arena_vector<T>>(input, [&] { return arena_vector<T>{heapwise::arena_allocator<T>(arena)}; });
    };
  };
}

template <class T>
const char* element_name();
template <>
const char* element_name<std::int64_t>() {
  return "int64_t";
}
template <>
const char* element_name<std::string>() {
  return "string";
}

template <class T>
std::string sweep_name(const char* check, std::size_t n) {
  return std::string("fix/") + check + "/" + element_name<T>() + "/" + std::to_string(n);
}

template <class T>
void register_sweeps() {
  for (std::size_t n : {10, 100, 1000, 10000, 100000, 1000000}) {
    const std::string reserve = sweep_name<T>("heapwise-missing-reserve", n);
    register_pair(reserve, missing_reserve<T>(n, false), missing_reserve<T>(n, true));
    register_variant(reserve + "/arena", missing_reserve_arena<T>(n));
  }
  for (std::size_t n : {10, 100, 1000, 10000, 100000, 1000000}) {
    const std::string loop = sweep_name<T>("heapwise-container-in-loop", n);
    register_pair(loop, container_in_loop<T>(n, false), container_in_loop<T>(n, true));
    register_variant(loop + "/arena", container_in_loop_arena<T>(n));
  }
}

template <class T, std::size_t N>
void register_small_vector_sweep() {
  static_assert(N <= 16 && N * sizeof(T) <= 256, "beyond the check's bounds");
  const std::string name = sweep_name<T>("heapwise-small-vector", N);
  register_pair(name, small_vector_sweep<T, N>(false), small_vector_sweep<T, N>(true));
  register_variant(name + "/arena", small_vector_sweep_arena<T, N>());
}

// A factory of a call that needs no input.
auto plain(auto call) {
  return [call] { return call; };
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

const auto string_concat_before = [] {
  std::string out;
  for (const std::string& w : words) {
    out = out + w + ", ";
  }
  return string_checksum(out);
};
const auto string_concat_after = [] {
  std::string out;
  for (const std::string& w : words) {
    out += w;
    out += ", ";
  }
  return string_checksum(out);
};

// --- heapwise-front-insert-in-loop: push_back in the loop, std::reverse after.
constexpr int front_inserts = 1000;

checksum_t ordered_checksum(std::span<const int> v) {
  checksum_t h = 0;
  for (int x : v) h = h * 31 % 1000000007 + static_cast<checksum_t>(x);
  return h;
}

const auto front_insert_before = [] {
  std::vector<int> out;
  for (int i = 0; i < front_inserts; ++i) out.insert(out.begin(), i);
  return ordered_checksum(out);
};
const auto front_insert_after = [] {
  std::vector<int> out;
  for (int i = 0; i < front_inserts; ++i) out.push_back(i);
  std::reverse(out.begin(), out.end());
  return ordered_checksum(out);
};

// --- heapwise-reserve-in-loop: the reserve(size() + 1) removed, one reserve(n) before.
constexpr int reserve_pushes = 1000;

const auto reserve_in_loop_before = [] {
  std::vector<int> out;
  for (int i = 0; i < reserve_pushes; ++i) {
    out.reserve(out.size() + 1);
    out.push_back(i);
  }
  return ordered_checksum(out);
};
const auto reserve_in_loop_after = [] {
  std::vector<int> out;
  out.reserve(reserve_pushes);
  for (int i = 0; i < reserve_pushes; ++i) {
    out.push_back(i);
  }
  return ordered_checksum(out);
};

// --- heapwise-copy-on-last-use: outs.push_back(path) -> outs.push_back(std::move(path)),
// paths longer than the small-string buffer, as the check's docs example.
constexpr int paths = 256;

template <bool moved>
checksum_t collect_paths() {
  std::vector<std::string> outs;
  outs.reserve(paths);
  for (int i = 0; i < paths; ++i) {
    std::string path = "src/generated/module_" + std::to_string(i) + "/output.o";
    if constexpr (moved)
      outs.push_back(std::move(path));
    else
      outs.push_back(path);
  }
  checksum_t sum = 0;
  for (const std::string& s : outs) sum += string_checksum(s);
  return sum;
}

// --- heapwise-small-vector: the docs' guarded(n), at most 7 elements, over 256 calls.
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

const auto small_vector_before = [] { return guarded_calls([] { return std::vector<int>{}; }); };
const auto small_vector_after = [] {
  return guarded_calls([] { return heapwise::small_vector<int, 7>{}; });
};
const auto small_vector_arena = [](heapwise::arena& arena) {
  return guarded_calls([&] { return arena_vector<int>{heapwise::arena_allocator<int>(arena)}; });
};

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

const auto small_heap_object_before = [] {
  checksum_t sum = 0;
  for (int i = 0; i < rect_calls; ++i) {
    auto r = std::make_unique<rect>();
    r->w = i;
    r->h = i + 1;
    sum += r->area() + perimeter(r.get());
  }
  return sum;
};
const auto small_heap_object_after = [] {
  checksum_t sum = 0;
  for (int i = 0; i < rect_calls; ++i) {
    rect r{};
    r.w = i;
    r.h = i + 1;
    sum += r.area() + perimeter(&r);
  }
  return sum;
};
const auto small_heap_object_arena = [](heapwise::arena& arena) {
  checksum_t sum = 0;
  for (int i = 0; i < rect_calls; ++i) {
    rect* r = new (arena.allocate(sizeof(rect), alignof(rect))) rect{};
    r->w = i;
    r->h = i + 1;
    sum += r->area() + perimeter(r);
  }
  return sum;
};

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

const auto arena_allocator_before = [] { return short_lived([] { return std::vector<int>{}; }); };
const auto arena_allocator_after = [](heapwise::arena& arena) {
  return short_lived([&] { return arena_vector<int>{heapwise::arena_allocator<int>(arena)}; });
};

// pmr calls go through a memory_resource pointer; hiding it keeps them virtual,
// as they are in real use.
checksum_t pmr_short_lived(std::pmr::memory_resource* resource) {
  benchmark::DoNotOptimize(resource);
  return short_lived([&] { return std::pmr::vector<int>(resource); });
}
const auto pmr_arena_resource_before = [] { return pmr_short_lived(std::pmr::new_delete_resource()); };
const auto pmr_arena_resource_after = [](heapwise::arena& arena) {
  heapwise::arena_resource resource(arena);
  return pmr_short_lived(&resource);
};

// The child's report: name, iterations and counters, no timer readings or
// dates, so reporting costs the same instructions in every child.
class counters_reporter final : public benchmark::BenchmarkReporter {
 public:
  explicit counters_reporter(std::ostream& out) : out_(out) {}
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      out_ << run.benchmark_name() << '\t' << run.iterations;
      for (const auto& [name, counter] : run.counters)
        out_ << '\t' << name << '=' << static_cast<std::uint64_t>(counter.value);
      out_ << '\n';
    }
  }

 private:
  std::ostream& out_;
};

// Instruction counting, under `valgrind --tool=cachegrind
// --cachegrind-out-file=...%p` (a file per process): for each variant named in
// names_file this process forks three children in turn, which run it for 1, 2
// and 1 iterations, write their counters to names_file.<line>.<child> and exit. A
// child's count is this process's count at the fork plus its own, and this
// process does the same work between forks, so the instructions of one call
// are child 2 minus the mean of children 1 and 3. Writes the context (the
// allocator, as every bundled binary) to names_file.context.json and
// "pid<TAB>variant's line<TAB>iterations<TAB>child" per child to names_file.pids.
int run_forked(const std::string& names_file) {
  {
    std::ofstream context_out(names_file + ".context.json");
    benchmark::JSONReporter context_reporter;
    context_reporter.SetOutputStream(&context_out);
    context_reporter.SetErrorStream(&context_out);
    context_reporter.ReportContext(benchmark::BenchmarkReporter::Context());
    context_reporter.Finalize();
  }
  // The heap at each fork must not depend on which variants came before (a
  // child's count depends on it): the names are read one at a time into a
  // fixed buffer, the pids kept in a fixed array.
  constexpr int children[] = {1, 2, 1};
  constexpr std::size_t max_variants = 4096;
  static pid_t pids[max_variants][std::size(children)];
  static char name[512];
  std::FILE* names = std::fopen(names_file.c_str(), "r");
  if (!names) return 1;
  // One child that does nothing first: the first fork and wait resolve their
  // symbols, which would make the work between the first two forks differ.
  std::fflush(nullptr);
  if (const pid_t pid = fork(); pid == 0) _exit(0);
  else if (pid < 0 || waitpid(pid, nullptr, 0) < 0) return 1;
  std::size_t variants = 0;
  for (; variants < max_variants && std::fgets(name, sizeof name, names); ++variants) {
    name[std::strcspn(name, "\n")] = '\0';
    for (std::size_t child = 0; child < std::size(children); ++child) {
      std::fflush(nullptr);
      const pid_t pid = fork();
      if (pid == 0) {
        registered().at(name)->Iterations(children[child]);
        std::ofstream out(names_file + "." + std::to_string(variants) + "." + std::to_string(child));
        counters_reporter reporter(out);
        benchmark::RunSpecifiedBenchmarks(&reporter, "^" + std::string(name) + "/iterations:[0-9]+$");
        out.close();
        _exit(0);
      }
      int status = 0;
      if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
      pids[variants][child] = pid;
    }
  }
  std::fclose(names);
  std::ofstream manifest(names_file + ".pids");
  for (std::size_t v = 0; v < variants; ++v)
    for (std::size_t child = 0; child < std::size(children); ++child)
      manifest << pids[v][child] << '\t' << v << '\t' << children[child] << '\t' << v << '.' << child << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  register_sweeps<std::int64_t>();
  register_sweeps<std::string>();
  register_small_vector_sweep<std::int64_t, 10>();
  register_small_vector_sweep<std::int64_t, 16>();
  register_small_vector_sweep<std::string, 4>();
  register_small_vector_sweep<std::string, 8>();
  register_pair("fix/heapwise-string-concat-in-loop", plain(string_concat_before), plain(string_concat_after));
  register_pair("fix/heapwise-front-insert-in-loop", plain(front_insert_before), plain(front_insert_after));
  register_pair("fix/heapwise-reserve-in-loop", plain(reserve_in_loop_before), plain(reserve_in_loop_after));
  register_pair("fix/heapwise-copy-on-last-use", plain(collect_paths<false>), plain(collect_paths<true>));
  register_pair("fix/heapwise-small-vector", plain(small_vector_before), plain(small_vector_after));
  register_variant("fix/heapwise-small-vector/arena", plain(small_vector_arena));
  register_pair("fix/heapwise-small-heap-object", plain(small_heap_object_before), plain(small_heap_object_after));
  register_variant("fix/heapwise-small-heap-object/arena", plain(small_heap_object_arena));
  register_pair("fix/arena-allocator", plain(arena_allocator_before), plain(arena_allocator_after));
  register_pair("fix/pmr-arena-resource", plain(pmr_arena_resource_before), plain(pmr_arena_resource_after));
  if (const char* names_file = std::getenv("HEAPWISE_BENCH_FORK_EACH")) {
    if (!heapwise_bench::initialize(argc, argv)) return 1;
    return run_forked(names_file);
  }
  return heapwise_bench::run_benchmarks(argc, argv);
}
