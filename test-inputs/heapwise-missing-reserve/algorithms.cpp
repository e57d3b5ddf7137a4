// std::copy, std::copy_n and std::transform into std::back_inserter.
// RUN-ARGS: 0 | 4 | -2 | 25000
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

std::vector<int> copied(const std::vector<int> &in) {
  std::vector<int> out;
  std::copy(in.begin(), in.end(), std::back_inserter(out)); // WARN
  return out;
}

std::vector<int> copiedN(const std::vector<int> &in, int n) {
  std::vector<int> out;
  std::copy_n(in.begin(), std::min<int>(n, static_cast<int>(in.size())), std::back_inserter(out)); // WARN
  return out;
}

std::vector<int> transformed(const std::vector<int> &in) {
  std::vector<int> out;
  std::transform(in.cbegin(), in.cend(), std::back_inserter(out), // WARN
                 [](int x) { return x * x; });
  return out;
}

std::vector<int> copiedPerRow(const std::vector<int> &row, int rows) {
  std::vector<int> out;
  for (int r = 0; r < rows; ++r)
    std::copy(row.begin(), row.end(), std::back_inserter(out)); // WARN
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> in;
  for (int i = 0; i < n; ++i)
    in.push_back(i % 97); // WARN
  print("copied", copied(in));
  print("copiedN", copiedN(in, n / 2));
  print("transformed", transformed(in));
  print("copiedPerRow", copiedPerRow(in, 3));
}
