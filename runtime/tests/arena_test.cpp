#include "heapwise/arena.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <list>
#include <map>
#include <memory_resource>
#include <string>
#include <unordered_map>
#include <vector>

#include "heapwise/counting_resource.h"
#include "heapwise/small_vector.h"

namespace {

using heapwise::arena;
using heapwise::arena_allocator;
using heapwise::arena_resource;
using heapwise::counting_resource;

constexpr std::size_t size_max = std::numeric_limits<std::size_t>::max();

std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

TEST(Arena, BumpsAPointer) {
  arena a;
  auto* first = static_cast<std::byte*>(a.allocate(10, 1));
  auto* second = static_cast<std::byte*>(a.allocate(7, 1));
  EXPECT_EQ(second, first + 10);
  EXPECT_EQ(a.bytes_used(), 17u);
  EXPECT_EQ(a.chunk_count(), 1u);
}

TEST(Arena, EveryPowerOfTwoAlignment) {
  arena a;
  for (std::size_t alignment = 1; alignment <= (std::size_t{1} << 16); alignment *= 2) {
    for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{3}, alignment + 1}) {
      (void)a.allocate(1, 1);  // misalign the cursor
      void* p = a.allocate(size, alignment);
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(address(p) % alignment, 0u) << "alignment " << alignment << " size " << size;
      std::memset(p, 0xab, size);  // writable (ASan checks the bounds)
    }
  }
}

TEST(Arena, AllocationsDoNotOverlap) {
  arena a(256);
  std::vector<std::pair<unsigned char*, std::size_t>> blocks;
  for (std::size_t i = 0; i < 500; ++i) {
    const std::size_t size = 1 + (i * 37) % 300;
    auto* p = static_cast<unsigned char*>(a.allocate(size, std::size_t{1} << (i % 7)));
    std::memset(p, static_cast<int>(i % 251), size);
    blocks.emplace_back(p, size);
  }
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    for (std::size_t j = 0; j < blocks[i].second; ++j) {
      ASSERT_EQ(blocks[i].first[j], i % 251) << "block " << i << " was overwritten";
    }
  }
}

TEST(Arena, SizeZeroGivesAValidPointer) {
  arena a;
  EXPECT_NE(a.allocate(0, 1), nullptr);
}

TEST(Arena, GrowsByDoublingChunksFromTheUpstream) {
  counting_resource upstream;
  {
    arena a(1024, &upstream);
    for (int i = 0; i < 100; ++i) (void)a.allocate(100, 8);  // 10000 bytes
    EXPECT_EQ(a.chunk_count(), upstream.allocations());
    EXPECT_EQ(a.bytes_reserved(), upstream.bytes_in_use());
    EXPECT_EQ(a.chunk_count(), 4u);  // 1 + 2 + 4 + 8 KiB
    EXPECT_EQ(a.bytes_reserved(), 15u * 1024);
    EXPECT_GE(a.bytes_used(), 10000u);
  }
  EXPECT_EQ(upstream.bytes_in_use(), 0u);
  EXPECT_EQ(upstream.deallocations(), 4u);
}

TEST(Arena, OversizedRequestGetsItsOwnChunk) {
  counting_resource upstream;
  arena a(1024, &upstream);
  auto* before = static_cast<std::byte*>(a.allocate(16, 1));
  void* big = a.allocate(100000, 64);
  EXPECT_EQ(address(big) % 64, 0u);
  EXPECT_GE(upstream.bytes_allocated(), 100000u);
  auto* after = static_cast<std::byte*>(a.allocate(16, 1));
  EXPECT_EQ(after, before + 16) << "the bump chunk must not be abandoned";
  EXPECT_EQ(a.chunk_count(), 2u);
  EXPECT_GE(a.bytes_used(), 100032u);
}

TEST(Arena, ResetKeepsOneChunkAndARepeatedWorkloadStopsCallingUpstream) {
  counting_resource upstream;
  arena a(1024, &upstream);
  auto cycle = [&] {
    for (int i = 0; i < 1000; ++i) (void)a.allocate(64, 8);
    a.reset();
    EXPECT_EQ(a.chunk_count(), 1u);
    EXPECT_EQ(a.bytes_used(), 0u);
    EXPECT_EQ(upstream.bytes_in_use(), a.bytes_reserved());
  };
  cycle();
  cycle();
  upstream.reset_counters();
  cycle();
  EXPECT_EQ(upstream.allocations(), 0u);
  EXPECT_EQ(upstream.deallocations(), 0u);
}

TEST(Arena, ResetOfAFreshArenaIsHarmless) {
  arena a;
  a.reset();
  EXPECT_EQ(a.chunk_count(), 0u);
  EXPECT_NE(a.allocate(8), nullptr);
}

TEST(Arena, StartsOnACallerBufferAndNeverFreesIt) {
  alignas(16) std::array<std::byte, 256> buffer{};
  counting_resource upstream;
  {
    arena a(buffer.data(), buffer.size(), &upstream);
    void* first = a.allocate(100, 1);
    EXPECT_EQ(first, buffer.data());
    (void)a.allocate(100, 1);
    EXPECT_EQ(upstream.allocations(), 0u);
    EXPECT_EQ(a.chunk_count(), 0u);
    (void)a.allocate(100, 1);  // does not fit in the remaining 56 bytes
    EXPECT_EQ(upstream.allocations(), 1u);
    EXPECT_EQ(a.bytes_used(), 300u);

    a.reset();
    EXPECT_EQ(a.allocate(10, 1), buffer.data());
    (void)a.allocate(246, 1);            // fills the buffer exactly
    (void)a.allocate(200, 1);            // the chunk kept by reset is reused
    EXPECT_EQ(upstream.allocations(), 1u);
  }
  EXPECT_EQ(upstream.bytes_in_use(), 0u);
}

#ifdef __cpp_lib_span
TEST(Arena, StartsOnASpan) {
  alignas(16) std::array<std::byte, 256> buffer{};
  arena a(std::span<std::byte>(buffer), std::pmr::null_memory_resource());
  EXPECT_EQ(a.allocate(200, 1), buffer.data());
  EXPECT_THROW((void)a.allocate(100, 1), std::bad_alloc) << "past the buffer: the upstream";
}
#endif

TEST(Arena, ImpossibleSizesThrowBadAlloc) {
  arena a;
  EXPECT_THROW((void)a.allocate(size_max, 1), std::bad_alloc);
  EXPECT_THROW((void)a.allocate(size_max - 8, 16), std::bad_alloc);
  EXPECT_THROW((void)a.allocate(size_max - 100000, 4096), std::bad_alloc);
  EXPECT_THROW((void)a.allocate(size_max / 2, 8), std::bad_alloc);  // the upstream refuses
  EXPECT_THROW((void)a.allocate(16, std::size_t{1} << 62), std::bad_alloc);
  EXPECT_NE(a.allocate(16, 8), nullptr) << "still usable";
}

// Counts every call, also those that fail (counting_resource counts only
// successful allocations).
class call_counter final : public std::pmr::memory_resource {
 public:
  int calls = 0;

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override {
    ++calls;
    return heapwise::malloc_resource()->allocate(bytes, alignment);
  }
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override {
    heapwise::malloc_resource()->deallocate(p, bytes, alignment);
  }
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }
};

TEST(Arena, RequestsBeyondPtrdiffMaxThrowWithoutAskingTheUpstream) {
  call_counter upstream;
  arena a(1024, &upstream);
  constexpr auto ptrdiff_max = static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max());
  EXPECT_THROW((void)a.allocate(size_max / 2, 8), std::bad_alloc);  // plus the header: too much
  EXPECT_THROW((void)a.allocate(ptrdiff_max - 8, 1), std::bad_alloc);
  EXPECT_THROW((void)a.allocate(ptrdiff_max + 1, 1), std::bad_alloc);
  EXPECT_THROW((void)a.allocate(1, std::size_t{1} << 63), std::bad_alloc);
  EXPECT_THROW((void)a.allocate(size_max, 1), std::bad_alloc);
  EXPECT_EQ(upstream.calls, 0);
}

// Upstream calls for `count` requests of `size` bytes (alignment 8).
std::size_t upstream_calls(std::size_t first_chunk_size, int count, std::size_t size) {
  counting_resource upstream;
  arena a(first_chunk_size, &upstream);
  for (int i = 0; i < count; ++i) std::memset(a.allocate(size, 8), 1, size);
  return upstream.allocations();
}

TEST(Arena, UpstreamCallsStayLogarithmicForRequestsLargerThanTheFirstChunk) {
  // One call per request before chunks grew for requests of their own.
  EXPECT_LE(upstream_calls(64, 1000, 64), 12u);       // 64 KB: 64 B doubling past 64 KB
  EXPECT_LE(upstream_calls(4096, 1000, 5000), 16u);   // 5 MB: 1 MiB chunks from the 9th
  EXPECT_LE(upstream_calls(4096, 10000, 100), 12u);
}

TEST(Arena, UpstreamCallsStayLogarithmicForMixedSizesAndAlignments) {
  counting_resource upstream;
  arena a(256, &upstream);
  for (std::size_t i = 0; i < 3000; ++i) {
    const std::size_t size = 1 + (i * 7919) % 3000;
    std::memset(a.allocate(size, std::size_t{1} << (i % 9)), 2, size);
  }
  // About 4.5 MB in all.
  EXPECT_LE(upstream.allocations(), 20u);
}

TEST(Arena, ARepeatedCycleWithAnOversizedRequestStopsCallingUpstream) {
  counting_resource upstream;
  arena a(arena::default_first_chunk_size, &upstream);
  std::size_t calls_in_last_cycle = 0;
  for (int cycle = 0; cycle < 6; ++cycle) {
    const std::size_t before = upstream.allocations();
    for (int i = 0; i < 1000; ++i) (void)a.allocate(64, 8);
    const std::size_t oversized = 2 * arena::max_chunk_size;  // larger than any regular chunk
    std::memset(a.allocate(oversized, 16), 3, oversized);
    for (int i = 0; i < 100; ++i) (void)a.allocate(64, 8);
    calls_in_last_cycle = upstream.allocations() - before;
    a.reset();
    EXPECT_EQ(a.chunk_count(), 1u);
  }
  EXPECT_EQ(calls_in_last_cycle, 0u);
}

TEST(Arena, UpstreamFailurePropagates) {
  arena a(1024, std::pmr::null_memory_resource());
  EXPECT_THROW((void)a.allocate(8), std::bad_alloc);
}

TEST(Arena, DeallocateTakesBackOnlyTheLastAllocation) {
  arena a;
  void* first = a.allocate(32, 8);
  void* second = a.allocate(32, 8);
  a.deallocate(first, 32);  // not the last: no effect
  EXPECT_NE(a.allocate(8, 8), first);
  void* last = a.allocate(24, 8);
  const std::size_t used = a.bytes_used();
  a.deallocate(last, 24);
  EXPECT_EQ(a.bytes_used(), used - 24);
  EXPECT_EQ(a.allocate(24, 8), last);
  (void)second;
}

// --------------------------------------------------------------------------
// arena_resource

TEST(ArenaResource, PmrContainersAllocateFromTheArena) {
  arena a;
  arena_resource resource(a);
  std::pmr::vector<int> v(&resource);
  for (int i = 0; i < 1000; ++i) v.push_back(i);
  EXPECT_EQ(v[999], 999);
  EXPECT_GE(a.bytes_used(), 1000 * sizeof(int));
  std::pmr::string s("a string that does not fit in the small buffer", &resource);
  EXPECT_EQ(&resource.get_arena(), &a);
}

TEST(ArenaResource, EqualWhenOverTheSameArena) {
  arena a, b;
  arena_resource r1(a), r2(a), r3(b);
  EXPECT_TRUE(r1.is_equal(r2));
  EXPECT_FALSE(r1.is_equal(r3));
  EXPECT_FALSE(r1.is_equal(*std::pmr::new_delete_resource()));
}

// --------------------------------------------------------------------------
// arena_allocator

TEST(ArenaAllocator, EqualityByArenaAndRebind) {
  arena a, b;
  arena_allocator<int> ia(a);
  arena_allocator<double> da(ia);
  EXPECT_TRUE(ia == da);
  EXPECT_TRUE(ia != arena_allocator<int>(b));
  EXPECT_EQ(&da.get_arena(), &a);
}

TEST(ArenaAllocator, AllocatesAlignedFromTheArenaAndTakesBackTheLast) {
  arena a;
  arena_allocator<std::uint64_t> alloc(a);
  std::uint64_t* p = alloc.allocate(4);
  EXPECT_EQ(address(p) % alignof(std::uint64_t), 0u);
  EXPECT_EQ(a.bytes_used(), 32u);
  alloc.deallocate(p, 4);
  EXPECT_EQ(a.bytes_used(), 0u);
  EXPECT_THROW((void)alloc.allocate(size_max / 4), std::bad_array_new_length);
}

TEST(ArenaAllocator, WorksWithStandardContainers) {
  arena a;
  std::vector<int, arena_allocator<int>> v(a);
  for (int i = 0; i < 100; ++i) v.push_back(i);
  EXPECT_EQ(v[99], 99);

  using arena_string = std::basic_string<char, std::char_traits<char>, arena_allocator<char>>;
  arena_string s("a string long enough to leave the small buffer", a);
  s += s;
  EXPECT_EQ(s.size(), 92u);

  std::map<int, int, std::less<>, arena_allocator<std::pair<const int, int>>> m(a);
  std::list<int, arena_allocator<int>> l(a);
  std::unordered_map<int, int, std::hash<int>, std::equal_to<>,
                     arena_allocator<std::pair<const int, int>>>
      u(a);
  for (int i = 0; i < 50; ++i) {
    m[i] = i;
    l.push_back(i);
    u[i] = i;
  }
  EXPECT_EQ(m.size(), 50u);
  EXPECT_EQ(l.back(), 49);
  EXPECT_EQ(u.at(42), 42);
  EXPECT_GT(a.bytes_used(), 50 * 3 * sizeof(int));
}

TEST(ArenaAllocator, WorksWithSmallVector) {
  arena a;
  heapwise::small_vector<std::string, 2, arena_allocator<std::string>> v(a);
  v.emplace_back("one");
  v.emplace_back("two");
  EXPECT_EQ(a.bytes_used(), 0u);  // inline
  v.emplace_back("three");
  EXPECT_GE(a.bytes_used(), 3 * sizeof(std::string));
  auto copy = v;
  EXPECT_EQ(&copy.get_allocator().get_arena(), &a);
  EXPECT_EQ(copy, v);
}

}  // namespace
