// Element and allocator types that make the runtime's guarantees observable.
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <type_traits>

namespace heapwise::testing {

// Counts live objects so a test can prove that nothing leaked or was destroyed twice.
struct tracked {
  static inline int live = 0;
  int value = 0;

  tracked(int v = 0) : value(v) { ++live; }
  tracked(const tracked& other) : value(other.value) { ++live; }
  tracked(tracked&& other) noexcept : value(other.value) {
    other.value = -1;
    ++live;
  }
  tracked& operator=(const tracked&) = default;
  tracked& operator=(tracked&& other) noexcept {
    value = other.value;
    other.value = -1;
    return *this;
  }
  ~tracked() { --live; }
  friend bool operator==(const tracked& a, const tracked& b) { return a.value == b.value; }
};

struct copy_failure : std::runtime_error {
  copy_failure() : std::runtime_error("planned copy failure") {}
};

// A copy budget: after `remaining` more copies, the next copy throws.
// A negative budget means "never throw".
struct copy_budget {
  static inline int remaining = -1;
  static void spend() {
    if (remaining == 0) throw copy_failure();
    if (remaining > 0) --remaining;
  }
  // Restores the unlimited budget when a test ends, whatever happened.
  struct scope {
    explicit scope(int copies_allowed) { remaining = copies_allowed; }
    ~scope() { remaining = -1; }
  };
};

// Copying spends the copy budget (so the k-th copy can throw); moving counts
// moves and is noexcept only when NothrowMove, which decides whether growth
// may move the elements.
template <bool NothrowMove>
struct may_throw {
  static inline int live = 0;
  static inline int moves = 0;
  int value = 0;

  may_throw(int v = 0) : value(v) { ++live; }
  may_throw(const may_throw& other) : value(other.value) {
    copy_budget::spend();
    ++live;
  }
  may_throw(may_throw&& other) noexcept(NothrowMove) : value(other.value) {
    ++moves;
    ++live;
  }
  may_throw& operator=(const may_throw& other) {
    copy_budget::spend();
    value = other.value;
    return *this;
  }
  may_throw& operator=(may_throw&& other) noexcept(NothrowMove) {
    value = other.value;
    return *this;
  }
  ~may_throw() { --live; }
  friend bool operator==(const may_throw& a, const may_throw& b) { return a.value == b.value; }
};

using throwing_copy = may_throw<false>;        // growth must copy, never move
using throwing_copy_nothrow_move = may_throw<true>;

// Throws from its constructor when asked to, for emplace tests.
struct throws_on_construct {
  int value;
  explicit throws_on_construct(int v) : value(v) {
    if (v < 0) throw std::invalid_argument("negative");
  }
};

// Only operator< and ==: exercises synth-three-way in operator<=>.
struct less_only {
  int value;
  friend bool operator<(const less_only& a, const less_only& b) { return a.value < b.value; }
  friend bool operator==(const less_only& a, const less_only& b) { return a.value == b.value; }
};

struct alignas(64) over_aligned {
  int value = 0;
  friend bool operator==(const over_aligned& a, const over_aligned& b) { return a.value == b.value; }
};

// Shared bookkeeping of a family of test allocators.
struct allocation_log {
  int allocations = 0;
  int deallocations = 0;
  std::ptrdiff_t bytes_live = 0;
};

// A stateful allocator identified by `id`; equal when ids are equal. The
// propagation traits are parameters so each container behaviour can be tested.
template <class T, bool CopyAssign = false, bool MoveAssign = false, bool Swap = false>
struct tagged_allocator {
  using value_type = T;
  using propagate_on_container_copy_assignment = std::bool_constant<CopyAssign>;
  using propagate_on_container_move_assignment = std::bool_constant<MoveAssign>;
  using propagate_on_container_swap = std::bool_constant<Swap>;
  using is_always_equal = std::false_type;
  template <class U>
  struct rebind {
    using other = tagged_allocator<U, CopyAssign, MoveAssign, Swap>;
  };

  int id = 0;
  allocation_log* log = nullptr;

  tagged_allocator(int id_, allocation_log* log_) noexcept : id(id_), log(log_) {}
  template <class U>
  tagged_allocator(const tagged_allocator<U, CopyAssign, MoveAssign, Swap>& other) noexcept
      : id(other.id), log(other.log) {}

  T* allocate(std::size_t n) {
    ++log->allocations;
    log->bytes_live += static_cast<std::ptrdiff_t>(n * sizeof(T));
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    ++log->deallocations;
    log->bytes_live -= static_cast<std::ptrdiff_t>(n * sizeof(T));
    std::allocator<T>().deallocate(p, n);
  }
  friend bool operator==(const tagged_allocator& a, const tagged_allocator& b) noexcept {
    return a.id == b.id;
  }
  friend bool operator!=(const tagged_allocator& a, const tagged_allocator& b) noexcept {
    return !(a == b);
  }
};

// Trivially copyable but move-only, as std::vector accepts it.
struct token {
  int value = 0;
  explicit token(int v = 0) : value(v) {}
  token(const token&) = delete;
  token(token&&) = default;
  token& operator=(const token&) = delete;
  token& operator=(token&&) = default;
};

// Move-only with a move that may throw: growth of a vector of vectors of it
// must move (there is no copy), so the inner vector's copy constructor must
// not pretend to exist.
struct handle {
  std::unique_ptr<int> value;
  explicit handle(int v) : value(std::make_unique<int>(v)) {}
  handle(handle&& other) noexcept(false) : value(std::move(other.value)) {}
  handle& operator=(handle&& other) noexcept(false) {
    value = std::move(other.value);
    return *this;
  }
};

// Hides its address behind a deleted unary operator&, as some handle and
// expression-template types do; containers must use std::addressof.
struct no_address {
  int value = 0;
  no_address(int v = 0) : value(v) {}
  void operator&() const = delete;
  friend bool operator==(const no_address& a, const no_address& b) { return a.value == b.value; }
};

// Remembers where it was constructed: tells construction in place from a
// temporary that was copied into place (it is trivially copyable).
struct knows_its_address {
  const void* constructed_at;
  int value;
  explicit knows_its_address(int v) : constructed_at(this), value(v) {}
};

// Wraps an iterator and deletes the comma operator, which a container's loops
// must not use on the user's iterator (`++first, ++cur`).
template <class It, class Category>
struct no_comma_iterator {
  using iterator_category = Category;
  using value_type = typename std::iterator_traits<It>::value_type;
  using difference_type = typename std::iterator_traits<It>::difference_type;
  using pointer = typename std::iterator_traits<It>::pointer;
  using reference = typename std::iterator_traits<It>::reference;

  It it;
  reference operator*() const { return *it; }
  no_comma_iterator& operator++() {
    ++it;
    return *this;
  }
  no_comma_iterator operator++(int) { return {it++}; }
  friend bool operator==(const no_comma_iterator& a, const no_comma_iterator& b) { return a.it == b.it; }
  friend bool operator!=(const no_comma_iterator& a, const no_comma_iterator& b) { return a.it != b.it; }
  template <class U>
  void operator,(U&&) const = delete;
};

}  // namespace heapwise::testing
