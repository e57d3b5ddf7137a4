// Removable allocations known by construction, for `heapwise rank`:
//   labels  grows `out` to 100,000 strings: 100,000 string allocations and
//           18 buffer allocations (capacities 1, 2, 4, ..., 131072); a reserve
//           leaves one, so its fix removes 17.
//   squares fills a std::map node by node: 100,000 node allocations that no
//           check flags (a map has no reserve), an uncovered hotspot.
//   copies  makes 1,000 strings and copies each into `out` at its last use:
//           moving removes the 1,000 copies, not the strings.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

std::vector<std::string> labels(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back(std::string(32, static_cast<char>('a' + i % 26)));
  return out;
}

std::map<int, long> squares(int n) {
  std::map<int, long> m;
  for (int i = 0; i < n; ++i)
    m[i] = static_cast<long>(i) * i;
  return m;
}

std::vector<std::string> copies(int n) {
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    std::string s(40, static_cast<char>('a' + i % 26));
    out.push_back(s);
  }
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  std::vector<std::string> l = labels(n);
  std::map<int, long> m = squares(n);
  std::vector<std::string> c = copies(n / 100);
  std::printf("%zu %zu %zu\n", l.size(), m.size(), c.size());
  return 0;
}
