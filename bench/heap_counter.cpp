#include "heap_counter.h"

#include <cstdlib>
#include <new>

// Every form forwards to malloc (or aligned_alloc), so the LD_PRELOAD'ed
// allocator serves the containers, as it would without counting. Two thread_local
// adds are all the count costs. libstdc++'s array, nothrow and sized forms call these.
namespace {
thread_local std::uint64_t allocations = 0;
thread_local std::uint64_t bytes = 0;
}

std::uint64_t heapwise_bench::heap_allocations() noexcept { return allocations; }
std::uint64_t heapwise_bench::heap_bytes() noexcept { return bytes; }

void* operator new(std::size_t size) {
  ++allocations;
  bytes += size;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}

void* operator new(std::size_t size, std::align_val_t alignment) {
  ++allocations;
  bytes += size;
  const auto align = static_cast<std::size_t>(alignment);
  // aligned_alloc wants a size that is a multiple of the alignment.
  if (void* p = std::aligned_alloc(align, (size + align - 1) / align * align ?: align)) return p;
  throw std::bad_alloc();
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
