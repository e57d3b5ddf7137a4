// Uses every header of the installed runtime; exits non-zero if anything is off.
#include <heapwise/arena.h>
#include <heapwise/counting_resource.h>
#include <heapwise/small_vector.h>

#include <cstdio>
#include <memory_resource>
#include <vector>

int main() {
  heapwise::small_vector<int, 4> v{1, 2, 3};
  v.push_back(4);
  const bool inline_ok = v.is_inline() && v.size() == 4;

  heapwise::counting_resource counter;
  heapwise::arena arena(1024, &counter);
  heapwise::arena_resource resource(arena);
  std::pmr::vector<int> on_arena(v.begin(), v.end(), &resource);
  std::vector<int, heapwise::arena_allocator<int>> typed(v.begin(), v.end(), arena);
  const bool arena_ok = on_arena.back() == 4 && typed.front() == 1 && counter.allocations() == 1;

  std::printf("heapwise consumer: %s\n", inline_ok && arena_ok ? "ok" : "FAILED");
  return inline_ok && arena_ok ? 0 : 1;
}
