// Local vectors with a small, provable bound: they become heapwise::small_vector.
// RUN-ARGS: 0 | 1 | 2 | -7
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

static int total(std::span<const int> values) {
  int sum = 0;
  for (int v : values)
    sum += v;
  return sum;
}

template <class Range> static std::size_t countOf(const Range &r) { return r.size(); }

// Straight-line pushes, branches at their larger side, a constant loop.
int guarded(int n) {
  std::vector<int> parts; // WARN: never holds more than 7 elements
  parts.push_back(n);
  if (n > 0)
    parts.push_back(1);
  else {
    parts.push_back(-1);
    parts.push_back(-2);
  }
  if (n % 2 == 0)
    parts.emplace_back(n / 2);
  for (int i = 0; i < 3; ++i)
    parts.push_back(i * n);
  std::sort(parts.begin(), parts.end());
  return total(parts) + static_cast<int>(countOf(parts)) + parts.front();
}

std::size_t initialised(bool more) {
  std::vector<std::string> words = {"alpha", "beta"}; // WARN: never holds more than 3 elements
  if (more)
    words.emplace_back("gamma");
  std::size_t length = 0;
  for (const std::string &w : words)
    length += w.size();
  return length;
}

int counted(int seed) {
  std::vector<int> slots(4, seed); // WARN: never holds more than 5 elements
  slots.push_back(seed + 1);
  slots.pop_back();
  std::erase(slots, 0);
  return static_cast<int>(slots.size()) + (slots.empty() ? -1 : slots[0]);
}

using Ints = std::vector<int>;

int viaAlias(int n) {
  Ints pair; // WARN: never holds more than 2 elements
  pair.push_back(n);
  pair.push_back(-n);
  return pair[0] + pair[1];
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%d %zu %zu %d %d\n", guarded(n), initialised(n > 0), initialised(false),
              counted(n), viaAlias(n));
}
