// reserve.h compiles and works in code built with -fno-exceptions (leveldb,
// LLVM): heapwise-missing-reserve's fix must compile there too.
#include "heapwise/reserve.h"

#include <vector>

int main() {
  std::vector<int> v;
  heapwise::reserve_more(v, 3);
  heapwise::reserve_more(&v, 2);
  std::vector<int> *none = nullptr;
  heapwise::reserve_more(none, 0);
  return v.capacity() == 3 ? 0 : 1;
}
