// reserve() calls whose argument grows with the loop: each one reallocates.
// RUN-ARGS: 0 | 5 | -3 | 30000
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_set>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

// The total is computable: the reserve moves before the loop.
std::vector<int> onePerIteration(int n) {
  std::vector<int> out;
  out.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i) {
    // WARN-NEXT: defeats geometric growth
    out.push_back(i);
  }
  return out;
}

// Grows with the counter; two pushes per iteration.
std::vector<int> counterBased(int n) {
  std::vector<int> out;
  out.reserve((n > 0 ? static_cast<std::size_t>(n) : 0) * 2);
  for (int i = 0; i < n; ++i) {
    // WARN
    out.push_back(i);
    out.push_back(-i);
  }
  return out;
}

// Rows of different lengths: no total before the loop, so the reserve is
// only removed and geometric growth does the rest.
std::vector<int> flatten(const std::vector<std::vector<int>> &rows) {
  std::vector<int> out;
  for (const auto &row : rows) {
    // WARN
    for (int x : row)
      out.push_back(x);
  }
  return out;
}

std::string joined(const std::vector<std::string> &words) {
  std::string text;
  for (const std::string &w : words) {
    // WARN
    text += w;
    text += ' ';
  }
  return text;
}

std::size_t distinct(int n) {
  std::unordered_set<int> seen;
  if ((n > 0 ? static_cast<std::size_t>(n) : 0) > 0) seen.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i) {
    // WARN
    seen.insert(i % 100);
  }
  return seen.size();
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  print("onePerIteration", onePerIteration(n));
  print("counterBased", counterBased(n));
  std::vector<std::vector<int>> rows;
  std::vector<std::string> words;
  for (int i = 0; i < n % 50; ++i) {
    rows.push_back(std::vector<int>(static_cast<std::size_t>(i), i));
    words.push_back(std::string(static_cast<std::size_t>(i % 7), 'a'));
  }
  print("flatten", flatten(rows));
  std::printf("joined %zu\n", joined(words).size());
  std::printf("distinct %zu\n", distinct(n));
}
