// heapwise/small_vector.h needs C++17: in older translation units, no finding.
// FLAGS: -std=c++14
// RUN-ARGS: 0 | 2
#include <cstdio>
#include <cstdlib>
#include <vector>

int pair(int n) {
  std::vector<int> v;
  v.push_back(n);
  v.push_back(-n);
  return v[0] + v[1];
}

int main(int argc, char **argv) {
  std::printf("%d\n", pair(argc > 1 ? std::atoi(argv[1]) : 0));
}
