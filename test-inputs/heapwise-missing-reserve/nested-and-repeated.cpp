// Nested loops multiply their trip counts; several pushes per iteration add.
// RUN-ARGS: 0 | 2 | 17 | -4 | 700
#include <cstdio>
#include <cstdlib>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

std::vector<int> grid(int rows, int cols) {
  std::vector<int> cells;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      cells.push_back(r * cols + c); // WARN
  return cells;
}

std::vector<int> pairs(const std::vector<int> &in) {
  std::vector<int> out;
  for (int x : in) {
    out.push_back(x);  // WARN
    out.push_back(-x);
  }
  return out;
}

std::vector<int> headerAndRows(int rows, int cols) {
  std::vector<int> out;
  for (int r = 0; r < rows; ++r) {
    out.push_back(-1); // WARN
    for (int c = 0; c < cols; ++c)
      out.push_back(c);
    out.push_back(-2);
  }
  return out;
}

std::vector<int> innerLocal(int rows, int cols) {
  std::vector<int> sums;
  for (int r = 0; r < rows; ++r) {
    std::vector<int> row;
    for (int c = 0; c < cols; ++c)
      row.push_back(r + c); // WARN
    long total = 0;
    for (int x : row)
      total += x;
    sums.push_back(static_cast<int>(total)); // WARN
  }
  return sums;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> in;
  for (int i = 0; i < n; ++i)
    in.push_back(i); // WARN
  print("grid", grid(n, 3));
  print("pairs", pairs(in));
  print("headerAndRows", headerAndRows(n, n / 2));
  print("innerLocal", innerLocal(n, 4));
}
