// N * sizeof(T) does not fit in the object: the inline buffer's size would
// wrap around. Expected diagnostic: small_vector's static_assert on N.
#include <cstddef>

#include "heapwise/small_vector.h"

struct big {
  char bytes[std::size_t{1} << 20];
};

int main() {
  heapwise::small_vector<big, (std::size_t{1} << 44) + 1> v;
  return static_cast<int>(v.size());
}
