// Internal helpers of heapwise/small_vector.h. Not part of the public API.
// C++17; the C++20 extras (<=>) are behind feature tests.
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <type_traits>
#include <utility>

#include "heapwise/detail/config.h"

#if __cplusplus > 201703L && __has_include(<compare>)
#include <compare>
#include <concepts>
#endif

#if defined(__cpp_impl_three_way_comparison) && defined(__cpp_lib_three_way_comparison)
#define HEAPWISE_THREE_WAY_COMPARISON 1
#else
#define HEAPWISE_THREE_WAY_COMPARISON 0
#endif

namespace heapwise::detail {

// Raw, suitably aligned bytes for N elements inside the container object. At
// least one byte even for N == 0: small_vector_impl finds the buffer at a fixed
// offset from its own address, and that address must lie inside the object (a
// pointer just past it could be where an allocator puts the heap buffer).
template <class T, std::size_t N>
struct inline_storage {
  alignas(T) std::byte bytes[N == 0 ? 1 : N * sizeof(T)];
  T* data() noexcept { return reinterpret_cast<T*>(bytes); }
  const T* data() const noexcept { return reinterpret_cast<const T*>(bytes); }
};

template <class T>
struct type_identity {
  using type = T;
};
// Keeps an argument out of template argument deduction (std::type_identity_t).
template <class T>
using type_identity_t = typename type_identity<T>::type;

template <class T>
using remove_cvref_t = std::remove_cv_t<std::remove_reference_t<T>>;

// Stands in for the parameter of small_vector's copy constructor and copy
// assignment when T is not copyable: they become ordinary, unusable members.
struct not_copyable {
  not_copyable() = delete;
};

// The iterator requirements std::vector uses to tell an iterator pair from
// (count, value): the iterator_traits category, so that legacy iterators work.
template <class It, class Category, class = void>
inline constexpr bool has_iterator_category = false;
template <class It, class Category>
inline constexpr bool has_iterator_category<
    It, Category, std::void_t<typename std::iterator_traits<It>::iterator_category>> =
    std::is_convertible_v<typename std::iterator_traits<It>::iterator_category, Category>;

template <class It>
inline constexpr bool is_legacy_input_iterator =
    has_iterator_category<It, std::input_iterator_tag>;
template <class It>
inline constexpr bool is_legacy_forward_iterator =
    has_iterator_category<It, std::forward_iterator_tag>;

// For constructor and member templates: `template <class It, enable_if_input_iterator<It> = 0>`.
template <class It>
using enable_if_input_iterator = std::enable_if_t<is_legacy_input_iterator<It>, int>;

// Iterators over contiguous T objects, which memcpy may read: pointers, and
// in C++20 every std::contiguous_iterator.
#if defined(__cpp_lib_concepts) && defined(__cpp_lib_to_address)
template <class It, class T>
inline constexpr bool is_contiguous_iterator_of =
    std::contiguous_iterator<It> && std::is_same_v<std::iter_value_t<It>, T>;
template <class It>
auto* address_of_element(It it) noexcept {
  return std::to_address(it);
}
#else
template <class It, class T>
inline constexpr bool is_contiguous_iterator_of =
    std::is_pointer_v<It> && std::is_same_v<std::remove_cv_t<std::remove_pointer_t<It>>, T>;
template <class It>
It address_of_element(It it) noexcept {
  return it;
}
#endif

// An allocator that does not customise construct/destroy lets trivially
// copyable elements be created and relocated with memcpy: nobody could tell.
template <class Alloc, class T, class = void>
inline constexpr bool has_construct = false;
template <class Alloc, class T>
inline constexpr bool has_construct<
    Alloc, T,
    std::void_t<decltype(std::declval<Alloc&>().construct(std::declval<T*>(), std::declval<T&&>()))>> =
    true;
template <class Alloc, class T, class = void>
inline constexpr bool has_destroy = false;
template <class Alloc, class T>
inline constexpr bool has_destroy<
    Alloc, T, std::void_t<decltype(std::declval<Alloc&>().destroy(std::declval<T*>()))>> = true;

template <class Alloc, class T>
inline constexpr bool uses_default_construct = !has_construct<Alloc, T> && !has_destroy<Alloc, T>;

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
      : value_(std::addressof(value)), index_(index) {}

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
  friend bool operator==(const repeat_iterator& a, const repeat_iterator& b) noexcept {
    return a.index_ == b.index_;
  }
  friend bool operator!=(const repeat_iterator& a, const repeat_iterator& b) noexcept {
    return !(a == b);
  }

 private:
  const T* value_ = nullptr;
  std::size_t index_ = 0;
};

#if HEAPWISE_THREE_WAY_COMPARISON
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
#endif

}  // namespace heapwise::detail
