// MaxInlineElements and MaxInlineBytes set the limits.
// CHECK-OPTIONS: {heapwise-small-vector.MaxInlineElements: 4, heapwise-small-vector.MaxInlineBytes: 16}
// RUN-ARGS: 0 | 5
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "heapwise/small_vector.h"

int fits(int n) {
  heapwise::small_vector<int, 4> v; // WARN: never holds more than 4 elements
  for (int i = 0; i < 4; ++i)
    v.push_back(n + i);
  return v[3];
}

int tooMany(int n) {
  std::vector<char> v;
  for (int i = 0; i < 5; ++i)
    v.push_back(static_cast<char>(n + i));
  return v[4];
}

long tooLarge(int n) {
  std::vector<long> v;
  for (int i = 0; i < 3; ++i)
    v.push_back(n + i);
  return v[2];
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%d %d %ld\n", fits(n), tooMany(n), tooLarge(n));
}
