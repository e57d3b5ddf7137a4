// heapwise::arena: bump allocation, released all at once.
//
//   heapwise::arena arena;
//   void* p = arena.allocate(64, 8);   // moves a pointer
//   arena.reset();                     // everything released, one chunk kept
//
// heapwise::arena_resource (a std::pmr::memory_resource) and
// heapwise::arena_allocator<T> (a standard allocator) put containers on an arena.
//
// The arena takes memory from an upstream memory_resource (malloc by default)
// in chunks that double in size, or starts on a buffer the caller owns. A
// request that would not fit in a chunk of the next size gets a chunk of its
// own, so the bump chunk is not abandoned half-used; the chunk size doubles
// then too, so that upstream calls stay logarithmic. Not thread-safe.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory_resource>
#include <new>
#include <utility>
#if __has_include(<span>) && __cplusplus > 201703L
#include <span>
#endif

#include "heapwise/detail/config.h"

namespace heapwise {

namespace detail {

class malloc_memory_resource final : public std::pmr::memory_resource {
  void* do_allocate(std::size_t bytes, std::size_t alignment) override {
    void* p = nullptr;
    if (alignment <= alignof(std::max_align_t)) {
      p = std::malloc(bytes != 0 ? bytes : 1);
    } else if (bytes <= std::numeric_limits<std::size_t>::max() - alignment) {
      // aligned_alloc wants a size that is a multiple of the alignment.
      p = std::aligned_alloc(alignment, (bytes + alignment - 1) & ~(alignment - 1));
    }
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  void do_deallocate(void* p, std::size_t, std::size_t) override { std::free(p); }
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }
};

}  // namespace detail

// A memory_resource over std::malloc/std::free: the arena's default upstream.
inline std::pmr::memory_resource* malloc_resource() noexcept {
  static detail::malloc_memory_resource resource;
  return &resource;
}

class arena {
 public:
  static constexpr std::size_t default_first_chunk_size = 4096;
  // Chunks stop doubling here (unless a reset asks for a larger one, below);
  // larger requests still get their own chunk.
  static constexpr std::size_t max_chunk_size = std::size_t{1} << 20;

  arena() noexcept : arena(default_first_chunk_size) {}

  // first_chunk_size counts the chunk's small header too.
  explicit arena(std::size_t first_chunk_size,
                 std::pmr::memory_resource* upstream = malloc_resource()) noexcept
      : upstream_(upstream),
        next_chunk_size_(std::max(first_chunk_size, 2 * sizeof(chunk_header))) {}

  // Starts on the caller's buffer of buffer_size bytes, which the arena never
  // frees; when it is exhausted, chunks come from `upstream`. reset() goes
  // back to the buffer. (As std::pmr::monotonic_buffer_resource takes it.)
  arena(void* buffer, std::size_t buffer_size,
        std::pmr::memory_resource* upstream = malloc_resource()) noexcept
      : arena(std::max(default_first_chunk_size, buffer_size), upstream) {
    buffer_ = static_cast<std::byte*>(buffer);
    buffer_end_ = buffer_ + buffer_size;
    enter_region(buffer_, buffer_end_);
  }
#ifdef __cpp_lib_span
  explicit arena(std::span<std::byte> buffer,
                 std::pmr::memory_resource* upstream = malloc_resource()) noexcept
      : arena(buffer.data(), buffer.size(), upstream) {}
#endif

  arena(const arena&) = delete;
  arena& operator=(const arena&) = delete;

  ~arena() { free_chunks_except(nullptr); }

  // Returns `size` bytes aligned to `alignment` (a power of two). Throws
  // std::bad_alloc when the upstream cannot provide a chunk, or when the size
  // cannot be represented at all.
  [[nodiscard]] void* allocate(std::size_t size,
                               std::size_t alignment = alignof(std::max_align_t)) {
    assert(alignment != 0 && (alignment & (alignment - 1)) == 0 &&
           "alignment must be a power of two");
    const std::size_t padding = padding_for(cur_, alignment);
    const auto available = static_cast<std::size_t>(end_ - cur_);
    // Strict comparisons: an arena without a region (cur_ == end_ == null)
    // must not hand out null for size 0. An exact fit takes the slow path.
    if (padding < available && size < available - padding) HEAPWISE_LIKELY {
      std::byte* result = cur_ + padding;
      cur_ = result + size;
      return result;
    }
    return allocate_slow(size, alignment);
  }

  // Takes back the most recent allocation (a stack discipline); anything
  // else is released only by reset() or the destructor.
  void deallocate(void* p, std::size_t size) noexcept {
    if (static_cast<std::byte*>(p) + size == cur_) cur_ = static_cast<std::byte*>(p);
  }

  // Releases every allocation. Keeps one chunk for reuse, the largest; if the
  // work since the last reset needed more than one, the next chunk made is as
  // large as all of them together, so a workload that repeats between resets
  // soon fits in the kept chunk and stops calling the upstream.
  void reset() noexcept {
    if (chunk_count_ > 1) next_chunk_size_ = std::max(next_chunk_size_, bytes_reserved_);
    chunk_header* keep = largest_chunk();
    free_chunks_except(keep);
    used_in_past_regions_ = 0;
    bump_chunk_ = nullptr;
    spare_chunk_ = nullptr;
    if (buffer_ != buffer_end_) {
      enter_region(buffer_, buffer_end_);
      spare_chunk_ = keep;
    } else if (keep != nullptr) {
      bump_chunk_ = keep;
      enter_region(keep->data(), keep->end());
    } else {
      enter_region(nullptr, nullptr);
    }
  }

  // Bytes handed out since the last reset, alignment padding included.
  std::size_t bytes_used() const noexcept {
    return used_in_past_regions_ + static_cast<std::size_t>(cur_ - region_begin_);
  }
  // Bytes held from the upstream (the caller's buffer is not counted).
  std::size_t bytes_reserved() const noexcept { return bytes_reserved_; }
  // Chunks held from the upstream.
  std::size_t chunk_count() const noexcept { return chunk_count_; }

  std::pmr::memory_resource* upstream_resource() const noexcept { return upstream_; }

 private:
  // Heads every chunk taken from the upstream; keeps the data max-aligned.
  struct alignas(std::max_align_t) chunk_header {
    chunk_header* next;
    std::size_t size;
    std::byte* data() noexcept { return reinterpret_cast<std::byte*>(this + 1); }
    std::byte* end() noexcept { return reinterpret_cast<std::byte*>(this) + size; }
  };

  static std::size_t padding_for(const std::byte* p, std::size_t alignment) noexcept {
    return (std::size_t{0} - reinterpret_cast<std::uintptr_t>(p)) & (alignment - 1);
  }

  void enter_region(std::byte* begin, std::byte* end) noexcept {
    region_begin_ = begin;
    cur_ = begin;
    end_ = end;
  }

  void enter_chunk(chunk_header* chunk) noexcept {
    used_in_past_regions_ += static_cast<std::size_t>(cur_ - region_begin_);
    bump_chunk_ = chunk;
    enter_region(chunk->data(), chunk->end());
  }

  std::byte* bump(std::size_t size, std::size_t alignment) noexcept {
    std::byte* result = cur_ + padding_for(cur_, alignment);
    cur_ = result + size;
    return result;
  }

  chunk_header* new_chunk(std::size_t size) {
    auto* chunk = static_cast<chunk_header*>(upstream_->allocate(size, alignof(chunk_header)));
    chunk->next = chunks_;
    chunk->size = size;
    chunks_ = chunk;
    bytes_reserved_ += size;
    ++chunk_count_;
    return chunk;
  }

  chunk_header* largest_chunk() const noexcept {
    chunk_header* largest = chunks_;
    for (chunk_header* chunk = chunks_; chunk != nullptr; chunk = chunk->next) {
      if (chunk->size > largest->size) largest = chunk;
    }
    return largest;
  }

  void grow_next_chunk_size() noexcept {
    if (next_chunk_size_ < max_chunk_size) next_chunk_size_ = std::min(2 * next_chunk_size_, max_chunk_size);
  }

  [[gnu::noinline]] void* allocate_slow(std::size_t size, std::size_t alignment) {
    const auto available = static_cast<std::size_t>(end_ - cur_);
    const std::size_t padding = padding_for(cur_, alignment);
    if (cur_ != nullptr && padding <= available && size <= available - padding) {
      return bump(size, alignment);  // the exact fit the fast path declines
    }
    // Room for the header, the worst-case padding and the request. No object
    // may exceed PTRDIFF_MAX bytes, so a larger chunk is refused here rather
    // than asked of the upstream; checked before adding so nothing wraps.
    constexpr auto max_chunk = static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max());
    const std::size_t overhead = sizeof(chunk_header) + alignment - 1;
    if (overhead > max_chunk || size > max_chunk - overhead) throw std::bad_alloc();
    const std::size_t needed = overhead + size;

    if (spare_chunk_ != nullptr && needed <= spare_chunk_->size) {
      enter_chunk(std::exchange(spare_chunk_, nullptr));
      return bump(size, alignment);
    }
    if (needed > next_chunk_size_) {
      // Oversized: a chunk of its own; the bump chunk keeps its free space.
      chunk_header* own = new_chunk(needed);
      std::byte* result = own->data() + padding_for(own->data(), alignment);
      used_in_past_regions_ += static_cast<std::size_t>(result + size - own->data());
      grow_next_chunk_size();
      return result;
    }
    enter_chunk(new_chunk(next_chunk_size_));
    grow_next_chunk_size();
    return bump(size, alignment);
  }

  void free_chunks_except(chunk_header* keep) noexcept {
    chunk_header* chunk = chunks_;
    chunks_ = nullptr;
    bytes_reserved_ = 0;
    chunk_count_ = 0;
    while (chunk != nullptr) {
      chunk_header* next = chunk->next;
      if (chunk == keep) {
        chunk->next = nullptr;
        chunks_ = chunk;
        bytes_reserved_ = chunk->size;
        chunk_count_ = 1;
      } else {
        upstream_->deallocate(chunk, chunk->size, alignof(chunk_header));
      }
      chunk = next;
    }
  }

  // The region being bumped: [region_begin_, end_), next free byte at cur_.
  std::byte* cur_ = nullptr;
  std::byte* end_ = nullptr;
  std::byte* region_begin_ = nullptr;

  std::pmr::memory_resource* upstream_;
  std::size_t next_chunk_size_;
  std::byte* buffer_ = nullptr;              // caller-owned, never freed
  std::byte* buffer_end_ = nullptr;
  chunk_header* chunks_ = nullptr;           // every upstream chunk, newest first
  chunk_header* bump_chunk_ = nullptr;       // the chunk cur_ is in, if any
  chunk_header* spare_chunk_ = nullptr;      // kept by reset() while bumping in buffer_
  std::size_t used_in_past_regions_ = 0;     // bytes_used() outside the current region
  std::size_t bytes_reserved_ = 0;
  std::size_t chunk_count_ = 0;
};

// A std::pmr::memory_resource that allocates from an arena:
//   heapwise::arena_resource res(arena);
//   std::pmr::vector<int> v(&res);
class arena_resource final : public std::pmr::memory_resource {
 public:
  explicit arena_resource(arena& a) noexcept : arena_(&a) {}
  arena& get_arena() const noexcept { return *arena_; }

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override {
    return arena_->allocate(bytes, alignment);
  }
  void do_deallocate(void* p, std::size_t bytes, std::size_t) override {
    arena_->deallocate(p, bytes);
  }
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    const auto* that = dynamic_cast<const arena_resource*>(&other);
    return that != nullptr && that->arena_ == arena_;
  }

  arena* arena_;
};

// A standard allocator over an arena. Copies and rebinds share the arena and
// compare equal exactly when they do. Like std::pmr::polymorphic_allocator it
// does not propagate on container copy, move or swap: a container stays on the
// arena it was built with (so swapping containers on different arenas is not
// allowed, as for std::vector with unequal allocators).
template <class T>
class arena_allocator {
 public:
  using value_type = T;

  // Implicit, so `std::vector<int, arena_allocator<int>> v(arena);` works.
  arena_allocator(arena& a) noexcept : arena_(&a) {}
  template <class U>
  arena_allocator(const arena_allocator<U>& other) noexcept : arena_(&other.get_arena()) {}

  [[nodiscard]] T* allocate(std::size_t n) {
    if (n > std::numeric_limits<std::size_t>::max() / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(arena_->allocate(n * sizeof(T), alignof(T)));
  }
  // A no-op unless p is the arena's last allocation, which it takes back.
  void deallocate(T* p, std::size_t n) noexcept { arena_->deallocate(p, n * sizeof(T)); }

  arena& get_arena() const noexcept { return *arena_; }

 private:
  arena* arena_;
};

template <class T, class U>
bool operator==(const arena_allocator<T>& a, const arena_allocator<U>& b) noexcept {
  return &a.get_arena() == &b.get_arena();
}
template <class T, class U>
bool operator!=(const arena_allocator<T>& a, const arena_allocator<U>& b) noexcept {
  return !(a == b);
}

}  // namespace heapwise
