// heapwise::small_vector<T, N, Allocator>: a std::vector that keeps up to N
// elements inside the object and only asks the allocator for memory beyond.
//
// It is a drop-in for std::vector (exception guarantees, allocator
// propagation), so a fix-it may change only the declared type. C++17; in C++20
// it adds what C++20's std::vector adds (operator<=>, std::erase/erase_if).
// The differences a user can observe:
//   * iterators are raw pointers, and moving or swapping a vector whose elements
//     are inline moves the elements themselves (so iterators into it do not
//     survive, and the move constructor is noexcept only if T's is);
//   * it is not constexpr, and the allocator's pointer type must be T*.
//
// small_vector<T, N, A> derives from small_vector_impl<T, A>, which holds
// everything but the inline buffer and does everything a vector does without
// knowing N: functions take a `small_vector_impl<T>&` to accept a small_vector
// of any inline capacity (as llvm::SmallVectorImpl<T>&).
//
// Layout: three pointers (first element, end, end of capacity), the allocator
// (no space when stateless), then the inline buffer, always at the same offset
// from the small_vector_impl whatever N. The elements are inline exactly when
// the first-element pointer points at the inline buffer. While they are on the
// heap, the inline buffer (raw memory then) remembers its own capacity, so that
// code that sees only the small_vector_impl can go back to it.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "heapwise/detail/small_vector_support.h"

namespace heapwise {

// The default inline capacity, as llvm::SmallVector's: as many elements as
// keep the whole object within 64 bytes, and at least one.
template <class T>
inline constexpr std::size_t default_inline_capacity =
    std::max<std::size_t>(1, (64 - 3 * sizeof(void*)) / sizeof(T));

template <class T, std::size_t N = default_inline_capacity<T>, class Allocator = std::allocator<T>>
class small_vector;

// A small_vector<T, N, Allocator> of any N, seen through a reference (its base
// class). It cannot be created, copied or destroyed on its own.
template <class T, class Allocator = std::allocator<T>>
class small_vector_impl {
  // The vectors build and take over each other's buffers.
  template <class, std::size_t, class>
  friend class small_vector;

  using alloc_traits = std::allocator_traits<Allocator>;
  static_assert(std::is_same_v<typename Allocator::value_type, T>,
                "Allocator::value_type must be T");
  static_assert(std::is_same_v<typename alloc_traits::pointer, T*>,
                "small_vector needs an allocator whose pointer type is T*");

  // Growth relocates the elements, so it needs a move or a copy constructor;
  // without either (a std::mutex) only the constructors that relocate nothing
  // are available, as for std::vector.
  static constexpr bool relocatable =
      std::is_move_constructible_v<T> || std::is_copy_constructible_v<T>;
  // memcpy may stand in for construct+destroy when no one can observe it.
  // (A type with deleted copy and move can be trivially copyable: memcpy
  // would relocate what the type forbids to relocate.)
  static constexpr bool memcpy_relocatable = std::is_trivially_copyable_v<T> && relocatable &&
                                             detail::uses_default_construct<Allocator, T>;
  static constexpr bool trivially_destroyed =
      std::is_trivially_destructible_v<T> && detail::uses_default_construct<Allocator, T>;
  // Growth moves the elements only when that cannot throw (or copying is
  // impossible), which is what gives push_back/reserve the strong guarantee.
  static constexpr bool growth_moves =
      std::is_nothrow_move_constructible_v<T> || !std::is_copy_constructible_v<T>;
  // Small trivially copyable arguments reach the growth slow path by value: a
  // reference would make the caller's argument escape, which forces it out of
  // registers in every push_back loop (LLVM's SmallVector passes T by value).
  template <class Arg>
  static constexpr bool passed_by_value =
      std::is_trivially_copyable_v<detail::remove_cvref_t<Arg>> &&
      std::is_constructible_v<detail::remove_cvref_t<Arg>, Arg> &&
      !std::is_array_v<detail::remove_cvref_t<Arg>> &&
      sizeof(detail::remove_cvref_t<Arg>) <= 2 * sizeof(void*);
  // Copy assignment (and small_vector's copy constructor) exist only for
  // copyable T, so that is_copy_constructible tells the truth to containers
  // of small_vectors (which would otherwise copy on growth). Without them the
  // implicit ones are deleted, because moves are declared.
  static constexpr bool copyable = std::is_copy_constructible_v<T>;
  using copy_source = std::conditional_t<copyable, small_vector_impl, detail::not_copyable>;

 public:
  using value_type = T;
  using allocator_type = Allocator;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using reference = T&;
  using const_reference = const T&;
  using pointer = T*;
  using const_pointer = const T*;
  using iterator = T*;
  using const_iterator = const T*;
  using reverse_iterator = std::reverse_iterator<iterator>;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;

  small_vector_impl(const small_vector_impl&) = delete;

  // --- assignment ---------------------------------------------------------

  // As between vectors of one type: the allocator propagates as its traits say.
  small_vector_impl& operator=(const copy_source& other) {
    if (this == &other) return *this;
    if constexpr (alloc_traits::propagate_on_container_copy_assignment::value) {
      if (alloc_ != other.alloc_) {
        // Our heap buffer belongs to the allocator being replaced.
        clear();
        free_heap_buffer();
      }
      alloc_ = other.alloc_;
    }
    assign(other.begin(), other.end());
    return *this;
  }

  // Adopts `other`'s heap buffer (never its inline buffer) and leaves it empty.
  small_vector_impl& operator=(small_vector_impl&& other) noexcept(
      std::is_nothrow_move_constructible_v<T> && std::is_nothrow_move_assignable_v<T> &&
      (alloc_traits::propagate_on_container_move_assignment::value ||
       alloc_traits::is_always_equal::value)) {
    if (this == &other) return *this;
    constexpr bool propagate = alloc_traits::propagate_on_container_move_assignment::value;
    if (!other.is_inline() && (propagate || alloc_ == other.alloc_)) {
      clear();
      take_heap_buffer_of(other);  // frees ours with the allocator being replaced
      if constexpr (propagate) alloc_ = std::move(other.alloc_);
      return *this;
    }
    if constexpr (propagate) {
      if (alloc_ != other.alloc_) {
        clear();
        free_heap_buffer();
      }
      alloc_ = std::move(other.alloc_);
    }
    assign(std::make_move_iterator(other.begin()), std::make_move_iterator(other.end()));
    other.clear();
    return *this;
  }

  small_vector_impl& operator=(std::initializer_list<T> init) {
    assign(init.begin(), init.end());
    return *this;
  }

  void assign(size_type count, const T& value) {
    if (count > capacity()) {
      // `value` may be one of our elements: copy it before clearing.
      T copy(value);
      assign_forward(detail::repeat_iterator<T>(copy, 0),
                     detail::repeat_iterator<T>(copy, count), count);
    } else {
      // Safe even if `value` is an element: it is only assigned to itself
      // before the tail it might live in is destroyed.
      assign_forward(detail::repeat_iterator<T>(value, 0),
                     detail::repeat_iterator<T>(value, count), count);
    }
  }

  template <class It, detail::enable_if_input_iterator<It> = 0>
  void assign(It first, It last) {
    if constexpr (detail::is_legacy_forward_iterator<It>) {
      assign_forward(first, last, static_cast<size_type>(std::distance(first, last)));
    } else {
      clear();
      for (; first != last; ++first) emplace_back(*first);
    }
  }

  void assign(std::initializer_list<T> init) { assign(init.begin(), init.end()); }

  allocator_type get_allocator() const noexcept { return alloc_; }

  // --- element access -----------------------------------------------------

  reference at(size_type pos) {
    if (pos >= size()) throw_out_of_range();
    return begin_[pos];
  }
  const_reference at(size_type pos) const {
    if (pos >= size()) throw_out_of_range();
    return begin_[pos];
  }
  reference operator[](size_type pos) noexcept {
    assert(pos < size() && "small_vector index out of range");
    return begin_[pos];
  }
  const_reference operator[](size_type pos) const noexcept {
    assert(pos < size() && "small_vector index out of range");
    return begin_[pos];
  }
  reference front() noexcept { return (*this)[0]; }
  const_reference front() const noexcept { return (*this)[0]; }
  reference back() noexcept { return end_[-1]; }
  const_reference back() const noexcept { return end_[-1]; }
  T* data() noexcept { return begin_; }
  const T* data() const noexcept { return begin_; }

  // --- iterators ----------------------------------------------------------

  iterator begin() noexcept { return begin_; }
  const_iterator begin() const noexcept { return begin_; }
  const_iterator cbegin() const noexcept { return begin_; }
  iterator end() noexcept { return end_; }
  const_iterator end() const noexcept { return end_; }
  const_iterator cend() const noexcept { return end_; }
  reverse_iterator rbegin() noexcept { return reverse_iterator(end()); }
  const_reverse_iterator rbegin() const noexcept { return const_reverse_iterator(end()); }
  const_reverse_iterator crbegin() const noexcept { return rbegin(); }
  reverse_iterator rend() noexcept { return reverse_iterator(begin()); }
  const_reverse_iterator rend() const noexcept { return const_reverse_iterator(begin()); }
  const_reverse_iterator crend() const noexcept { return rend(); }

  // --- capacity -----------------------------------------------------------

  [[nodiscard]] bool empty() const noexcept { return begin_ == end_; }
  size_type size() const noexcept { return static_cast<size_type>(end_ - begin_); }
  size_type capacity() const noexcept { return static_cast<size_type>(capacity_end_ - begin_); }
  size_type max_size() const noexcept {
    return std::min<size_type>(alloc_traits::max_size(alloc_),
                               std::numeric_limits<difference_type>::max() / sizeof(T));
  }
  // True while the elements live in the object itself (no allocator memory held).
  bool is_inline() const noexcept { return begin_ == inline_begin(); }

  void reserve(size_type new_cap) {
    if (new_cap <= capacity()) return;
    if (new_cap > max_size()) throw_length_error();
    reallocate_and_insert(new_cap, size(), 0, [](T*) {});
  }

  // Moves the elements back inline when they fit (also from a full heap
  // buffer, which one taken from a vector of smaller N can be), else to an
  // exact-size buffer.
  void shrink_to_fit() {
    if (is_inline()) return;
    const size_type count = size();
    const size_type inline_capacity = remembered_inline_capacity();
    if (count <= inline_capacity) {
      move_elements_to(inline_begin(), count, 0);
      deallocate_heap_buffer();
      point_at(inline_begin(), count, inline_capacity);
    } else if (end_ != capacity_end_) {
      reallocate_and_insert(count, count, 0, [](T*) {});
    }
  }

  // --- modifiers ----------------------------------------------------------

  void clear() noexcept {
    destroy_range(begin_, end_);
    end_ = begin_;
  }

  void push_back(const T& value) { emplace_back(value); }
  void push_back(T&& value) { emplace_back(std::move(value)); }

  template <class... Args>
  reference emplace_back(Args&&... args) {
    if (end_ != capacity_end_) HEAPWISE_LIKELY {
      T* slot = end_;
      construct(slot, std::forward<Args>(args)...);
      ++end_;
      return *slot;
    }
    if constexpr ((passed_by_value<Args> && ...)) {
      return grow_and_emplace_back_by_value<detail::remove_cvref_t<Args>...>(
          std::forward<Args>(args)...);
    } else {
      return grow_and_emplace_back(std::forward<Args>(args)...);
    }
  }

  void pop_back() noexcept {
    assert(!empty() && "pop_back on an empty small_vector");
    --end_;
    destroy_range(end_, end_ + 1);
  }

  iterator insert(const_iterator pos, const T& value) { return emplace(pos, value); }
  iterator insert(const_iterator pos, T&& value) { return emplace(pos, std::move(value)); }

  iterator insert(const_iterator pos, size_type count, const T& value) {
    const size_type index = index_of(pos);
    if (count > spare_capacity()) {
      // The old buffer (and `value`, if it is an element) lives until the copies are made.
      return reallocate_and_insert(grow_for(count), index, count, [&](T* dest) {
        copy_construct(detail::repeat_iterator<T>(value, 0),
                       detail::repeat_iterator<T>(value, count), dest);
      });
    }
    if (index == size()) {
      // Nothing shifts, so `value` stays where it is even if it is an element.
      insert_in_place(index, detail::repeat_iterator<T>(value, 0),
                      detail::repeat_iterator<T>(value, count), count);
    } else {
      T copy(value);
      insert_in_place(index, detail::repeat_iterator<T>(copy, 0),
                      detail::repeat_iterator<T>(copy, count), count);
    }
    return begin_ + index;
  }

  template <class It, detail::enable_if_input_iterator<It> = 0>
  iterator insert(const_iterator pos, It first, It last) {
    const size_type index = index_of(pos);
    if constexpr (detail::is_legacy_forward_iterator<It>) {
      const auto count = static_cast<size_type>(std::distance(first, last));
      if (count > spare_capacity()) {
        return reallocate_and_insert(grow_for(count), index, count,
                                     [&](T* dest) { copy_construct(first, last, dest); });
      }
      insert_in_place(index, first, last, count);
    } else {
      // Single pass: append, then rotate the new elements into place.
      const size_type old_size = size();
      for (; first != last; ++first) emplace_back(*first);
      std::rotate(begin_ + index, begin_ + old_size, end());
    }
    return begin_ + index;
  }

  iterator insert(const_iterator pos, std::initializer_list<T> init) {
    return insert(pos, init.begin(), init.end());
  }

  template <class... Args>
  iterator emplace(const_iterator pos, Args&&... args) {
    const size_type index = index_of(pos);
    if (end_ == capacity_end_) {
      return reallocate_and_insert(grow_for(1), index, 1, [&](T* dest) {
        construct(dest, std::forward<Args>(args)...);
      });
    }
    if (index == size()) {
      construct(end_, std::forward<Args>(args)...);
      ++end_;
      return begin_ + index;
    }
    // The arguments may refer to elements that are about to shift.
    T value(std::forward<Args>(args)...);
    T* const value_address = std::addressof(value);
    insert_in_place(index, std::make_move_iterator(value_address),
                    std::make_move_iterator(value_address + 1), 1);
    return begin_ + index;
  }

  iterator erase(const_iterator pos) {
    assert(pos >= begin_ && pos < end() && "erase position out of range");
    T* target = begin_ + index_of(pos);
    std::move(target + 1, end(), target);
    pop_back();
    return target;
  }

  iterator erase(const_iterator first, const_iterator last) {
    T* target = begin_ + index_of(first);
    if (first != last) {
      T* new_end = std::move(begin_ + index_of(last), end(), target);
      destroy_range(new_end, end());
      end_ = new_end;
    }
    return target;
  }

  void resize(size_type count) { resize_default<false>(count); }

  // --- llvm::SmallVector's extras ---------------------------------------------

  // resize() that leaves new elements default-initialised (an int keeps
  // whatever bytes were there), for a buffer about to be written over.
  void resize_for_overwrite(size_type count) { resize_default<true>(count); }

  // Shrinks to `count` elements; unlike resize(), never grows.
  void truncate(size_type count) noexcept {
    assert(count <= size() && "truncate cannot grow a small_vector");
    destroy_range(begin_ + count, end_);
    end_ = begin_ + count;
  }

  // Removes the last element and returns it.
  T pop_back_val() {
    T last = std::move(back());
    pop_back();
    return last;
  }

  // insert(end(), ...).
  template <class It, detail::enable_if_input_iterator<It> = 0>
  void append(It first, It last) {
    insert(end(), first, last);
  }
  void append(size_type count, const T& value) { insert(end(), count, value); }
  void append(std::initializer_list<T> init) { insert(end(), init); }

  void resize(size_type count, const T& value) {
    if (count <= size()) {
      truncate(count);
      return;
    }
    insert(end(), count - size(), value);
  }

  // Precondition (as for std::vector): the allocators are equal or propagate
  // on swap. Hands heap buffers across and parks inline elements in the other
  // vector's free inline buffer; only when an inline capacity is too small for
  // the other's elements (possible between vectors of different N) does it
  // grow one, so then it may allocate and throw, as llvm::SmallVectorImpl's.
  void swap(small_vector_impl& other) {
    if (this == &other) return;
    constexpr bool propagate = alloc_traits::propagate_on_container_swap::value;
    assert((propagate || alloc_ == other.alloc_) && "swap of small_vectors with unequal allocators");
    if (!is_inline() && !other.is_inline()) {
      std::swap(begin_, other.begin_);
      std::swap(end_, other.end_);
      std::swap(capacity_end_, other.capacity_end_);
    } else if (!is_inline() && other.size() <= remembered_inline_capacity()) {
      swap_heap_with_inline(*this, other);
    } else if (!other.is_inline() && size() <= other.remembered_inline_capacity()) {
      swap_heap_with_inline(other, *this);
    } else {
      reserve(other.size());
      other.reserve(size());
      swap_elements(other);
    }
    if constexpr (propagate) {
      using std::swap;
      swap(alloc_, other.alloc_);
    }
  }

  friend void swap(small_vector_impl& a, small_vector_impl& b) { a.swap(b); }

 protected:
  small_vector_impl(const Allocator& alloc, size_type inline_capacity) noexcept
      : begin_(inline_begin()),
        end_(begin_),
        capacity_end_(begin_ + inline_capacity),
        alloc_(alloc) {}
  // Leaves end_ unset, for a constructor that sets it before anything can
  // throw: so the inline path of the copy constructor stores it once.
  struct end_unset {};
  small_vector_impl(const Allocator& alloc, size_type inline_capacity, end_unset) noexcept
      : begin_(inline_begin()), capacity_end_(begin_ + inline_capacity), alloc_(alloc) {}

  ~small_vector_impl() {
    destroy_range(begin_, end_);
    if (!is_inline()) deallocate_heap_buffer();
  }

 private:
  [[noreturn]] static void throw_out_of_range() {
    throw std::out_of_range("heapwise::small_vector::at: index out of range");
  }
  [[noreturn]] static void throw_length_error() {
    throw std::length_error("heapwise::small_vector: size would exceed max_size()");
  }

  // The inline buffer of the small_vector this is the base of: it follows the
  // header at the same offset whatever N (checked by each small_vector), as
  // llvm::SmallVectorImpl finds it. Its address stands in while N == 0.
  static constexpr std::size_t inline_buffer_offset() noexcept;
  T* inline_begin() noexcept {
    return reinterpret_cast<T*>(reinterpret_cast<unsigned char*>(this) + inline_buffer_offset());
  }
  const T* inline_begin() const noexcept {
    return reinterpret_cast<const T*>(reinterpret_cast<const unsigned char*>(this) +
                                      inline_buffer_offset());
  }

  // While the elements are on the heap, the inline buffer (at least one byte)
  // keeps its capacity, which capacity_end_ gives while they are inline: one
  // byte when below 255, else the marker 255 and the capacity after it (the
  // buffer has at least 255 bytes then).
  static constexpr unsigned char long_capacity_marker = 255;
  void remember_inline_capacity(size_type capacity) noexcept {
    auto* const bytes = reinterpret_cast<unsigned char*>(inline_begin());
    if (capacity < long_capacity_marker) {
      bytes[0] = static_cast<unsigned char>(capacity);
      return;
    }
    bytes[0] = long_capacity_marker;
    std::memcpy(bytes + 1, &capacity, sizeof capacity);
  }
  size_type remembered_inline_capacity() const noexcept {
    if (is_inline()) return capacity();
    const auto* const bytes = reinterpret_cast<const unsigned char*>(inline_begin());
    if (bytes[0] != long_capacity_marker) return bytes[0];
    size_type capacity = 0;
    std::memcpy(&capacity, bytes + 1, sizeof capacity);
    return capacity;
  }

  size_type spare_capacity() const noexcept {
    return static_cast<size_type>(capacity_end_ - end_);
  }

  size_type index_of(const_iterator pos) const noexcept {
    return static_cast<size_type>(pos - begin_);
  }

  // The capacity to grow to for `extra` more elements. Geometric (at least
  // double) so that n push_backs cost O(n) element moves.
  size_type grow_for(size_type extra) const {
    const size_type max = max_size();
    const size_type current = capacity();
    if (extra > max - size()) throw_length_error();
    const size_type doubled = current > max / 2 ? max : 2 * current;
    return std::max(size() + extra, doubled);
  }

  // --- element construction; each helper undoes its own work if it throws ---

  template <class... Args>
  void construct(T* slot, Args&&... args) {
    alloc_traits::construct(alloc_, slot, std::forward<Args>(args)...);
  }

  void destroy_range(T* first, T* last) noexcept {
    if constexpr (!trivially_destroyed) {
      for (; first != last; ++first) alloc_traits::destroy(alloc_, first);
    }
  }

  // Value-initialises, or (ForOverwrite, where the allocator would not see
  // the difference) default-initialises.
  template <bool ForOverwrite = false>
  void default_construct(T* dest, size_type count) {
    T* cur = dest;
    try {
      for (; count != 0; --count, ++cur) {
        if constexpr (ForOverwrite && detail::uses_default_construct<Allocator, T>) {
          ::new (static_cast<void*>(cur)) T;
        } else {
          construct(cur);
        }
      }
    } catch (...) {
      destroy_range(dest, cur);
      throw;
    }
  }

  template <class It>
  T* copy_construct(It first, It last, T* dest) {
    if constexpr (memcpy_relocatable && detail::is_contiguous_iterator_of<It, T>) {
      const auto count = static_cast<size_type>(last - first);
      // memcpy with a null source is undefined even for zero bytes.
      if (count != 0) std::memcpy(dest, detail::address_of_element(first), count * sizeof(T));
      return dest + count;
    } else {
      T* cur = dest;
      try {
        for (; first != last; ++first) {  // not `++first, ++cur`: It may overload the comma
          construct(cur, *first);
          ++cur;
        }
      } catch (...) {
        destroy_range(dest, cur);
        throw;
      }
      return cur;
    }
  }

  T* move_construct(T* first, T* last, T* dest) {
    if constexpr (memcpy_relocatable) {
      return copy_construct(first, last, dest);
    } else {
      return copy_construct(std::make_move_iterator(first), std::make_move_iterator(last), dest);
    }
  }

  // Constructs copies of [first, last) at dest for a relocation that must leave
  // the source intact if it throws: moves only when moving cannot throw.
  T* relocation_construct(T* first, T* last, T* dest) {
    if constexpr (growth_moves) {
      return move_construct(first, last, dest);
    } else {
      return copy_construct(first, last, dest);
    }
  }

  // --- storage management ---------------------------------------------------

  void point_at(T* new_begin, size_type new_size, size_type new_capacity) noexcept {
    begin_ = new_begin;
    end_ = new_begin + new_size;
    capacity_end_ = new_begin + new_capacity;
  }

  // Precondition: the elements are on the heap.
  void deallocate_heap_buffer() noexcept { alloc_traits::deallocate(alloc_, begin_, capacity()); }

  // Deallocates the heap buffer, if any, and points back at the inline buffer.
  // The elements must have been destroyed or moved away already.
  void free_heap_buffer() noexcept {
    if (is_inline()) return;
    deallocate_heap_buffer();
    forget_heap_buffer();
  }

  // Points back at the (empty) inline buffer without deallocating: for a
  // vector whose heap buffer another vector has taken.
  void forget_heap_buffer() noexcept { point_at(inline_begin(), 0, remembered_inline_capacity()); }

  // Moves onto a heap buffer (the elements are already there), freeing ours.
  void adopt(T* new_begin, size_type new_capacity, size_type new_size) noexcept {
    if (is_inline()) {
      remember_inline_capacity(capacity());
    } else {
      deallocate_heap_buffer();
    }
    point_at(new_begin, new_size, new_capacity);
  }

  // Our elements must have been destroyed; `other` is on the heap and ends up empty.
  void take_heap_buffer_of(small_vector_impl& other) noexcept {
    adopt(other.begin_, other.capacity(), other.size());
    other.forget_heap_buffer();
  }

  // Relocates the elements to new_begin leaving a gap of gap_size slots at
  // index gap_at. Strong guarantee: if it throws, nothing has changed.
  void move_elements_to(T* new_begin, size_type gap_at, size_type gap_size) {
    static_assert(relocatable,
                  "small_vector: growth needs T to be move or copy constructible (as for std::vector)");
    T* const split = begin_ + gap_at;
    T* const head_end = relocation_construct(begin_, split, new_begin);
    try {
      relocation_construct(split, end(), new_begin + gap_at + gap_size);
    } catch (...) {
      destroy_range(new_begin, head_end);
      throw;
    }
    destroy_range(begin_, end());
  }

  // The slow path of every growing operation: allocates new_capacity slots,
  // builds `count` new elements at `index` with construct_new(slot) while the
  // old buffer is still intact (so arguments that alias elements stay valid),
  // then relocates the old elements around them. Strong guarantee.
  template <class ConstructNew>
  [[gnu::noinline]] T* reallocate_and_insert(size_type new_capacity, size_type index,
                                             size_type count, ConstructNew construct_new) {
    T* const new_begin = alloc_traits::allocate(alloc_, new_capacity);
    T* const inserted = new_begin + index;
    try {
      construct_new(inserted);
      try {
        move_elements_to(new_begin, index, count);
      } catch (...) {
        destroy_range(inserted, inserted + count);
        throw;
      }
    } catch (...) {
      alloc_traits::deallocate(alloc_, new_begin, new_capacity);
      throw;
    }
    adopt(new_begin, new_capacity, size() + count);
    return inserted;
  }

  template <class... Args>
  [[gnu::noinline]] reference grow_and_emplace_back(Args&&... args) {
    return *reallocate_and_insert(grow_for(1), size(), 1, [&](T* slot) {
      construct(slot, std::forward<Args>(args)...);
    });
  }
  // The element is still built at its final address, from the copied arguments.
  template <class... Values>
  [[gnu::noinline]] reference grow_and_emplace_back_by_value(Values... values) {
    return grow_and_emplace_back(std::move(values)...);
  }

  // Inserts `count` elements from [first, last) at `index` when capacity
  // suffices: the tail moves up by `count`, partly into raw slots past the
  // end (constructed) and partly onto live elements (assigned). end_ always
  // counts exactly the live elements, so an exception leaves a valid vector.
  template <class It>
  void insert_in_place(size_type index, It first, It last, size_type count) {
    if (count == 0) return;  // else the tail would be move-assigned onto itself
    T* const pos = begin_ + index;
    T* const old_end = end();
    const size_type tail = size() - index;
    if (count <= tail) {
      move_construct(old_end - count, old_end, old_end);
      end_ += count;
      std::move_backward(pos, old_end - count, old_end);
      std::copy(first, last, pos);
    } else {
      It mid = std::next(first, static_cast<difference_type>(tail));
      copy_construct(mid, last, old_end);
      end_ += count - tail;
      move_construct(pos, old_end, old_end + (count - tail));
      end_ += tail;
      std::copy(first, mid, pos);
    }
  }

  // For constructors: with no elements yet nothing is relocated, so these
  // also serve T that cannot be moved (std::vector<std::mutex> v(5) works).
  void allocate_while_empty(size_type capacity) {
    if (capacity <= this->capacity()) return;
    if (capacity > max_size()) throw_length_error();
    adopt(alloc_traits::allocate(alloc_, capacity), capacity, 0);
  }

  template <class It>
  void construct_while_empty(It first, It last, size_type count) {
    allocate_while_empty(count);
    end_ = copy_construct(first, last, begin_);
  }

  template <class It>
  void assign_forward(It first, It last, size_type count) {
    if (count > capacity()) {
      if (count > max_size()) throw_length_error();
      clear();
      reallocate_and_insert(count, 0, count, [&](T* dest) { copy_construct(first, last, dest); });
    } else if (count <= size()) {
      truncate(static_cast<size_type>(std::copy(first, last, begin_) - begin_));
    } else {
      It mid = std::next(first, static_cast<difference_type>(size()));
      std::copy(first, mid, begin_);
      end_ = copy_construct(mid, last, end_);
    }
  }

  template <bool ForOverwrite>
  void resize_default(size_type count) {
    if (count <= size()) {
      truncate(count);
      return;
    }
    const size_type added = count - size();
    if (added > spare_capacity()) {
      reallocate_and_insert(grow_for(added), size(), added,
                            [&](T* dest) { default_construct<ForOverwrite>(dest, added); });
      return;
    }
    default_construct<ForOverwrite>(end_, added);
    end_ += added;
  }

  // Across inline capacities: adopts a heap buffer of an equal allocator,
  // else moves the elements one by one. `other` ends up empty.
  void take_or_move_elements_of(small_vector_impl& other) {
    if (!other.is_inline() && alloc_ == other.alloc_) {
      take_heap_buffer_of(other);
      return;
    }
    assign(std::make_move_iterator(other.begin()), std::make_move_iterator(other.end()));
    other.clear();
  }

  // Move construction from a vector of the same N: adopt a heap buffer, or move
  // inline elements one by one (they fit). `other` ends up empty.
  void take_elements_of(small_vector_impl& other) {
    if (!other.is_inline()) {
      take_heap_buffer_of(other);
      return;
    }
    end_ = move_construct(other.begin_, other.end_, begin_);
    other.clear();
  }

  // `heap_side`'s inline buffer is free while its elements are on the heap:
  // park `inline_side`'s elements there (they fit) and hand the heap buffer across.
  static void swap_heap_with_inline(small_vector_impl& heap_side, small_vector_impl& inline_side) {
    const size_type heap_side_inline_capacity = heap_side.remembered_inline_capacity();
    T* const parked = heap_side.inline_begin();
    heap_side.move_construct(inline_side.begin_, inline_side.end(), parked);
    inline_side.destroy_range(inline_side.begin_, inline_side.end());
    T* const heap_begin = heap_side.begin_;
    const size_type heap_size = heap_side.size();
    const size_type heap_capacity = heap_side.capacity();
    heap_side.point_at(parked, inline_side.size(), heap_side_inline_capacity);
    inline_side.adopt(heap_begin, heap_capacity, heap_size);
  }

  // Both capacities must hold the other's elements.
  void swap_elements(small_vector_impl& other) {
    small_vector_impl& shorter = size() <= other.size() ? *this : other;
    small_vector_impl& longer = size() <= other.size() ? other : *this;
    const size_type common = shorter.size();
    std::swap_ranges(shorter.begin_, shorter.end_, longer.begin_);
    shorter.end_ = shorter.move_construct(longer.begin_ + common, longer.end_, shorter.end_);
    longer.truncate(common);
  }

  // [begin_, end_) are the elements, [end_, capacity_end_) raw slots. Three
  // pointers, as in libstdc++: push_back compares and bumps end_ only.
  T* begin_;
  T* end_;
  T* capacity_end_;
  [[no_unique_address]] Allocator alloc_;
};

template <class T, std::size_t N, class Allocator>
class small_vector : public small_vector_impl<T, Allocator> {
  using impl = small_vector_impl<T, Allocator>;
  friend impl;  // finds storage_'s offset
  template <class, std::size_t, class>
  friend class small_vector;

  static_assert(N <= static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) / sizeof(T),
                "small_vector: the inline capacity N is too large (N * sizeof(T) must fit in ptrdiff_t)");

  using alloc_traits = std::allocator_traits<Allocator>;
  using copy_source = std::conditional_t<impl::copyable, small_vector, detail::not_copyable>;

 public:
  using size_type = typename impl::size_type;

  // --- construction -------------------------------------------------------
  // Every constructor that can throw delegates to small_vector(const Allocator&)
  // first: once that has run the object counts as constructed, so if the body
  // throws, the destructor frees whatever was built.

  small_vector() noexcept(noexcept(Allocator())) : small_vector(Allocator()) {}
  explicit small_vector(const Allocator& alloc) noexcept : impl(alloc, N) { check_layout(); }

  explicit small_vector(size_type count, const Allocator& alloc = Allocator())
      : small_vector(alloc) {
    this->allocate_while_empty(count);
    this->default_construct(this->begin_, count);
    this->end_ = this->begin_ + count;
  }
  small_vector(size_type count, const T& value, const Allocator& alloc = Allocator())
      : small_vector(alloc) {
    this->assign(count, value);
  }
  template <class It, detail::enable_if_input_iterator<It> = 0>
  small_vector(It first, It last, const Allocator& alloc = Allocator())
      : small_vector(alloc) {
    if constexpr (detail::is_legacy_forward_iterator<It>) {
      this->construct_while_empty(first, last, static_cast<size_type>(std::distance(first, last)));
    } else {
      for (; first != last; ++first) this->emplace_back(*first);
    }
  }
  small_vector(std::initializer_list<T> init, const Allocator& alloc = Allocator())
      : small_vector(alloc) {
    this->construct_while_empty(init.begin(), init.end(), init.size());
  }

  small_vector(const copy_source& other)
      : small_vector(alloc_traits::select_on_container_copy_construction(other.alloc_),
                     typename impl::end_unset{}) {
    if (copies_whole_buffer(other)) {
      std::memcpy(storage_.data(), other.storage_.data(), N * sizeof(T));
      this->end_ = this->begin_ + other.size();
      return;
    }
    this->end_ = this->begin_;
    this->construct_while_empty(other.begin(), other.end(), other.size());
  }
  small_vector(const small_vector& other, const detail::type_identity_t<Allocator>& alloc)
      : small_vector(alloc) {
    this->construct_while_empty(other.begin(), other.end(), other.size());
  }

  // Leaves `other` empty.
  small_vector(small_vector&& other) noexcept(std::is_nothrow_move_constructible_v<T>)
      : small_vector(other.alloc_) {
    this->take_elements_of(other);
  }
  small_vector(small_vector&& other, const detail::type_identity_t<Allocator>& alloc)
      : small_vector(alloc) {
    if (other.is_inline() || this->alloc_ == other.alloc_) {
      this->take_elements_of(other);
    } else {
      // A heap buffer of another allocator cannot be adopted.
      this->assign(std::make_move_iterator(other.begin()), std::make_move_iterator(other.end()));
      other.clear();
    }
  }

  // From a vector of another inline capacity (also seen as small_vector_impl).
  small_vector(const impl& other)
      : small_vector(alloc_traits::select_on_container_copy_construction(other.alloc_)) {
    this->construct_while_empty(other.begin(), other.end(), other.size());
  }
  // Leaves `other` empty.
  small_vector(impl&& other) : small_vector(other.alloc_) { this->take_or_move_elements_of(other); }

  // --- assignment ---------------------------------------------------------

  small_vector& operator=(const copy_source& other) {
    impl::operator=(other);
    return *this;
  }
  // Leaves `other` empty.
  small_vector& operator=(small_vector&& other) noexcept(
      noexcept(std::declval<impl&>() = std::declval<impl&&>())) {
    impl::operator=(std::move(other));
    return *this;
  }

  // From a vector of another inline capacity; the allocator stays.
  template <std::size_t M>
  small_vector& operator=(const small_vector<T, M, Allocator>& other) {
    this->assign(other.begin(), other.end());
    return *this;
  }
  // Leaves `other` empty; the allocator stays.
  template <std::size_t M>
  small_vector& operator=(small_vector<T, M, Allocator>&& other) {
    this->clear();
    this->take_or_move_elements_of(other);
    return *this;
  }
  // From a small_vector_impl (of any N): as between vectors of one type.
  using impl::operator=;
  small_vector& operator=(std::initializer_list<T> init) {
    impl::operator=(init);
    return *this;
  }

  static constexpr size_type inline_capacity() noexcept { return N; }

  // Between vectors of one N the elements always fit: no allocation.
  void swap(small_vector& other) noexcept(std::is_nothrow_move_constructible_v<T> &&
                                          std::is_nothrow_swappable_v<T>) {
    impl::swap(other);
  }
  using impl::swap;

  friend void swap(small_vector& a, small_vector& b) noexcept(noexcept(a.swap(b))) { a.swap(b); }

 private:
  static constexpr std::size_t inline_buffer_offset() noexcept;

  // For the copy constructor, which sets end_ first thing.
  small_vector(const Allocator& alloc, typename impl::end_unset unset) noexcept
      : impl(alloc, N, unset) {
    check_layout();
  }
  static constexpr void check_layout() noexcept {
    static_assert(inline_buffer_offset() == impl::inline_buffer_offset(),
                  "small_vector: the inline buffer must follow small_vector_impl");
  }

  // Copying a small inline buffer whole, a memcpy of constant size (a few
  // vector moves), costs less than one sized by the count (absl does it too).
  // The slots past the elements are copied as raw bytes, which is allowed.
  static constexpr std::size_t max_whole_buffer_copy = 64;
  static bool copies_whole_buffer(const small_vector& other) noexcept {
    if constexpr (impl::memcpy_relocatable && N != 0 && N * sizeof(T) <= max_whole_buffer_copy) {
      return other.is_inline();
    } else {
      return false;
    }
  }

  detail::inline_storage<T, N> storage_;
};

// offsetof on a class that is not standard-layout is conditionally supported;
// Clang and GCC support it for classes without virtual bases and warn.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
#endif
template <class T, std::size_t N, class Allocator>
constexpr std::size_t small_vector<T, N, Allocator>::inline_buffer_offset() noexcept {
  return offsetof(small_vector, storage_);
}
template <class T, class Allocator>
constexpr std::size_t small_vector_impl<T, Allocator>::inline_buffer_offset() noexcept {
  return small_vector<T, 1, Allocator>::inline_buffer_offset();
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif


// Comparisons, also between vectors of different inline capacities (deduced
// through the base class).
template <class T, class A>
bool operator==(const small_vector_impl<T, A>& a, const small_vector_impl<T, A>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

#if HEAPWISE_THREE_WAY_COMPARISON
template <class T, class A>
detail::synth_three_way_result<T> operator<=>(const small_vector_impl<T, A>& a,
                                              const small_vector_impl<T, A>& b) {
  return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end(),
                                                detail::synth_three_way{});
}
#else
// What C++20 synthesises from == and <=>.
template <class T, class A>
bool operator!=(const small_vector_impl<T, A>& a, const small_vector_impl<T, A>& b) {
  return !(a == b);
}
template <class T, class A>
bool operator<(const small_vector_impl<T, A>& a, const small_vector_impl<T, A>& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}
template <class T, class A>
bool operator>(const small_vector_impl<T, A>& a, const small_vector_impl<T, A>& b) {
  return b < a;
}
template <class T, class A>
bool operator<=(const small_vector_impl<T, A>& a, const small_vector_impl<T, A>& b) {
  return !(b < a);
}
template <class T, class A>
bool operator>=(const small_vector_impl<T, A>& a, const small_vector_impl<T, A>& b) {
  return !(a < b);
}
#endif

// Uniform erasure (std::erase for std::vector in C++20); returns the number
// of elements removed.
template <class T, class A, class U>
std::size_t erase(small_vector_impl<T, A>& v, const U& value) {
  auto new_end = std::remove(v.begin(), v.end(), value);
  const auto removed = static_cast<std::size_t>(v.end() - new_end);
  v.erase(new_end, v.end());
  return removed;
}

template <class T, class A, class Pred>
std::size_t erase_if(small_vector_impl<T, A>& v, Pred pred) {
  auto new_end = std::remove_if(v.begin(), v.end(), pred);
  const auto removed = static_cast<std::size_t>(v.end() - new_end);
  v.erase(new_end, v.end());
  return removed;
}

}  // namespace heapwise

// Code written for std::vector calls std::erase(v, x) qualified, which ADL
// cannot redirect. The using-declarations make that spelling find the
// overloads above, and unqualified calls that find both namespaces through ADL
// see one function, not an ambiguity. (Formally the standard reserves
// namespace std; libstdc++ and libc++ both accept this.) C++17 has no
// std::erase, so there the functions are found through ADL only.
#if __cplusplus > 201703L
namespace std {
using ::heapwise::erase;
using ::heapwise::erase_if;
}  // namespace std
#endif
