// Containers that may already hold elements: members, reference parameters,
// locals used before the loop. The reserve adds to the current size.
// RUN-ARGS: 0 | 6 | -1 | 40000
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "heapwise/reserve.h"

class Histogram {
public:
  void addRange(int n) {
    heapwise::reserve_more(bins, n > 0 ? static_cast<std::size_t>(n) : 0);
    for (int i = 0; i < n; ++i)
      bins.push_back(i % 10); // WARN
  }
  long total() const {
    long sum = 0;
    for (int b : bins)
      sum += b;
    return sum;
  }
  std::size_t size() const { return bins.size(); }

private:
  std::vector<int> bins;
};

static const int kBatch = 12;

class Pool {
public:
  // The bound is a const global: the member calls in the loop cannot change it.
  std::vector<int> takeBatch() {
    std::vector<int> handles;
    handles.reserve(kBatch + 3);
    for (int i = 0; i < kBatch + 3; i++)
      handles.push_back(take()); // WARN
    return handles;
  }
  // The bound is a member that take() changes: not flagged.
  std::vector<int> takeAll() {
    std::vector<int> handles;
    for (int i = 0; i < available; i++)
      handles.push_back(take());
    return handles;
  }

private:
  int take() { return available-- > 0 ? next++ : -1; }
  int available = 20;
  int next = 0;
};

void appendSquares(std::vector<long> &out, int n) {
  heapwise::reserve_more(out, n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 1; i <= n; ++i)
    out.push_back(static_cast<long>(i) * i); // WARN
}

std::vector<int> withPrefix(int n) {
  std::vector<int> v;
  v.push_back(-1);
  v.reserve(v.size() + (n > 0 ? static_cast<std::size_t>(n) : 0));
  for (int i = 0; i < n; ++i)
    v.push_back(i); // WARN
  return v;
}

std::vector<int> initialised(int n) {
  std::vector<int> v = {7, 8, 9};
  v.reserve(v.size() + (n > 0 ? static_cast<std::size_t>(n) : 0));
  for (int i = 0; i < n; ++i)
    v.push_back(i); // WARN
  return v;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  Histogram h;
  h.addRange(n);
  h.addRange(n / 2);
  std::printf("histogram %zu %ld\n", h.size(), h.total());
  std::vector<long> squares = {0};
  appendSquares(squares, n);
  appendSquares(squares, 3);
  std::printf("squares %zu %ld\n", squares.size(), squares.back());
  std::printf("prefix %zu\n", withPrefix(n).size());
  std::printf("initialised %zu\n", initialised(n).size());
  Pool pool;
  std::printf("pool %zu %zu\n", pool.takeBatch().size(), pool.takeAll().size());
}
