// Several checks on the same code: their fixes, applied together, compose.
// RUN-ARGS: 0 | 3 | -1 | 20000
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

// container-in-loop hoists `row`; missing-reserve reserves it per row.
double averageRowMax(const std::vector<std::vector<double>> &grid) {
  double total = 0;
  for (const auto &cells : grid) {
    std::vector<double> row; // WARN: [heapwise-container-in-loop]
    for (double c : cells)
      row.push_back(c * 2); // WARN: [heapwise-missing-reserve]
    double best = 0;
    for (double x : row)
      best = x > best ? x : best;
    total += best;
  }
  return grid.empty() ? 0 : total / static_cast<double>(grid.size());
}

// reserve-in-loop removes the exact-size reserve and reserves once.
std::vector<int> ids(int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) {
    out.reserve(out.size() + 1); // WARN: [heapwise-reserve-in-loop]
    out.push_back(i);
  }
  return out;
}

std::string stars(const std::vector<int> &counts) {
  std::string line;
  for (int c : counts) {
    std::string cell; // WARN: [heapwise-container-in-loop]
    for (int k = 0; k < c % 5; ++k)
      cell += '*'; // WARN: [heapwise-missing-reserve]
    line += cell;
    line += '|';
  }
  return line;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<std::vector<double>> grid;
  for (int i = 0; i < n % 40; ++i)
    grid.push_back(std::vector<double>(static_cast<std::size_t>(i % 7), i)); // WARN: [heapwise-missing-reserve]
  std::vector<int> counts = ids(n);
  std::printf("%g %zu %zu\n", averageRowMax(grid), counts.size(), stars(counts).size());
}
