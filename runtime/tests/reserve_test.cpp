#include "heapwise/reserve.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <stdexcept>
#include <vector>

#include "heapwise/small_vector.h"

namespace {

// Appends 3 elements, 1000 times, each time after reserve_more(v, 3), and
// counts the reallocations: geometric growth makes O(log n) of them, where
// reserve(size() + 3) would make one per call.
template <class Vector>
int reallocations_of_repeated_reserve_more(Vector& v) {
  int reallocations = 0;
  for (int round = 0; round < 1000; ++round) {
    const auto* before = v.data();
    heapwise::reserve_more(v, 3);
    if (v.data() != before) ++reallocations;
    EXPECT_GE(v.capacity() - v.size(), 3u);
    const auto* reserved = v.data();
    for (int i = 0; i < 3; ++i) v.push_back(round);
    EXPECT_EQ(v.data(), reserved) << "push_back reallocated after reserve_more";
  }
  return reallocations;
}

TEST(ReserveMore, RepeatedCallsOnAStdVectorReallocateLogarithmically) {
  std::vector<int> v;
  EXPECT_LE(reallocations_of_repeated_reserve_more(v), 13);  // 3000 elements: log2 < 12
  EXPECT_EQ(v.size(), 3000u);
  EXPECT_EQ(v[2999], 999);
}

TEST(ReserveMore, RepeatedCallsOnASmallVectorReallocateLogarithmically) {
  heapwise::small_vector<int, 4> v;
  EXPECT_LE(reallocations_of_repeated_reserve_more(v), 12);
  EXPECT_EQ(v.size(), 3000u);
  EXPECT_EQ(v[2999], 999);
}

TEST(ReserveMore, KeepsCapacityThatSuffices) {
  std::vector<int> v(5);
  v.reserve(20);
  heapwise::reserve_more(v, 15);
  EXPECT_EQ(v.capacity(), 20u);
  heapwise::reserve_more(v, 16);
  EXPECT_GE(v.capacity(), 40u) << "growth at least doubles";
}

TEST(ReserveMore, NegativeOrZeroCountDoesNothing) {
  std::vector<int> v{1, 2, 3};
  const auto capacity = v.capacity();
  heapwise::reserve_more(v, -5);
  heapwise::reserve_more(v, 0);
  heapwise::reserve_more(v, static_cast<long long>(-1));
  EXPECT_EQ(v.capacity(), capacity);
  EXPECT_EQ(v.size(), 3u);
}

TEST(ReserveMore, BeyondMaxSizeThrowsLengthError) {
  std::vector<int> v{1};
  EXPECT_THROW(heapwise::reserve_more(v, v.max_size()), std::length_error);
  heapwise::small_vector<int, 2> s{1};
  EXPECT_THROW(heapwise::reserve_more(s, s.max_size()), std::length_error);
  EXPECT_THROW(heapwise::reserve_more(s, static_cast<std::size_t>(-1)), std::length_error);
  EXPECT_EQ(s.size(), 1u);
}

}  // namespace
