// Internal helpers of heapwise/small_vector.h. Not part of the public API.
#pragma once

#include <compare>
#include <concepts>
#include <cstddef>
#include <iterator>
#include <type_traits>
#include <utility>

namespace heapwise::detail {

// Raw, suitably aligned bytes for N elements inside the container object. The
// N == 0 specialisation is empty so that `small_vector<T, 0>` costs no space;
// its data() is its own (aligned, never dereferenced) address rather than null,
// so no zero-length memcpy ever sees a null pointer.
template <class T, std::size_t N>
struct inline_storage {
  alignas(T) std::byte bytes[N * sizeof(T)];
  T* data() noexcept { return reinterpret_cast<T*>(bytes); }
  const T* data() const noexcept { return reinterpret_cast<const T*>(bytes); }
};

template <class T>
struct alignas(T) inline_storage<T, 0> {
  T* data() noexcept { return reinterpret_cast<T*>(this); }
  const T* data() const noexcept { return reinterpret_cast<const T*>(this); }
};

// The iterator requirements std::vector uses to tell an iterator pair from
// (count, value): the iterator_traits category, not the C++20 concepts, so that
// legacy iterators keep working.
template <class It>
concept legacy_input_iterator =
    requires { typename std::iterator_traits<It>::iterator_category; } &&
    std::derived_from<typename std::iterator_traits<It>::iterator_category,
                      std::input_iterator_tag>;

template <class It>
concept legacy_forward_iterator =
    legacy_input_iterator<It> &&
    std::derived_from<typename std::iterator_traits<It>::iterator_category,
                      std::forward_iterator_tag>;

// An allocator that does not customise construct/destroy lets trivially
// copyable elements be created and relocated with memcpy: nobody could tell.
template <class Alloc, class T>
inline constexpr bool uses_default_construct =
    !requires(Alloc& a, T* p, T&& v) { a.construct(p, std::move(v)); } &&
    !requires(Alloc& a, T* p) { a.destroy(p); };

// A forward iterator that yields the same value `count` times, so that
// "n copies of value" shares the code paths of range insertion.
template <class T>
class repeat_iterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = T;
  using difference_type = std::ptrdiff_t;
  using pointer = const T*;
  using reference = const T&;

  repeat_iterator() = default;
  repeat_iterator(const T& value, std::size_t index) noexcept
      : value_(&value), index_(index) {}

  reference operator*() const noexcept { return *value_; }
  repeat_iterator& operator++() noexcept {
    ++index_;
    return *this;
  }
  repeat_iterator operator++(int) noexcept {
    repeat_iterator old = *this;
    ++index_;
    return old;
  }
  friend bool operator==(const repeat_iterator& a,
                         const repeat_iterator& b) noexcept {
    return a.index_ == b.index_;
  }

 private:
  const T* value_ = nullptr;
  std::size_t index_ = 0;
};

// The standard's exposition-only synth-three-way: <=> when the element has it,
// otherwise an ordering built from <, as std::vector's operator<=> does.
struct synth_three_way {
  template <class T, class U>
  constexpr auto operator()(const T& t, const U& u) const
    requires requires {
      { t < u } -> std::convertible_to<bool>;
      { u < t } -> std::convertible_to<bool>;
    }
  {
    if constexpr (std::three_way_comparable_with<T, U>) {
      return t <=> u;
    } else {
      if (t < u) return std::weak_ordering::less;
      if (u < t) return std::weak_ordering::greater;
      return std::weak_ordering::equivalent;
    }
  }
};

template <class T>
using synth_three_way_result =
    decltype(synth_three_way{}(std::declval<const T&>(), std::declval<const T&>()));

}  // namespace heapwise::detail
