// A template instantiated with two element types: both instantiations find
// the same bounded vector, and the one #include the fix needs is added
// whichever instantiation is analysed first.
// RUN-ARGS: 0 | 3
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "heapwise/small_vector.h"

template <class T> std::size_t corners(const T &a, const T &b) {
  heapwise::small_vector<T, 4> points; // WARN: never holds more than 4 elements
  points.push_back(a);
  points.push_back(b);
  points.push_back(a);
  if (a < b)
    points.push_back(b);
  return points.size();
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%zu %zu\n", corners(n, 2 * n + 1),
              corners(std::string(static_cast<std::size_t>(n), 'a'), std::string("b")));
}
