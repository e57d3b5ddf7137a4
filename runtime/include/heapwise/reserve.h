//===- heapwise/reserve.h - reserve room without defeating growth ---------===//
//
// `c.reserve(c.size() + n)` is exact: right for a container that starts
// empty, but on one that already holds elements and is appended to again and
// again (a member, an output parameter) it turns the geometric growth of
// push_back into one reallocation per call. reserve_more makes room for n
// more elements and keeps growth geometric: when the spare capacity is too
// small it reserves at least twice the current capacity.
//
// C++17; any container with size(), capacity() and reserve().
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_RESERVE_H
#define HEAPWISE_RESERVE_H

#include <stdexcept>

namespace heapwise {

/// Makes room for \p n more elements in \p c: afterwards
/// `c.capacity() - c.size() >= n`, and the capacity has at least doubled if
/// it had to grow. Does nothing when there is room already. \p n may be any
/// integer type; a negative one asks for nothing.
template <class Container, class Count>
void reserve_more(Container &c, Count n) {
  using size_type = decltype(c.capacity());
  if (!(n > Count(0)))
    return;
  const size_type more = static_cast<size_type>(n);
  const size_type size = c.size();
  const size_type capacity = c.capacity();
  if (capacity - size >= more)
    return;
  // Ask for what push_back would have asked for: no more than max_size(),
  // and length_error (as from reserve) when n more can never fit.
  const size_type max = c.max_size();
  if (size > max || more > max - size)
    throw std::length_error("heapwise::reserve_more: more than max_size()");
  const size_type wanted = size + more;
  const size_type doubled = capacity > max / 2 ? max : capacity + capacity;
  c.reserve(wanted > doubled ? wanted : doubled);
}

} // namespace heapwise

#endif
