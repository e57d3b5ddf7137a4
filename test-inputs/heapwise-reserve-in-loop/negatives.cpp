// reserve() in a loop that is fine, and shapes that must not be flagged.
// RUN-ARGS: 0 | 4 | 2000
#include <cstdio>
#include <cstdlib>
#include <vector>

// Cleared every iteration: the reserve sizes a reused buffer.
long reusedBuffer(int n) {
  std::vector<int> row;
  long total = 0;
  for (int i = 0; i < n; ++i) {
    row.clear();
    row.reserve(static_cast<std::size_t>(i));
    for (int j = 0; j < i; ++j)
      row.push_back(j);
    total += static_cast<long>(row.size());
  }
  return total;
}

// Loop-invariant argument: a no-op after the first iteration.
std::vector<int> invariant(int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) {
    out.reserve(static_cast<std::size_t>(n));
    out.push_back(i);
  }
  return out;
}

// Declared inside the loop: a fresh vector each time.
long freshEachTime(int n) {
  long total = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<int> v;
    v.reserve(v.size() + 3);
    v.push_back(i);
    total += v.back();
  }
  return total;
}

// Not grown in the loop.
std::vector<int> notGrown(int n) {
  std::vector<int> out(3, 1);
  for (int i = 0; i < n; ++i)
    out.reserve(out.size() + static_cast<std::size_t>(i));
  return out;
}

#define RESERVE_MORE(v) (v).reserve((v).size() + 1)

std::vector<int> inMacro(int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) {
    RESERVE_MORE(out);
    out.push_back(i);
  }
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%ld %zu %ld %zu %zu\n", reusedBuffer(n), invariant(n).size(), freshEachTime(n),
              notGrown(n).size(), inMacro(n).size());
}
