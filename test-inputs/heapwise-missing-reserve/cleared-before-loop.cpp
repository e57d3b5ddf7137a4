// A container cleared right before the loop keeps its capacity: the reserve
// stays heapwise::reserve_more, which keeps growth geometric from call to
// call. An exact reserve(n) would reallocate on every call whose n is larger
// than the last, here on every call (with 3000: 9,002 allocations against
// the original's 3,028; reserve_more: 3,028).
// ALLOCATIONS: no-more
// RUN-ARGS: 0 | 1 | 6 | 3000
#include <cstdio>
#include <cstdlib>
#include <map>
#include <vector>

void collectKeys(const std::map<int, int> &m, std::vector<int> *keys) {
  keys->clear();
  for (const auto &entry : m)
    keys->push_back(entry.first); // WARN
}

class Cache {
public:
  void rebuild(int n) {
    items_.clear();
    for (int i = 0; i < n; ++i)
      items_.push_back(i * 2); // WARN
  }
  long sum() const {
    long s = 0;
    for (int x : items_)
      s += x;
    return s;
  }

private:
  std::vector<int> items_;
};

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  Cache cache;
  std::map<int, int> m;
  std::vector<int> keys;
  long total = 0;
  for (int c = 0; c < n; ++c) {
    cache.rebuild(c + 1);
    m[c] = c;
    collectKeys(m, &keys);
    total += cache.sum() + static_cast<long>(keys.size());
  }
  std::printf("%ld\n", total);
}
