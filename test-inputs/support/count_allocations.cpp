// Linked into a test program by check_test.py for the ALLOCATIONS directive:
// counts every call of the global operator new and prints the count to stderr
// when the program ends, as "heapwise-allocations: N".
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

namespace {
std::atomic<unsigned long long> allocations{0};

struct Reporter {
  ~Reporter() { std::fprintf(stderr, "heapwise-allocations: %llu\n", allocations.load()); }
} reporter;

void *allocate(std::size_t size) {
  ++allocations;
  if (void *p = std::malloc(size ? size : 1))
    return p;
  throw std::bad_alloc();
}
} // namespace

void *operator new(std::size_t size) { return allocate(size); }
void *operator new[](std::size_t size) { return allocate(size); }
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
