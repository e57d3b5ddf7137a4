// Growth must relocate the elements, which a type with neither a copy nor a
// move constructor does not allow; std::vector rejects this at compile time.
// Expected diagnostic: the static_assert in small_vector's relocation.
#include <mutex>

#include "heapwise/small_vector.h"

int main() {
  heapwise::small_vector<std::mutex, 2> v;
  v.emplace_back();
}
