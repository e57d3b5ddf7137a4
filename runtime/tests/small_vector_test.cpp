#include "heapwise/small_vector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <iterator>
#include <list>
#include <memory>
#include <memory_resource>
#include <mutex>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "test_types.h"

namespace {

using heapwise::small_vector;
using namespace heapwise::testing;

template <class V>
std::vector<typename V::value_type> as_std(const V& v) {
  return {v.begin(), v.end()};
}

std::vector<int> iota_vector(int n, int first = 0) {
  std::vector<int> out(static_cast<std::size_t>(n));
  std::iota(out.begin(), out.end(), first);
  return out;
}

// A string long enough to defeat the small-string optimisation.
std::string long_string(int i) { return "a string too long for SSO, number " + std::to_string(i); }

// Single-pass input iterators, to exercise the non-forward code paths.
std::istream_iterator<int> ints_from(std::istringstream& in) { return std::istream_iterator<int>(in); }

// --------------------------------------------------------------------------
// Construction

TEST(SmallVectorConstruct, DefaultIsEmptyAndInline) {
  small_vector<int, 8> v;
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.size(), 0u);
  EXPECT_EQ(v.capacity(), 8u);
  EXPECT_TRUE(v.is_inline());
  static_assert(small_vector<int, 8>::inline_capacity() == 8);
  EXPECT_GE(v.max_size(), 1000u);
}

TEST(SmallVectorConstruct, CountValueInitialises) {
  small_vector<int, 4> inline_v(3);
  EXPECT_EQ(as_std(inline_v), (std::vector<int>{0, 0, 0}));
  EXPECT_TRUE(inline_v.is_inline());
  small_vector<int, 4> heap_v(10);
  EXPECT_EQ(as_std(heap_v), std::vector<int>(10, 0));
  EXPECT_FALSE(heap_v.is_inline());
  EXPECT_EQ(heap_v.capacity(), 10u);
}

TEST(SmallVectorConstruct, CountAndValue) {
  small_vector<std::string, 2> v(5, long_string(1));
  EXPECT_EQ(as_std(v), std::vector<std::string>(5, long_string(1)));
}

TEST(SmallVectorConstruct, ForwardAndInputRanges) {
  std::list<int> source{1, 2, 3, 4, 5};
  small_vector<int, 3> from_list(source.begin(), source.end());
  EXPECT_EQ(as_std(from_list), (std::vector<int>{1, 2, 3, 4, 5}));

  std::istringstream in("7 8 9 10");
  small_vector<int, 2> from_stream(ints_from(in), std::istream_iterator<int>());
  EXPECT_EQ(as_std(from_stream), (std::vector<int>{7, 8, 9, 10}));
}

TEST(SmallVectorConstruct, CountAndValueOfIteratorValueTypeIsNotARange) {
  small_vector<std::size_t, 4> v(std::size_t{3}, std::size_t{7});
  EXPECT_EQ(as_std(v), (std::vector<std::size_t>{7, 7, 7}));
}

TEST(SmallVectorConstruct, InitializerList) {
  small_vector<int, 2> v{1, 2, 3};
  EXPECT_EQ(as_std(v), (std::vector<int>{1, 2, 3}));
}

TEST(SmallVectorConstruct, CopyInlineAndHeap) {
  small_vector<std::string, 2> inline_src{long_string(1)};
  small_vector<std::string, 2> inline_copy(inline_src);
  EXPECT_EQ(inline_copy, inline_src);
  EXPECT_TRUE(inline_copy.is_inline());

  small_vector<std::string, 2> heap_src{long_string(1), long_string(2), long_string(3)};
  small_vector<std::string, 2> heap_copy(heap_src);
  EXPECT_EQ(heap_copy, heap_src);
  EXPECT_NE(heap_copy.data(), heap_src.data());
}

TEST(SmallVectorConstruct, MoveStealsHeapBufferAndMovesInlineElements) {
  small_vector<std::string, 2> heap_src{long_string(1), long_string(2), long_string(3)};
  const std::string* buffer = heap_src.data();
  small_vector<std::string, 2> heap_moved(std::move(heap_src));
  EXPECT_EQ(heap_moved.data(), buffer);
  EXPECT_EQ(heap_moved.size(), 3u);
  EXPECT_TRUE(heap_src.empty());
  EXPECT_TRUE(heap_src.is_inline());

  small_vector<std::string, 4> inline_src{long_string(1), long_string(2)};
  small_vector<std::string, 4> inline_moved(std::move(inline_src));
  EXPECT_EQ(as_std(inline_moved), (std::vector<std::string>{long_string(1), long_string(2)}));
  EXPECT_TRUE(inline_moved.is_inline());
  EXPECT_TRUE(inline_src.empty());
}

TEST(SmallVectorConstruct, NoLeakWhenAnElementConstructorThrows) {
  ASSERT_EQ(throwing_copy::live, 0);
  std::vector<throwing_copy> source(6);
  for (int k = 0; k < 6; ++k) {
    copy_budget::scope budget(k);
    EXPECT_THROW((small_vector<throwing_copy, 2>(source.begin(), source.end())), copy_failure);
    EXPECT_THROW((small_vector<throwing_copy, 2>(6, source[0])), copy_failure);
  }
  EXPECT_EQ(throwing_copy::live, 6);
}

// --------------------------------------------------------------------------
// Assignment

TEST(SmallVectorAssign, CopyAssignBetweenInlineAndHeap) {
  small_vector<std::string, 2> small{long_string(1)};
  small_vector<std::string, 2> big{long_string(1), long_string(2), long_string(3)};
  small_vector<std::string, 2> target;
  target = big;
  EXPECT_EQ(target, big);
  target = small;
  EXPECT_EQ(target, small);
  const auto& same = target;
  target = same;  // self-assignment keeps the contents
  EXPECT_EQ(target, small);
}

TEST(SmallVectorAssign, MoveAssign) {
  small_vector<std::string, 2> big{long_string(1), long_string(2), long_string(3)};
  const std::string* buffer = big.data();
  small_vector<std::string, 2> target{long_string(9)};
  target = std::move(big);
  EXPECT_EQ(target.data(), buffer);
  EXPECT_EQ(target.size(), 3u);
  EXPECT_TRUE(big.empty());

  small_vector<std::string, 2> small{long_string(5)};
  target = std::move(small);
  EXPECT_EQ(as_std(target), std::vector<std::string>{long_string(5)});
  EXPECT_TRUE(small.empty());
}

TEST(SmallVectorAssign, AssignOverloads) {
  small_vector<int, 4> v{1, 2};
  v.assign(6, 3);
  EXPECT_EQ(as_std(v), std::vector<int>(6, 3));
  v.assign({4, 5});
  EXPECT_EQ(as_std(v), (std::vector<int>{4, 5}));
  std::istringstream in("1 2 3 4 5 6 7");
  v.assign(ints_from(in), std::istream_iterator<int>());
  EXPECT_EQ(as_std(v), iota_vector(7, 1));
  v = {9};
  EXPECT_EQ(as_std(v), std::vector<int>{9});
}

TEST(SmallVectorAssign, AssignCountFromOwnElement) {
  small_vector<std::string, 8> fits{long_string(0), long_string(1), long_string(2)};
  fits.assign(2, fits[2]);  // the value lives in the tail being destroyed
  EXPECT_EQ(as_std(fits), std::vector<std::string>(2, long_string(2)));

  small_vector<std::string, 2> grows{long_string(0), long_string(1)};
  grows.assign(20, grows[1]);  // the value lives in the buffer being freed
  EXPECT_EQ(as_std(grows), std::vector<std::string>(20, long_string(1)));
}

// --------------------------------------------------------------------------
// Element access and iteration

TEST(SmallVectorAccess, AtThrowsOutOfRange) {
  small_vector<int, 2> v{1, 2, 3};
  EXPECT_EQ(v.at(2), 3);
  EXPECT_THROW(v.at(3), std::out_of_range);
  const auto& cv = v;
  EXPECT_EQ(cv.at(0), 1);
  EXPECT_THROW(cv.at(100), std::out_of_range);
}

TEST(SmallVectorAccess, FrontBackDataIndex) {
  small_vector<int, 2> v{1, 2, 3};
  EXPECT_EQ(v.front(), 1);
  EXPECT_EQ(v.back(), 3);
  EXPECT_EQ(v.data()[1], 2);
  v[1] = 20;
  EXPECT_EQ(std::as_const(v)[1], 20);
}

TEST(SmallVectorAccess, ForwardAndReverseIteration) {
  small_vector<int, 4> v{1, 2, 3, 4, 5};
  EXPECT_EQ(std::vector<int>(v.rbegin(), v.rend()), (std::vector<int>{5, 4, 3, 2, 1}));
  EXPECT_EQ(std::vector<int>(v.crbegin(), v.crend()), (std::vector<int>{5, 4, 3, 2, 1}));
  EXPECT_EQ(std::vector<int>(v.cbegin(), v.cend()), iota_vector(5, 1));
  EXPECT_EQ(v.end() - v.begin(), 5);
}

// --------------------------------------------------------------------------
// Capacity

TEST(SmallVectorCapacity, ReserveAllocatesExactlyAndKeepsElements) {
  small_vector<std::string, 2> v{long_string(1)};
  v.reserve(1);
  EXPECT_TRUE(v.is_inline());
  v.reserve(50);
  EXPECT_EQ(v.capacity(), 50u);
  EXPECT_FALSE(v.is_inline());
  EXPECT_EQ(as_std(v), std::vector<std::string>{long_string(1)});
  EXPECT_THROW(v.reserve(v.max_size() + 1), std::length_error);
}

TEST(SmallVectorCapacity, ShrinkToFitReturnsInlineWhenItFits) {
  small_vector<std::string, 4> v;
  for (int i = 0; i < 10; ++i) v.push_back(long_string(i));
  v.resize(3);
  v.shrink_to_fit();
  EXPECT_TRUE(v.is_inline());
  EXPECT_EQ(v.capacity(), 4u);
  EXPECT_EQ(as_std(v), (std::vector<std::string>{long_string(0), long_string(1), long_string(2)}));
}

TEST(SmallVectorCapacity, ShrinkToFitOnHeapIsExact) {
  const std::vector<int> values = iota_vector(10);
  small_vector<int, 4> v(values.begin(), values.end());
  v.reserve(100);
  v.shrink_to_fit();
  EXPECT_EQ(v.capacity(), 10u);
  EXPECT_EQ(as_std(v), iota_vector(10));
}

TEST(SmallVectorCapacity, GrowthIsGeometric) {
  small_vector<int, 4> v;
  int reallocations = 0;
  std::size_t capacity = v.capacity();
  for (int i = 0; i < 4096; ++i) {
    v.push_back(i);
    if (v.capacity() != capacity) {
      EXPECT_GE(v.capacity(), 2 * capacity);
      capacity = v.capacity();
      ++reallocations;
    }
  }
  EXPECT_EQ(reallocations, 10);  // 4 -> 8 -> ... -> 4096
  EXPECT_EQ(as_std(v), iota_vector(4096));
}

TEST(SmallVectorCapacity, ResizeBothWays) {
  small_vector<std::string, 2> v;
  v.resize(5);
  EXPECT_EQ(as_std(v), std::vector<std::string>(5));
  v.resize(7, long_string(7));
  EXPECT_EQ(v[6], long_string(7));
  EXPECT_EQ(v[4], "");
  v.resize(1);
  EXPECT_EQ(v.size(), 1u);
  v.resize(3, v[0]);
  EXPECT_EQ(as_std(v), std::vector<std::string>(3));
}

TEST(SmallVectorCapacity, ResizeWithOwnElementWhileGrowing) {
  small_vector<std::string, 2> v{long_string(0), long_string(1)};
  v.resize(40, v[1]);
  EXPECT_EQ(v.size(), 40u);
  EXPECT_EQ(v[39], long_string(1));
  EXPECT_EQ(v[0], long_string(0));
}

// --------------------------------------------------------------------------
// Modifiers

TEST(SmallVectorModify, PushBackAcrossTheSpill) {
  small_vector<std::string, 3> v;
  std::vector<std::string> expected;
  for (int i = 0; i < 20; ++i) {
    v.push_back(long_string(i));
    expected.push_back(long_string(i));
    EXPECT_EQ(v.is_inline(), i < 3);
  }
  EXPECT_EQ(as_std(v), expected);
}

TEST(SmallVectorModify, PushBackOwnElementWhenFull) {
  small_vector<std::string, 2> v{long_string(0), long_string(1)};
  v.push_back(v[0]);
  v.push_back(std::move(v[1]));
  EXPECT_EQ(v[2], long_string(0));
  EXPECT_EQ(v[3], long_string(1));
}

TEST(SmallVectorModify, EmplaceBackReturnsTheNewElement) {
  small_vector<std::pair<int, std::string>, 1> v;
  auto& first = v.emplace_back(1, "one");
  EXPECT_EQ(&first, &v.back());
  auto& second = v.emplace_back(2, "two");  // spills
  EXPECT_EQ(&second, &v.back());
  EXPECT_EQ(second.second, "two");
  EXPECT_EQ(v[0].second, "one");
}

TEST(SmallVectorModify, PopBackAndClear) {
  small_vector<int, 2> v{1, 2, 3};
  v.pop_back();
  EXPECT_EQ(as_std(v), (std::vector<int>{1, 2}));
  const auto capacity = v.capacity();
  v.clear();
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.capacity(), capacity);
}

TEST(SmallVectorModify, InsertSingleAtEveryPosition) {
  for (std::size_t pos = 0; pos <= 5; ++pos) {
    small_vector<std::string, 8> roomy;
    small_vector<std::string, 5> full;
    std::vector<std::string> expected;
    for (int i = 0; i < 5; ++i) {
      roomy.push_back(long_string(i));
      full.push_back(long_string(i));
      expected.push_back(long_string(i));
    }
    const std::string value = long_string(100);
    auto it = roomy.insert(roomy.begin() + pos, value);
    auto it_full = full.insert(full.begin() + pos, std::string(value));
    expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(pos), value);
    EXPECT_EQ(it - roomy.begin(), static_cast<std::ptrdiff_t>(pos));
    EXPECT_EQ(it_full - full.begin(), static_cast<std::ptrdiff_t>(pos));
    EXPECT_EQ(as_std(roomy), expected);
    EXPECT_EQ(as_std(full), expected);
  }
}

TEST(SmallVectorModify, SelfInsertion) {
  small_vector<std::string, 16> roomy;
  small_vector<std::string, 6> full;
  for (int i = 0; i < 6; ++i) {
    roomy.push_back(long_string(i));
    full.push_back(long_string(i));
  }
  roomy.insert(roomy.begin(), roomy[3]);
  full.insert(full.begin(), full[3]);  // reallocates: the source is in the old buffer
  std::vector<std::string> expected{long_string(3), long_string(0), long_string(1),
                                    long_string(2), long_string(3), long_string(4),
                                    long_string(5)};
  EXPECT_EQ(as_std(roomy), expected);
  EXPECT_EQ(as_std(full), expected);

  small_vector<int, 16> ints{0, 1, 2, 3, 4, 5};
  ints.insert(ints.begin() + 1, 3, ints[4]);
  EXPECT_EQ(as_std(ints), (std::vector<int>{0, 4, 4, 4, 1, 2, 3, 4, 5}));
  ints.emplace(ints.begin(), ints.back());
  EXPECT_EQ(ints.front(), 5);
}

TEST(SmallVectorModify, InsertCountWithinCapacityAndGrowing) {
  for (std::size_t count : {0u, 1u, 2u, 3u, 5u, 12u}) {
    for (std::size_t pos = 0; pos <= 4; ++pos) {
      small_vector<std::string, 10> v;
      std::vector<std::string> expected;
      for (int i = 0; i < 4; ++i) {
        v.push_back(long_string(i));
        expected.push_back(long_string(i));
      }
      auto it = v.insert(v.begin() + pos, count, long_string(50));
      expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(pos), count, long_string(50));
      EXPECT_EQ(it, v.begin() + pos);
      EXPECT_EQ(as_std(v), expected) << "count " << count << " pos " << pos;
    }
  }
}

TEST(SmallVectorModify, InsertRanges) {
  for (std::size_t pos = 0; pos <= 4; ++pos) {
    small_vector<int, 8> v{0, 1, 2, 3};
    std::vector<int> expected{0, 1, 2, 3};
    const std::list<int> forward{10, 11, 12};
    v.insert(v.begin() + pos, forward.begin(), forward.end());
    expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(pos), forward.begin(), forward.end());
    EXPECT_EQ(as_std(v), expected);

    std::istringstream in("20 21 22 23 24");
    auto it = v.insert(v.begin() + pos, ints_from(in), std::istream_iterator<int>());
    expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(pos), {20, 21, 22, 23, 24});
    EXPECT_EQ(it, v.begin() + pos);
    EXPECT_EQ(as_std(v), expected);

    v.insert(v.begin() + pos, {30, 31});
    expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(pos), {30, 31});
    EXPECT_EQ(as_std(v), expected);
  }
}

TEST(SmallVectorModify, EmplaceInTheMiddle) {
  small_vector<std::pair<int, std::string>, 4> v;
  v.emplace_back(1, "a");
  v.emplace_back(3, "c");
  auto it = v.emplace(v.begin() + 1, 2, "b");
  EXPECT_EQ(it->first, 2);
  v.emplace(v.begin(), 0, "z");  // still inline
  v.emplace(v.end(), 4, "d");    // spills
  ASSERT_EQ(v.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(v[static_cast<std::size_t>(i)].first, i);
}

TEST(SmallVectorModify, EraseOneAndRange) {
  small_vector<std::string, 4> v;
  std::vector<std::string> expected;
  for (int i = 0; i < 8; ++i) {
    v.push_back(long_string(i));
    expected.push_back(long_string(i));
  }
  auto it = v.erase(v.begin() + 2);
  expected.erase(expected.begin() + 2);
  EXPECT_EQ(*it, long_string(3));
  EXPECT_EQ(as_std(v), expected);

  it = v.erase(v.begin() + 1, v.begin() + 4);
  expected.erase(expected.begin() + 1, expected.begin() + 4);
  EXPECT_EQ(*it, long_string(5));
  EXPECT_EQ(as_std(v), expected);

  it = v.erase(v.begin() + 1, v.begin() + 1);
  EXPECT_EQ(it, v.begin() + 1);
  EXPECT_EQ(as_std(v), expected);

  it = v.erase(v.end() - 1);
  EXPECT_EQ(it, v.end());
  it = v.erase(v.begin(), v.end());
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(it, v.end());
}

TEST(SmallVectorModify, SwapEveryCombination) {
  using V = small_vector<std::string, 3>;
  auto make = [](int n, int base) {
    V v;
    for (int i = 0; i < n; ++i) v.push_back(long_string(base + i));
    return v;
  };
  for (int a_size : {0, 2, 3, 7}) {
    for (int b_size : {0, 1, 3, 9}) {
      V a = make(a_size, 0);
      V b = make(b_size, 100);
      const V a_copy = a;
      const V b_copy = b;
      const std::string* b_buffer = b.data();
      a.swap(b);
      EXPECT_EQ(a, b_copy);
      EXPECT_EQ(b, a_copy);
      if (b_size > 3) {
        EXPECT_EQ(a.data(), b_buffer);  // heap buffers change hands
      }
      swap(a, b);
      EXPECT_EQ(a, a_copy);
      EXPECT_EQ(b, b_copy);
    }
  }
}

TEST(SmallVectorModify, ZeroInlineCapacity) {
  small_vector<std::string, 0> v;
  EXPECT_TRUE(v.is_inline());
  EXPECT_EQ(v.capacity(), 0u);
  v.push_back(long_string(1));
  EXPECT_FALSE(v.is_inline());
  small_vector<std::string, 0> w{long_string(2), long_string(3)};
  v.swap(w);
  EXPECT_EQ(v.size(), 2u);
  v.clear();
  v.shrink_to_fit();
  EXPECT_TRUE(v.is_inline());
  EXPECT_EQ(v.capacity(), 0u);
}

// --------------------------------------------------------------------------
// Comparison and erasure

TEST(SmallVectorCompare, EqualityAndOrdering) {
  small_vector<int, 2> a{1, 2, 3};
  small_vector<int, 2> b{1, 2, 4};
  small_vector<int, 2> prefix{1, 2};
  EXPECT_TRUE(a == a);
  EXPECT_TRUE(a != b);
  EXPECT_TRUE(a < b);
  EXPECT_TRUE(prefix < a);
  EXPECT_TRUE(b >= a);
  EXPECT_TRUE(b > a);
  EXPECT_TRUE(a <= a);
  EXPECT_FALSE(a < a);
#if HEAPWISE_THREE_WAY_COMPARISON
  EXPECT_EQ(a <=> b, std::strong_ordering::less);
  EXPECT_EQ(a <=> a, std::strong_ordering::equal);
#endif
}

TEST(SmallVectorCompare, SynthesisedFromLessThan) {
  small_vector<less_only, 2> a{{1}, {2}};
  small_vector<less_only, 2> b{{1}, {3}};
  EXPECT_TRUE(a < b);
  EXPECT_FALSE(b <= a);
#if HEAPWISE_THREE_WAY_COMPARISON
  EXPECT_EQ(a <=> b, std::weak_ordering::less);
  EXPECT_EQ(b <=> a, std::weak_ordering::greater);
#endif
}

TEST(SmallVectorErase, EraseAndEraseIfThroughADLReturnTheCount) {
  small_vector<int, 4> v{1, 2, 3, 2, 5, 2};
  EXPECT_EQ(erase(v, 2), 3u);
  EXPECT_EQ(as_std(v), (std::vector<int>{1, 3, 5}));
  EXPECT_EQ(erase_if(v, [](int x) { return x > 2; }), 2u);
  EXPECT_EQ(as_std(v), std::vector<int>{1});
  EXPECT_EQ(erase(v, 7), 0u);
}

#if __cplusplus > 201703L
TEST(SmallVectorErase, StdEraseAndEraseIfReturnTheCount) {
  small_vector<int, 4> v{1, 2, 3, 2, 5, 2};
  EXPECT_EQ(std::erase(v, 2), 3u);
  EXPECT_EQ(as_std(v), (std::vector<int>{1, 3, 5}));
  EXPECT_EQ(std::erase_if(v, [](int x) { return x > 2; }), 2u);
  EXPECT_EQ(as_std(v), std::vector<int>{1});
  using namespace std;  // both namespaces visible: still one function
  EXPECT_EQ(erase_if(v, [](int) { return true; }), 1u);
}
#endif

// --------------------------------------------------------------------------
// Exception guarantees

template <class T>
struct snapshot {
  std::size_t size, capacity;
  const T* data;
  std::vector<int> values;
  template <class V>
  explicit snapshot(const V& v) : size(v.size()), capacity(v.capacity()), data(v.data()) {
    for (const auto& e : v) values.push_back(e.value);
  }
  friend bool operator==(const snapshot& a, const snapshot& b) {
    return a.size == b.size && a.capacity == b.capacity && a.data == b.data && a.values == b.values;
  }
};

template <class T, class Operation>
void expect_unchanged_after_throw(int v_size, Operation operation) {
  for (int k = 0; k < 40; ++k) {
    small_vector<T, 4> v;
    for (int i = 0; i < v_size; ++i) v.emplace_back(i);
    const snapshot<T> before(v);
    const int live_before = T::live;
    bool threw = false;
    {
      copy_budget::scope budget(k);
      try {
        operation(v);
      } catch (const copy_failure&) {
        threw = true;
      }
    }
    if (!threw) return;  // k is past the number of copies the operation makes
    EXPECT_EQ(snapshot<T>(v), before) << "after the copy number " << k << " threw";
    EXPECT_EQ(T::live, live_before);
  }
  ADD_FAILURE() << "the operation never got to finish";
}

TEST(SmallVectorExceptions, PushBackGrowthIsStrong) {
  const throwing_copy value(42);
  // Full (4 inline) and full on the heap (8).
  for (int size : {4, 8}) {
    expect_unchanged_after_throw<throwing_copy>(size, [&](auto& v) { v.push_back(value); });
  }
}

TEST(SmallVectorExceptions, EmplaceBackAndReserveGrowthAreStrong) {
  expect_unchanged_after_throw<throwing_copy>(4, [](auto& v) { v.emplace_back(v[0]); });
  expect_unchanged_after_throw<throwing_copy>(6, [](auto& v) { v.reserve(100); });
  expect_unchanged_after_throw<throwing_copy>(3, [](auto& v) { v.resize(30, v[1]); });
  const std::vector<throwing_copy> source(5);
  expect_unchanged_after_throw<throwing_copy>(
      3, [&](auto& v) { v.insert(v.end(), source.begin(), source.end()); });
}

TEST(SmallVectorExceptions, GrowthThroughTheReferenceTypeIsStrong) {
  using reference_type = heapwise::small_vector_impl<throwing_copy>;
  const throwing_copy value(42);
  for (int size : {4, 8}) {
    expect_unchanged_after_throw<throwing_copy>(size, [&](reference_type& r) { r.push_back(value); });
  }
  expect_unchanged_after_throw<throwing_copy>(6, [](reference_type& r) { r.reserve(100); });
}

TEST(SmallVectorExceptions, InsertAtEndWithinCapacityIsStrong) {
  const throwing_copy value(7);
  expect_unchanged_after_throw<throwing_copy>(2, [&](auto& v) { v.insert(v.end(), value); });
}

TEST(SmallVectorExceptions, GrowthMovesOnlyWhenMoveIsNoexcept) {
  small_vector<throwing_copy, 2> copies{1, 2};
  throwing_copy::moves = 0;
  copies.emplace_back(3);
  EXPECT_EQ(throwing_copy::moves, 0) << "a throwing move must not be used to grow";

  small_vector<throwing_copy_nothrow_move, 2> moves{1, 2};
  throwing_copy_nothrow_move::moves = 0;
  copy_budget::scope no_copies(0);  // any copy would throw
  moves.emplace_back(3);
  EXPECT_EQ(throwing_copy_nothrow_move::moves, 2);
}

TEST(SmallVectorExceptions, ThrowingEmplaceLeavesVectorUnchanged) {
  small_vector<throws_on_construct, 2> v;
  v.emplace_back(1);
  EXPECT_THROW(v.emplace_back(-1), std::invalid_argument);
  v.emplace_back(2);
  EXPECT_THROW(v.emplace_back(-1), std::invalid_argument);  // growth path
  EXPECT_EQ(v.size(), 2u);
  EXPECT_TRUE(v.is_inline());
  EXPECT_THROW(v.emplace(v.begin(), -1), std::invalid_argument);
  EXPECT_EQ(v[0].value, 1);
  EXPECT_EQ(v[1].value, 2);
}

TEST(SmallVectorExceptions, MiddleInsertFailureLeavesAValidVector) {
  for (int k = 0; k < 10; ++k) {
    const int live_before = throwing_copy::live;
    {
      small_vector<throwing_copy, 16> v;
      for (int i = 0; i < 6; ++i) v.emplace_back(i);
      const std::vector<throwing_copy> source(4, throwing_copy(9));
      copy_budget::scope budget(k);
      try {
        v.insert(v.begin() + 2, source.begin(), source.end());
      } catch (const copy_failure&) {
      }
      // Basic guarantee: whatever it holds is destroyable and consistent.
      EXPECT_GE(v.size(), 6u);
      EXPECT_LE(v.size(), 10u);
    }
    EXPECT_EQ(throwing_copy::live, live_before);
  }
}

// --------------------------------------------------------------------------
// Element types

TEST(SmallVectorTypes, MoveOnlyElements) {
  small_vector<std::unique_ptr<int>, 2> v;
  for (int i = 0; i < 6; ++i) v.push_back(std::make_unique<int>(i));
  v.insert(v.begin() + 1, std::make_unique<int>(100));
  v.emplace(v.begin(), std::make_unique<int>(200));
  v.erase(v.begin() + 3);
  ASSERT_EQ(v.size(), 7u);  // 200 0 100 2 3 4 5
  EXPECT_EQ(*v[0], 200);
  EXPECT_EQ(*v[2], 100);
  EXPECT_EQ(*v[3], 2);
  v.resize(8);
  EXPECT_EQ(v[7], nullptr);
  small_vector<std::unique_ptr<int>, 2> moved(std::move(v));
  EXPECT_EQ(*moved[0], 200);
  v = std::move(moved);
  v.resize(2);
  v.shrink_to_fit();
  EXPECT_TRUE(v.is_inline());
  EXPECT_EQ(*v[1], 0);
  small_vector<std::unique_ptr<int>, 2> other;
  other.push_back(std::make_unique<int>(5));
  v.swap(other);
  EXPECT_EQ(*v[0], 5);
  EXPECT_EQ(*other[0], 200);
}

TEST(SmallVectorTypes, OverAlignedElementsAreAligned) {
  small_vector<over_aligned, 3> v;
  for (int i = 0; i < 10; ++i) {
    v.push_back(over_aligned{i});
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(v.data()) % 64, 0u) << "size " << v.size();
  }
  EXPECT_EQ(v[9].value, 9);
}

TEST(SmallVectorTypes, TrackedElementsNeverLeak) {
  ASSERT_EQ(tracked::live, 0);
  {
    small_vector<tracked, 4> v;
    for (int i = 0; i < 20; ++i) v.emplace_back(i);
    v.insert(v.begin() + 3, 5, tracked(7));
    v.erase(v.begin(), v.begin() + 10);
    v.resize(3);
    v.shrink_to_fit();
    small_vector<tracked, 4> w(v);
    w.assign(30, tracked(1));
    v.swap(w);
    EXPECT_EQ(tracked::live, 33);
  }
  EXPECT_EQ(tracked::live, 0);
}

TEST(SmallVectorTypes, TriviallyCopyableMoveOnlyElementsGrow) {
  small_vector<token, 2> v;
  for (int i = 0; i < 5; ++i) v.push_back(token(i));  // spills on the third
  for (int i = 5; i < 9; ++i) v.emplace_back(i);
  token t(9);
  v.push_back(std::move(t));
  ASSERT_EQ(v.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(v[static_cast<std::size_t>(i)].value, i);
}

TEST(SmallVectorTypes, VectorsOfMoveOnlyVectorsWithAThrowingMoveGrow) {
  static_assert(!std::is_copy_constructible_v<small_vector<handle, 4>>);
  static_assert(!std::is_copy_assignable_v<small_vector<handle, 4>>);
  static_assert(std::is_copy_constructible_v<small_vector<int, 4>>);
  small_vector<small_vector<handle, 4>, 2> outer;
  for (int i = 0; i < 5; ++i) {
    small_vector<handle, 4> inner;
    for (int j = 0; j <= i; ++j) inner.emplace_back(10 * i + j);
    outer.push_back(std::move(inner));
  }
  outer.emplace(outer.begin() + 1);  // shifts the tail by moves
  ASSERT_EQ(outer.size(), 6u);
  EXPECT_TRUE(outer[1].empty());
  EXPECT_EQ(*outer[0][0].value, 0);
  ASSERT_EQ(outer[5].size(), 5u);
  EXPECT_EQ(*outer[5][4].value, 44);
}

TEST(SmallVectorTypes, ElementsWithADeletedAddressOfOperator) {
  small_vector<no_address, 2> v{1, 2};
  v.emplace(v.begin() + 1, 5);                 // middle, while full: grows
  v.insert(v.begin() + 1, no_address(6));
  const no_address seven(7);
  v.insert(v.begin() + 2, seven);
  v.insert(v.begin() + 1, 2, no_address(8));
  v.insert(v.begin(), 3, seven);               // grows
  v.reserve(100);
  v.emplace(v.begin() + 4, 9);                 // middle, within capacity
  const std::vector<no_address> expected{7, 7, 7, 1, 9, 8, 8, 6, 7, 5, 2};
  EXPECT_EQ(as_std(v), expected);
}

TEST(SmallVectorTypes, IteratorsWithADeletedCommaOperator) {
  const std::vector<std::string> source{long_string(0), long_string(1), long_string(2)};
  using forward = no_comma_iterator<std::vector<std::string>::const_iterator, std::forward_iterator_tag>;
  using input = no_comma_iterator<std::vector<std::string>::const_iterator, std::input_iterator_tag>;
  const forward first{source.begin()}, last{source.end()};
  small_vector<std::string, 2> v(first, last);
  EXPECT_EQ(as_std(v), source);
  v.assign(first, last);
  v.insert(v.begin() + 1, first, last);
  v.insert(v.begin(), input{source.begin()}, input{source.end()});
  small_vector<std::string, 2> w(input{source.begin()}, input{source.end()});
  w.assign(input{source.begin()}, input{source.end()});
  EXPECT_EQ(as_std(w), source);
  const std::vector<int> expected{0, 1, 2, 0, 0, 1, 2, 1, 2};
  ASSERT_EQ(v.size(), expected.size());
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i], long_string(expected[i])) << i;
}

TEST(SmallVectorTypes, EmplaceBackBuildsTheElementInPlaceWhenGrowing) {
  small_vector<knows_its_address, 2> v;
  for (int i = 0; i < 3; ++i) {
    auto& added = v.emplace_back(i);  // the third spills
    EXPECT_EQ(added.constructed_at, static_cast<const void*>(&added)) << "element " << i;
  }
  EXPECT_FALSE(v.is_inline());
}

TEST(SmallVectorTypes, PinnedElementsWhereStdVectorTakesThem) {
  // No copy and no move: std::vector builds them in the constructors that
  // need no relocation, and so does small_vector (growth is a compile error;
  // see the compile-fail tests).
  small_vector<std::mutex, 2> inline_mutexes(2);
  small_vector<std::mutex, 2> heap_mutexes(5);
  EXPECT_TRUE(inline_mutexes.is_inline());
  EXPECT_EQ(heap_mutexes.size(), 5u);
  heap_mutexes[4].lock();
  heap_mutexes[4].unlock();
  const int values[] = {1, 2, 3};
  small_vector<std::atomic<int>, 2> atomics(std::begin(values), std::end(values));
  EXPECT_EQ(atomics[2].load(), 3);
}

// --------------------------------------------------------------------------
// The llvm::SmallVector extras

TEST(SmallVectorLlvmApi, DefaultInlineCapacityKeepsTheObjectNear64Bytes) {
  static_assert(small_vector<int>::inline_capacity() == (64 - 3 * sizeof(void*)) / sizeof(int));
  static_assert(sizeof(small_vector<int>) <= 64);
  static_assert(small_vector<std::array<char, 1000>>::inline_capacity() == 1);
  small_vector<int> v{1, 2, 3};
  EXPECT_TRUE(v.is_inline());
}

TEST(SmallVectorLlvmApi, AcrossInlineCapacities) {
  small_vector<std::string, 2> heap{long_string(0), long_string(1), long_string(2)};
  small_vector<std::string, 8> copied(heap);
  EXPECT_TRUE(copied.is_inline());
  EXPECT_TRUE(copied == heap);
  EXPECT_FALSE(copied != heap);
  const std::string* buffer = heap.data();
  small_vector<std::string, 1> moved(std::move(heap));
  EXPECT_EQ(moved.data(), buffer) << "a heap buffer is adopted";
  EXPECT_TRUE(heap.empty());
  small_vector<std::string, 2> back;
  back = moved;
  EXPECT_EQ(as_std(back), as_std(copied));
  back = std::move(copied);  // inline elements: moved one by one
  EXPECT_TRUE(copied.empty());
  EXPECT_EQ(back.size(), 3u);
  small_vector<std::string, 4> shorter{long_string(0)};
  EXPECT_TRUE(shorter < back);
  EXPECT_TRUE(back > shorter);
  EXPECT_TRUE(shorter <= back);
  EXPECT_FALSE(shorter >= back);
}

TEST(SmallVectorLlvmApi, AppendPopBackValAndTruncate) {
  small_vector<std::unique_ptr<int>, 2> owners;
  owners.push_back(std::make_unique<int>(1));
  owners.push_back(std::make_unique<int>(2));
  std::unique_ptr<int> last = owners.pop_back_val();
  EXPECT_EQ(*last, 2);
  EXPECT_EQ(owners.size(), 1u);

  small_vector<int, 2> v{1};
  const std::vector<int> more{2, 3};
  v.append(more.begin(), more.end());
  v.append(2, 9);
  v.append({4, 5});
  EXPECT_EQ(as_std(v), (std::vector<int>{1, 2, 3, 9, 9, 4, 5}));
  v.truncate(2);
  EXPECT_EQ(as_std(v), (std::vector<int>{1, 2}));
}

TEST(SmallVectorLlvmApi, ResizeForOverwriteKeepsElementsAndConstructsNewOnes) {
  small_vector<int, 2> v{7, 8};
  v.resize_for_overwrite(100);
  ASSERT_EQ(v.size(), 100u);
  EXPECT_EQ(v[1], 8);
  for (int& x : v) x = 1;  // writable (ASan checks the bounds)
  v.resize_for_overwrite(1);
  EXPECT_EQ(as_std(v), std::vector<int>{1});
  ASSERT_EQ(tracked::live, 0);
  {
    small_vector<tracked, 2> t;
    t.resize_for_overwrite(5);
    EXPECT_EQ(tracked::live, 5);
  }
  EXPECT_EQ(tracked::live, 0);
}

// --------------------------------------------------------------------------
// Allocators

template <bool CopyAssign, bool MoveAssign, bool Swap>
using tagged_vector = small_vector<int, 2, tagged_allocator<int, CopyAssign, MoveAssign, Swap>>;

TEST(SmallVectorAllocator, HeapMemoryComesFromTheAllocator) {
  allocation_log log;
  {
    tagged_vector<false, false, false> v(tagged_allocator<int>(1, &log));
    v.push_back(1);
    v.push_back(2);
    EXPECT_EQ(log.allocations, 0);  // inline
    v.push_back(3);
    EXPECT_EQ(log.allocations, 1);
    EXPECT_EQ(v.get_allocator().id, 1);
  }
  EXPECT_EQ(log.deallocations, 1);
  EXPECT_EQ(log.bytes_live, 0);
}

TEST(SmallVectorAllocator, CopyAssignmentPropagatesOnlyWhenAsked) {
  allocation_log log;
  {
    using no_prop = tagged_allocator<int, false, false, false>;
    using prop = tagged_allocator<int, true, false, false>;
    tagged_vector<false, false, false> a({1, 2, 3}, no_prop(1, &log));
    tagged_vector<false, false, false> b({4, 5, 6, 7}, no_prop(2, &log));
    a = b;
    EXPECT_EQ(a.get_allocator().id, 1);
    tagged_vector<true, false, false> c({1, 2, 3}, prop(1, &log));
    tagged_vector<true, false, false> d({4, 5, 6, 7}, prop(2, &log));
    c = d;
    EXPECT_EQ(c.get_allocator().id, 2);
    EXPECT_EQ(as_std(c), as_std(d));
  }
  EXPECT_EQ(log.bytes_live, 0);
  EXPECT_EQ(log.allocations, log.deallocations);
}

TEST(SmallVectorAllocator, MoveAssignmentWithUnequalAllocatorsMovesElements) {
  allocation_log log;
  {
    using no_prop = tagged_allocator<int, false, false, false>;
    tagged_vector<false, false, false> a(no_prop(1, &log));
    tagged_vector<false, false, false> b({4, 5, 6, 7}, no_prop(2, &log));
    const int* b_buffer = b.data();
    a = std::move(b);
    EXPECT_EQ(a.get_allocator().id, 1);
    EXPECT_NE(a.data(), b_buffer);  // could not adopt another allocator's buffer
    EXPECT_EQ(as_std(a), (std::vector<int>{4, 5, 6, 7}));

    using prop = tagged_allocator<int, false, true, false>;
    tagged_vector<false, true, false> c({1, 2, 3}, prop(1, &log));
    tagged_vector<false, true, false> d({4, 5, 6, 7}, prop(2, &log));
    const int* d_buffer = d.data();
    c = std::move(d);
    EXPECT_EQ(c.get_allocator().id, 2);
    EXPECT_EQ(c.data(), d_buffer);
  }
  EXPECT_EQ(log.bytes_live, 0);
  EXPECT_EQ(log.allocations, log.deallocations);
}

TEST(SmallVectorAllocator, MoveConstructionWithAnAllocator) {
  allocation_log log;
  {
    using A = tagged_allocator<int, false, false, false>;
    tagged_vector<false, false, false> source({1, 2, 3, 4}, A(1, &log));
    tagged_vector<false, false, false> same(std::move(source), A(1, &log));
    EXPECT_EQ(as_std(same), (std::vector<int>{1, 2, 3, 4}));
    tagged_vector<false, false, false> other(std::move(same), A(2, &log));
    EXPECT_EQ(other.get_allocator().id, 2);
    EXPECT_EQ(as_std(other), (std::vector<int>{1, 2, 3, 4}));
    tagged_vector<false, false, false> copy(other, A(3, &log));
    EXPECT_EQ(copy.get_allocator().id, 3);
    EXPECT_EQ(copy, other);
  }
  EXPECT_EQ(log.bytes_live, 0);
}

TEST(SmallVectorAllocator, SwapPropagatesAllocatorsWithTheirMemory) {
  allocation_log log;
  {
    using A = tagged_allocator<int, false, false, true>;
    for (int a_size : {1, 5}) {
      for (int b_size : {0, 2, 7}) {
        tagged_vector<false, false, true> a(A(1, &log));
        tagged_vector<false, false, true> b(A(2, &log));
        for (int i = 0; i < a_size; ++i) a.push_back(i);
        for (int i = 0; i < b_size; ++i) b.push_back(100 + i);
        const auto a_values = as_std(a);
        const auto b_values = as_std(b);
        a.swap(b);
        EXPECT_EQ(a.get_allocator().id, 2);
        EXPECT_EQ(b.get_allocator().id, 1);
        EXPECT_EQ(as_std(a), b_values);
        EXPECT_EQ(as_std(b), a_values);
      }
    }
  }
  EXPECT_EQ(log.bytes_live, 0);
  EXPECT_EQ(log.allocations, log.deallocations);
}

TEST(SmallVectorAllocator, PolymorphicAllocatorPassesItselfToElements) {
  std::pmr::monotonic_buffer_resource resource;
  small_vector<std::pmr::string, 2, std::pmr::polymorphic_allocator<std::pmr::string>> v(&resource);
  v.emplace_back(long_string(1));
  v.push_back(std::pmr::string(long_string(2)));
  v.emplace_back(long_string(3));
  for (const auto& s : v) EXPECT_EQ(s.get_allocator().resource(), &resource);
}

}  // namespace
