// Containers constructed and grown on every iteration.
// RUN-ARGS: 0 | 3 | -2 | 4000
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using Row = std::vector<int>;

long rowSums(int rows, int cols) {
  long total = 0;
  for (int r = 0; r < rows; ++r) {
    std::vector<int> row; // WARN: declare it before the loop
    for (int c = 0; c < cols; ++c)
      row.push_back(r * c);
    for (int x : row)
      total += x;
  }
  return total;
}

std::size_t labels(int n) {
  std::size_t length = 0;
  int i = 0;
  while (i < n) {
    std::string label; // WARN
    label += "item-";
    label += std::to_string(i);
    length += label.size();
    ++i;
  }
  return length;
}

long nested(int n) {
  long total = 0;
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < 3; ++b) {
      Row cells{}; // WARN
      cells.push_back(a);
      cells.push_back(b);
      total += cells[0] * 10 + cells[1];
    }
  return total;
}

std::size_t copies(const std::vector<std::string> &words) {
  std::size_t total = 0;
  for (const std::string &w : words) {
    std::vector<std::string> parts; // WARN
    parts.push_back(w);
    parts.push_back(w + "!");
    for (const std::string &p : parts)
      total += p.size();
  }
  return total;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<std::string> words;
  for (int i = 0; i < n % 100; ++i)
    words.push_back(std::to_string(i));
  std::printf("%ld %zu %ld %zu\n", rowSums(n, 5), labels(n), nested(n), copies(words));
}
