// Front inserts into an empty local that the loop never reads: push_back (or
// emplace_back) in the loop and one std::reverse after it.
// RUN-ARGS: 0 | 1 | 9 | -3 | 30000
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0, weighted = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    sum += v[i];
    weighted += v[i] * static_cast<long>(i % 7);
  }
  std::printf("%s: %zu %ld %ld\n", name, v.size(), sum, weighted);
}

std::vector<int> countDown(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    v.push_back(i); // WARN: push_back in the loop and reverse once after it
  std::reverse(v.begin(), v.end());
  return v;
}

std::vector<int> someOfThem(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    if (i % 3 == 0)
      v.push_back(i * 2); // WARN
    else if (i % 3 == 1)
      v.push_back(-i);
  }
  std::reverse(v.begin(), v.end());
  return v;
}

std::vector<std::pair<int, std::string>> emplaced(int n) {
  std::vector<std::pair<int, std::string>> v;
  for (int i = 0; i < n; ++i)
    v.emplace_back(i, std::to_string(i)); // WARN: emplace_back in the loop
  std::reverse(v.begin(), v.end());
  return v;
}

std::string reversed(const std::string &in) {
  std::string out;
  for (char c : in)
    out.push_back(c); // WARN
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<int> untilLimit(int n) {
  std::vector<int> v;
  int i = 0;
  while (true) {
    if (i >= n)
      break; // Leaves the loop normally: the reverse still runs.
    v.push_back(i * i % 1000); // WARN
    ++i;
  }
  std::reverse(v.begin(), v.end());
  return v;
}

std::vector<int> nested(int n) {
  std::vector<int> v;
  for (int i = 0; i < n % 300; ++i)
    for (int j = 0; j < 3; ++j)
      v.push_back(i * 3 + j); // WARN
  std::reverse(v.begin(), v.end());
  return v;
}

long perRow(int n) {
  long total = 0;
  for (int row = 0; row < n % 200; ++row) {
    std::vector<int> v;
    for (int k = 0; k <= row; ++k)
      v.push_back(k + row); // WARN
    std::reverse(v.begin(), v.end());
    for (std::size_t i = 0; i < v.size(); ++i)
      total += v[i] * static_cast<long>(i + 1);
  }
  return total;
}

std::vector<int> doWhile(int n) {
  std::vector<int> v;
  int i = 0;
  do
    v.push_back(i); // WARN
  while (++i < n);
  std::reverse(v.begin(), v.end());
  return v;
}

template <typename T> std::vector<T> generic(int n) {
  std::vector<T> v;
  for (int i = 0; i < n; ++i)
    v.push_back(static_cast<T>(i)); // WARN
  std::reverse(v.begin(), v.end());
  return v;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  print("countDown", countDown(n));
  print("someOfThem", someOfThem(n));
  auto e = emplaced(n % 1000);
  std::printf("emplaced: %zu %s\n", e.size(), e.empty() ? "-" : e.front().second.c_str());
  std::string in;
  for (int i = 0; i < n % 500; ++i)
    in += static_cast<char>('a' + i % 26);
  std::printf("reversed: %s\n", reversed(in).c_str());
  print("untilLimit", untilLimit(n));
  print("nested", nested(n));
  std::printf("perRow: %ld\n", perRow(n));
  print("doWhile", doWhile(n));
  print("generic", generic<int>(n));
  std::printf("generic<long>: %zu\n", generic<long>(n).size());
}
