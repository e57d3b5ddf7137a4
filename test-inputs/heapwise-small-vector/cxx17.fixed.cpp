// heapwise::small_vector is C++17: C++17 code (most libraries) gets the fix.
// FLAGS: -std=c++17
// ALLOCATIONS: fewer
// RUN-ARGS: 0 | 2 | -5
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "heapwise/small_vector.h"

std::string joined(int n) {
  heapwise::small_vector<std::string, 3> parts; // WARN: never holds more than 3 elements
  parts.push_back("host");
  parts.push_back(std::to_string(n));
  if (n > 0)
    parts.push_back("port-with-a-long-name");
  std::string out;
  for (const std::string &p : parts)
    out += p + ":";
  return out;
}

int main(int argc, char **argv) {
  std::printf("%s\n", joined(argc > 1 ? std::atoi(argv[1]) : 0).c_str());
}
