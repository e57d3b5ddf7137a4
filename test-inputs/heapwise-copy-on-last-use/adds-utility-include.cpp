// A file that does not include <utility> yet: the fix adds it with the first
// std::move.
// FLAGS: -std=c++17
// ALLOCATIONS: fewer
// RUN-ARGS: 0 | 4
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

static std::size_t total(std::vector<std::string> names) { return names.size(); }

std::size_t collect(int n) {
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i)
    names.push_back(std::string(40, static_cast<char>('a' + i % 26)));
  return total(names); // WARN
}

int main(int argc, char **argv) {
  std::printf("%zu\n", collect(argc > 1 ? std::atoi(argv[1]) : 0));
}
