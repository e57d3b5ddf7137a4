// heapwise::small_vector_impl<T, A>: small_vectors of any inline capacity seen
// through one reference type, as llvm::SmallVectorImpl<T>&.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <type_traits>
#include <vector>

#include "heapwise/small_vector.h"
#include "test_types.h"

namespace {

using heapwise::small_vector;
using heapwise::small_vector_impl;
using namespace heapwise::testing;

static_assert(!std::is_constructible_v<small_vector_impl<int>>);
static_assert(!std::is_copy_constructible_v<small_vector_impl<int>>);
static_assert(!std::is_destructible_v<small_vector_impl<int>>, "only through a small_vector");
static_assert(std::is_convertible_v<small_vector<int, 3>&, small_vector_impl<int>&>);
static_assert(std::is_convertible_v<small_vector<int>&, small_vector_impl<int>&>);
// The base adds nothing to the object (N == 0 needs one byte of buffer, see the header).
static_assert(sizeof(small_vector<int, 16>) == 3 * sizeof(void*) + 16 * sizeof(int));
static_assert(sizeof(small_vector<std::string, 2>) == 3 * sizeof(void*) + 2 * sizeof(std::string));

std::vector<int> as_std(const small_vector_impl<int>& v) { return {v.begin(), v.end()}; }

std::string long_string(int i) { return "a string too long for SSO, number " + std::to_string(i); }

// Written once for every N: the operations std::vector has, through the reference.
void edit(small_vector_impl<int>& v) {
  v.assign({5, 6, 7});
  v.push_back(8);
  v.emplace_back(9);
  v.insert(v.begin() + 1, 2, 0);       // 5 0 0 6 7 8 9
  v.erase(v.begin() + 2);              // 5 0 6 7 8 9
  v.erase(v.begin(), v.begin() + 1);   // 0 6 7 8 9
  v.emplace(v.end(), 10);              // 0 6 7 8 9 10
  v.resize(8, 1);                      // 0 6 7 8 9 10 1 1
  v.reserve(20);
  v.pop_back();
  std::reverse(v.begin(), v.end());    // 1 10 9 8 7 6 0
  v.resize(6);                         // 1 10 9 8 7 6
}

TEST(SmallVectorImpl, OneFunctionServesEveryInlineCapacity) {
  const std::vector<int> expected{1, 10, 9, 8, 7, 6};
  small_vector<int, 2> two;
  small_vector<int, 32> thirty_two;
  small_vector<int> default_n;
  edit(two);
  edit(thirty_two);
  edit(default_n);
  EXPECT_EQ(as_std(two), expected);
  EXPECT_EQ(as_std(thirty_two), expected);
  EXPECT_EQ(as_std(default_n), expected);
  EXPECT_FALSE(two.is_inline());
  EXPECT_TRUE(thirty_two.is_inline());
  EXPECT_EQ(thirty_two.capacity(), 32u);
  thirty_two.clear();
  EXPECT_TRUE(thirty_two.empty());
}

TEST(SmallVectorImpl, GrowthThroughTheReferenceSpillsTheInlineBuffer) {
  allocation_log log;
  {
    small_vector<int, 4, tagged_allocator<int>> v(tagged_allocator<int>(1, &log));
    small_vector_impl<int, tagged_allocator<int>>& r = v;
    for (int i = 0; i < 4; ++i) r.push_back(i);
    EXPECT_TRUE(r.is_inline());
    EXPECT_EQ(log.allocations, 0);
    r.push_back(4);
    EXPECT_FALSE(v.is_inline());
    EXPECT_EQ(log.allocations, 1);
    EXPECT_GE(v.capacity(), 8u);  // at least doubled
    EXPECT_EQ((std::vector<int>(v.begin(), v.end())), (std::vector<int>{0, 1, 2, 3, 4}));
    // Back inline with the capacity it had, known only to the small_vector.
    r.resize(3);
    r.shrink_to_fit();
    EXPECT_TRUE(v.is_inline());
    EXPECT_EQ(r.capacity(), 4u);
    EXPECT_EQ(log.deallocations, 1);
  }
  EXPECT_EQ(log.bytes_live, 0);
}

TEST(SmallVectorImpl, ShrinkToFitReturnsInlineFromAFullHeapBufferOfASmallerN) {
  small_vector<int, 2> small{1, 2, 3, 4};
  ASSERT_EQ(small.capacity(), 4u);  // full
  small_vector<int, 8> large(std::move(small));
  ASSERT_FALSE(large.is_inline());
  large.shrink_to_fit();
  EXPECT_TRUE(large.is_inline());
  EXPECT_EQ(as_std(large), (std::vector<int>{1, 2, 3, 4}));
}

TEST(SmallVectorImpl, MoveAssignIntoTheReferenceAdoptsAHeapBuffer) {
  small_vector<std::string, 2> heap_source{long_string(1), long_string(2), long_string(3)};
  const std::string* buffer = heap_source.data();
  small_vector<std::string, 8> target{long_string(9)};
  small_vector_impl<std::string>& r = target;
  r = std::move(heap_source);
  EXPECT_EQ(target.data(), buffer);
  EXPECT_EQ(target.size(), 3u);
  EXPECT_EQ(target[2], long_string(3));
  EXPECT_TRUE(heap_source.empty());
  EXPECT_TRUE(heap_source.is_inline());
  EXPECT_EQ(heap_source.capacity(), 2u);
}

TEST(SmallVectorImpl, MoveAssignFromAnInlineVectorMovesTheElements) {
  small_vector<std::string, 8> inline_source{long_string(1), long_string(2), long_string(3)};
  small_vector<std::string, 2> target;
  small_vector_impl<std::string>& r = target;
  small_vector_impl<std::string>& source = inline_source;
  r = std::move(source);  // the source's buffer is inside it: never taken
  EXPECT_EQ(target.size(), 3u);
  EXPECT_FALSE(target.is_inline());
  EXPECT_NE(target.data(), inline_source.data());
  EXPECT_EQ(target[0], long_string(1));
  EXPECT_TRUE(inline_source.empty());
  EXPECT_TRUE(inline_source.is_inline());
  EXPECT_EQ(inline_source.capacity(), 8u);
}

// A vector whose heap buffer is taken through the reference goes back to its
// inline buffer with its whole capacity, for small and large N alike.
template <std::size_t N>
void expect_inline_capacity_back_after_move() {
  small_vector<char, N> source(N + 5, 'x');
  small_vector_impl<char>& r = source;
  small_vector<char, 1> target;
  target = std::move(r);
  EXPECT_EQ(target.size(), N + 5);
  EXPECT_TRUE(source.is_inline());
  EXPECT_EQ(source.capacity(), N) << "N = " << N;
  source.assign(N, 'y');
  EXPECT_TRUE(source.is_inline());
}

TEST(SmallVectorImpl, MovedFromVectorsKeepTheirInlineCapacity) {
  expect_inline_capacity_back_after_move<0>();
  expect_inline_capacity_back_after_move<1>();
  expect_inline_capacity_back_after_move<254>();
  expect_inline_capacity_back_after_move<255>();
  expect_inline_capacity_back_after_move<1000>();
}

TEST(SmallVectorImpl, CopyAssignAndConstructFromAnotherInlineCapacity) {
  small_vector<int, 3> source{1, 2, 3, 4};
  small_vector<int, 8> target{7};
  small_vector_impl<int>& r = target;
  r = source;
  EXPECT_EQ(as_std(target), (std::vector<int>{1, 2, 3, 4}));
  EXPECT_TRUE(target.is_inline());
  r = {4, 5};
  EXPECT_EQ(as_std(target), (std::vector<int>{4, 5}));

  const small_vector_impl<int>& view = source;
  small_vector<int, 2> copy(view);
  EXPECT_EQ(as_std(copy), as_std(source));
  small_vector<int, 16> moved(std::move(r));
  EXPECT_EQ(as_std(moved), (std::vector<int>{4, 5}));
  EXPECT_TRUE(target.empty());
}

TEST(SmallVectorImpl, SwapThroughReferencesOfDifferentInlineCapacities) {
  using V2 = small_vector<std::string, 2>;
  using V8 = small_vector<std::string, 8>;
  auto fill = [](small_vector_impl<std::string>& v, int n, int base) {
    for (int i = 0; i < n; ++i) v.push_back(long_string(base + i));
  };
  // (size in the N = 2 vector, size in the N = 8 vector): both inline, the
  // larger too big for the other's buffer, heap against inline either way
  // (parked or not), both on the heap.
  const std::pair<int, int> sizes[] = {{1, 6}, {0, 8}, {5, 1}, {5, 6}, {3, 12}, {2, 9}, {4, 2}};
  for (const auto& [small_size, large_size] : sizes) {
    V2 a;
    V8 b;
    fill(a, small_size, 0);
    fill(b, large_size, 100);
    const std::vector<std::string> a_before(a.begin(), a.end());
    const std::vector<std::string> b_before(b.begin(), b.end());
    small_vector_impl<std::string>& ra = a;
    small_vector_impl<std::string>& rb = b;
    swap(ra, rb);
    EXPECT_EQ(std::vector<std::string>(a.begin(), a.end()), b_before) << small_size << " " << large_size;
    EXPECT_EQ(std::vector<std::string>(b.begin(), b.end()), a_before) << small_size << " " << large_size;
    if (small_size > 2 && large_size <= 2) {
      EXPECT_TRUE(a.is_inline()) << "parked in the free inline buffer";
    }
    ra.swap(rb);
    EXPECT_EQ(std::vector<std::string>(a.begin(), a.end()), a_before);
    EXPECT_EQ(std::vector<std::string>(b.begin(), b.end()), b_before);
  }
}

TEST(SmallVectorImpl, ComparisonAndErasure) {
  small_vector<int, 2> a{1, 2, 3};
  small_vector<int, 9> b{1, 2, 4};
  const small_vector_impl<int>& ra = a;
  const small_vector_impl<int>& rb = b;
  EXPECT_TRUE(ra < rb);
  EXPECT_TRUE(ra != rb);
  EXPECT_TRUE(a < b);
  b[2] = 3;
  EXPECT_TRUE(ra == rb);
  small_vector_impl<int>& rw = b;
  EXPECT_EQ(erase(rw, 2), 1u);
  EXPECT_EQ(erase_if(rw, [](int x) { return x > 2; }), 1u);
  EXPECT_EQ(as_std(b), std::vector<int>{1});
}

TEST(SmallVectorImpl, MoveOnlyElements) {
  small_vector<std::unique_ptr<int>, 1> a;
  small_vector<std::unique_ptr<int>, 4> b;
  small_vector_impl<std::unique_ptr<int>>& ra = a;
  ra.push_back(std::make_unique<int>(1));
  ra.push_back(std::make_unique<int>(2));
  small_vector_impl<std::unique_ptr<int>>& rb = b;
  rb = std::move(ra);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(*b[1], 2);
  static_assert(!std::is_copy_assignable_v<small_vector_impl<std::unique_ptr<int>>>);
}

}  // namespace
