//===- heapwise/reserve.h - reserve room without defeating growth ---------===//
//
// `c.reserve(c.size() + n)` is exact: right for a container that starts
// empty, but on one that already holds elements and is appended to again and
// again (a member, an output parameter) it turns the geometric growth of
// push_back into one reallocation per call. reserve_more makes room for n
// more elements and keeps growth geometric: when the spare capacity is too
// small it reserves at least twice the current capacity.
//
// C++17; any container with size(), capacity() and reserve(), or a hash
// container with bucket_count(), max_load_factor() and reserve().
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_RESERVE_H
#define HEAPWISE_RESERVE_H

#include <cstddef>
#include <stdexcept>
#include <type_traits>

namespace heapwise {

namespace detail {
template <class C, class = void> struct has_capacity : std::false_type {};
template <class C>
struct has_capacity<C, std::void_t<decltype(std::declval<const C &>().capacity())>>
    : std::true_type {};

[[noreturn]] inline void throw_reserve_length_error() {
  throw std::length_error("heapwise::reserve_more: more than max_size()");
}
} // namespace detail

/// Makes room for \p n more elements in \p c, keeping growth geometric.
///
/// For a container with capacity() (vector, string, small_vector): afterwards
/// `c.capacity() - c.size() >= n`, and the capacity has at least doubled if it
/// had to grow. For a hash container (unordered_map, ...): afterwards n more
/// elements fit without a rehash, and the bucket count has at least doubled if
/// it had to grow. Does nothing when there is room already. \p n may be any
/// integer type; zero or a negative one asks for nothing.
template <class Container, class Count>
void reserve_more(Container &c, Count n) {
  if (!(n > Count(0)))
    return;
  using size_type = std::decay_t<decltype(c.size())>;
  const size_type more = static_cast<size_type>(n);
  const size_type size = c.size();
  const size_type max = c.max_size();
  // Ask for no more than max_size(), and throw length_error (as reserve
  // does) when n more can never fit.
  if (size > max || more > max - size)
    detail::throw_reserve_length_error();
  const size_type wanted = size + more;
  if constexpr (detail::has_capacity<Container>::value) {
    const size_type capacity = c.capacity();
    if (capacity - size >= more)
      return;
    const size_type doubled = capacity > max / 2 ? max : capacity + capacity;
    c.reserve(wanted > doubled ? wanted : doubled);
  } else {
    // Elements that fit in the buckets without a rehash.
    const auto fits = static_cast<double>(c.bucket_count()) * c.max_load_factor();
    if (static_cast<double>(wanted) <= fits)
      return;
    const size_type doubled = size > max / 2 ? max : size + size;
    c.reserve(wanted > doubled ? wanted : doubled);
  }
}

/// The same through a pointer, which is dereferenced only when there is
/// something to reserve: `reserve_more(out, n)` for an output parameter that
/// may be null when nothing is added.
template <class Container, class Count>
void reserve_more(Container *c, Count n) {
  if (n > Count(0))
    reserve_more(*c, n);
}

} // namespace heapwise

#endif
