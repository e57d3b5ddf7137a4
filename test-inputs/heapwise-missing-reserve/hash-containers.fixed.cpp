// Hash containers: reserve() sets the bucket count. reserve(0) allocates
// buckets an empty container never has, so a count that can be zero is
// guarded; on a container that already holds elements reserve() rehashes
// (usually to fewer buckets): no finding there.
// RUN-ARGS: 0 | 1 | -4 | 7 | 3000
// ALLOCATIONS: fewer
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>
#include <vector>

static long sumOf(const std::unordered_set<int> &s) {
  long sum = 0;
  for (int x : s)
    sum += x;
  return sum;
}

std::unordered_set<int> fromCount(int n) {
  std::unordered_set<int> s;
  if ((n > 0 ? static_cast<std::size_t>(n) : 0) > 0) s.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i)
    s.insert(i * 7); // WARN
  return s;
}

std::unordered_map<int, int> index(const std::vector<int> &keys) {
  std::unordered_map<int, int> m;
  if (keys.size() > 0) m.reserve(keys.size());
  for (int k : keys)
    m.emplace(k, k * k); // WARN
  return m;
}

std::unordered_multiset<int> fixedSize() {
  std::unordered_multiset<int> s;
  s.reserve(64);
  for (int i = 0; i < 64; ++i)
    s.insert(i % 8); // WARN
  return s;
}

// Filled before the loop: a reserve would rehash what is there.
std::unordered_set<int> filledFirst(int n) {
  std::unordered_set<int> s;
  s.insert(-1);
  s.insert(-2);
  for (int i = 0; i < n; ++i)
    s.insert(i);
  return s;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> keys;
  keys.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i)
    keys.push_back(i * 3); // WARN
  long total = 0;
  for (int round = 0; round < 50; ++round) {
    total += sumOf(fromCount(n));
    total += static_cast<long>(index(keys).size());
    total += static_cast<long>(fixedSize().count(3));
    total += sumOf(filledFirst(n));
  }
  std::printf("total %ld\n", total);
}
