// Flagged, but hoisting would clash with another name or a local type.
// RUN-ARGS: 0 | 4
#include <cstdio>
#include <cstdlib>
#include <vector>

std::size_t nameUsedTwice(int n) {
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<int> buf; // WARN-NOFIX
    buf.push_back(i);
    total += buf.size();
  }
  for (int i = 0; i < n; ++i) {
    std::vector<int> buf; // WARN-NOFIX
    buf.push_back(-i);
    total += buf.size();
  }
  return total;
}

std::size_t localType(int n) {
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) {
    struct Point { int x, y; };
    std::vector<Point> points; // WARN-NOFIX
    points.push_back({i, i});
    total += points.size();
  }
  return total;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%zu %zu\n", nameUsedTwice(n), localType(n));
}
