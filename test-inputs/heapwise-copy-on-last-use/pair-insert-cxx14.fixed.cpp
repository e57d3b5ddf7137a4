// Before C++17 there is no try_emplace: a unique map's emplace would build
// (and free) a node for a key already there, so only multimaps are flagged.
// FLAGS: -std=c++14
// RUN-ARGS: 0 | 1 | 40
// ALLOCATIONS: fewer
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::map<std::string, std::string> unique;
  std::multimap<std::string, int> multi;
  for (int i = 0; i < n; ++i) {
    std::string key = "configuration-key-number-" + std::to_string(i % 9);
    std::pair<std::string, std::string> entry(key, "a value long enough to allocate");
    unique.insert(entry);
    multi.emplace(std::move(key), i); // WARN: emplace
  }
  std::printf("%zu %zu\n", unique.size(), multi.size());
}
