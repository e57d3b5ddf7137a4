//===- heapwise/reserve.h - reserve room without defeating growth ---------===//
//
// `c.reserve(c.size() + n)` is exact: right for a container that starts
// empty, but on one that already holds elements and is appended to again and
// again (a member, an output parameter) it turns the geometric growth of
// push_back into one reallocation per call. reserve_more makes room for n
// more elements and keeps growth geometric: when the spare capacity is too
// small it reserves at least twice the current capacity.
//
// C++11 or later (the fix-it serves C++11 code such as leveldb); any
// container with size(), capacity(), max_size() and reserve().
// (Hash containers are not served: their growth policy is the library's own,
// and reserving ahead of it can rehash more often than inserting would.)
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_RESERVE_H
#define HEAPWISE_RESERVE_H

#include <cstddef>
#include <cstdlib>
#include <stdexcept>
#include <type_traits>

namespace heapwise {

namespace detail {
// Code built with -fno-exceptions (leveldb, LLVM) cannot throw: it aborts,
// as std::vector::reserve does there.
[[noreturn]] inline void throw_reserve_length_error() {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  throw std::length_error("heapwise::reserve_more: more than max_size()");
#else
  std::abort();
#endif
}
} // namespace detail

/// Makes room for \p n more elements in \p c: afterwards
/// `c.capacity() - c.size() >= n`, and the capacity has at least doubled if
/// it had to grow. Does nothing when there is room already. \p n may be any
/// integer type; zero or a negative one asks for nothing.
template <class Container, class Count>
void reserve_more(Container &c, Count n) {
  if (!(n > Count(0)))
    return;
  using size_type = typename std::decay<decltype(c.size())>::type;
  const size_type more = static_cast<size_type>(n);
  const size_type size = c.size();
  const size_type capacity = c.capacity();
  if (capacity - size >= more)
    return;
  // Ask for no more than max_size(), and throw length_error (as reserve
  // does) when n more can never fit.
  const size_type max = c.max_size();
  if (size > max || more > max - size)
    detail::throw_reserve_length_error();
  const size_type wanted = size + more;
  const size_type doubled = capacity > max / 2 ? max : capacity + capacity;
  c.reserve(wanted > doubled ? wanted : doubled);
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
