#include "heapwise/counting_resource.h"

#include <gtest/gtest.h>

#include <memory_resource>
#include <new>
#include <stdexcept>
#include <vector>

namespace {

using heapwise::allocation_event;
using heapwise::counting_resource;

TEST(CountingResource, CountsAllocationsBytesAndPeak) {
  counting_resource counter;
  void* a = counter.allocate(100, 8);
  void* b = counter.allocate(50, 16);
  EXPECT_EQ(counter.allocations(), 2u);
  EXPECT_EQ(counter.bytes_allocated(), 150u);
  EXPECT_EQ(counter.bytes_in_use(), 150u);
  counter.deallocate(a, 100, 8);
  void* c = counter.allocate(20, 8);
  EXPECT_EQ(counter.deallocations(), 1u);
  EXPECT_EQ(counter.bytes_deallocated(), 100u);
  EXPECT_EQ(counter.bytes_in_use(), 70u);
  EXPECT_EQ(counter.peak_bytes_in_use(), 150u);
  counter.deallocate(b, 50, 16);
  counter.deallocate(c, 20, 8);
  EXPECT_EQ(counter.bytes_in_use(), 0u);
}

TEST(CountingResource, ForwardsToTheUpstream) {
  counting_resource upstream;
  counting_resource counter(&upstream);
  EXPECT_EQ(counter.upstream_resource(), &upstream);
  {
    std::pmr::vector<int> v(&counter);
    v.reserve(10);
    EXPECT_EQ(upstream.allocations(), 1u);
    EXPECT_EQ(upstream.bytes_in_use(), 10 * sizeof(int));
  }
  EXPECT_EQ(upstream.deallocations(), 1u);
  EXPECT_EQ(counter.allocations(), upstream.allocations());
}

TEST(CountingResource, ReportsEveryEventToTheCallback) {
  std::vector<allocation_event> events;
  counting_resource counter(std::pmr::new_delete_resource(),
                            [&](const allocation_event& e) { events.push_back(e); });
  void* p = counter.allocate(64, 32);
  counter.deallocate(p, 64, 32);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].what, allocation_event::kind::allocate);
  EXPECT_EQ(events[0].pointer, p);
  EXPECT_EQ(events[0].bytes, 64u);
  EXPECT_EQ(events[0].alignment, 32u);
  EXPECT_EQ(events[1].what, allocation_event::kind::deallocate);
  EXPECT_EQ(events[1].pointer, p);
}

TEST(CountingResource, ResetCountersKeepsTrackOfMemoryInUse) {
  counting_resource counter;
  void* a = counter.allocate(40);
  void* b = counter.allocate(60);
  counter.deallocate(b, 60);
  counter.reset_counters();
  EXPECT_EQ(counter.allocations(), 0u);
  EXPECT_EQ(counter.deallocations(), 0u);
  EXPECT_EQ(counter.bytes_allocated(), 0u);
  EXPECT_EQ(counter.bytes_in_use(), 40u);
  EXPECT_EQ(counter.peak_bytes_in_use(), 40u);
  counter.deallocate(a, 40);
  EXPECT_EQ(counter.bytes_in_use(), 0u);
  EXPECT_EQ(counter.deallocations(), 1u);
}

TEST(CountingResource, FailedAllocationsAreNotCounted) {
  int calls = 0;
  counting_resource counter(std::pmr::null_memory_resource(),
                            [&](const allocation_event&) { ++calls; });
  EXPECT_THROW((void)counter.allocate(8), std::bad_alloc);
  EXPECT_EQ(counter.allocations(), 0u);
  EXPECT_EQ(calls, 0);
}

TEST(CountingResource, ABlockIsGivenBackWhenTheCallbackThrowsOnAllocate) {
  counting_resource upstream;
  counting_resource counter(&upstream, [](const allocation_event& e) {
    if (e.what == allocation_event::kind::allocate) throw std::runtime_error("refused");
  });
  EXPECT_THROW((void)counter.allocate(100, 8), std::runtime_error);
  EXPECT_EQ(upstream.bytes_in_use(), 0u) << "the block leaked";
  EXPECT_EQ(upstream.deallocations(), 1u);
  EXPECT_EQ(counter.allocations(), 0u);
  EXPECT_EQ(counter.bytes_in_use(), 0u);
  EXPECT_EQ(counter.peak_bytes_in_use(), 0u);
}

TEST(CountingResource, EqualOnlyToItself) {
  counting_resource a, b;
  EXPECT_TRUE(a.is_equal(a));
  EXPECT_FALSE(a.is_equal(b));
}

}  // namespace
