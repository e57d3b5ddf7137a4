// The reserve says the count the way the loop does: kNumDeps, not 100000;
// a constant declared inside the loop that the reserve goes before cannot be
// named there and is written as a number.
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 2
#include <cstdio>
#include <cstdlib>
#include <vector>

constexpr int kNumDeps = 1000;
static const unsigned kRows = 4;

std::vector<int> deps() {
  std::vector<int> out;
  out.reserve(kNumDeps);
  for (int i = 0; i < kNumDeps; ++i)
    out.push_back(i); // WARN
  return out;
}

std::vector<int> inclusive() {
  std::vector<int> out;
  out.reserve(kRows + 1);
  for (unsigned i = 0; i <= kRows; ++i)
    out.push_back(static_cast<int>(i)); // WARN
  return out;
}

std::vector<int> grid() {
  std::vector<int> out;
  out.reserve(kRows * kNumDeps);
  for (unsigned r = 0; r < kRows; ++r)
    for (int c = 0; c < kNumDeps; ++c)
      out.push_back(c); // WARN
  return out;
}

std::vector<int> hiddenConstant() {
  std::vector<int> out;
  out.reserve(15);
  for (int r = 0; r < 3; ++r) {
    const int kWidth = 5;
    for (int c = 0; c < kWidth; ++c)
      out.push_back(c); // WARN
  }
  return out;
}

std::vector<int> noParens(const std::vector<int> &t) {
  std::vector<int> out;
  out.reserve(t.size() - 1);
  for (std::size_t i = 0; i < t.size() - 1; ++i)
    out.push_back(t[i] + t[i + 1]); // WARN
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> t(static_cast<std::size_t>(n + 2), 1);
  std::printf("%zu %zu %zu %zu %zu\n", deps().size(), inclusive().size(), grid().size(),
              hiddenConstant().size(), noParens(t).size());
}
