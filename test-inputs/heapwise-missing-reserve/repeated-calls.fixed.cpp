// Containers that arrive with elements and are appended to on every call: an
// exact `reserve(size() + n)` would reallocate on every call (20,000 calls of
// 3 elements: 20,000 reallocations instead of about 15). The fix reserves
// with heapwise::reserve_more, which keeps growth geometric; the counted
// allocations of the fixed program must never exceed the original's.
// FLAGS: -std=c++17
// ALLOCATIONS: fewer
// RUN-ARGS: 0 | 1 | 3 | 20000
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_set>
#include <vector>

#include "heapwise/reserve.h"

class Recorder {
public:
  void add(const std::vector<int> &xs) {
    heapwise::reserve_more(values_, xs.size());
    for (int x : xs)
      values_.push_back(x); // WARN
  }
  void addWord(const std::string &word) {
    heapwise::reserve_more(text_, word.size());
    for (std::size_t i = 0; i < word.size(); ++i)
      text_.push_back(word[i]); // WARN
  }
  void remember(const std::vector<int> &xs) {
    for (int x : xs)
      seen_.insert(x); // not flagged: a hash member (growth is the library's own)
  }
  std::size_t size() const { return values_.size() + text_.size() + seen_.size(); }

private:
  std::vector<int> values_;
  std::string text_;
  std::unordered_set<int> seen_;
};

void appendBatch(std::vector<long> &out, int n) {
  heapwise::reserve_more(out, n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i)
    out.push_back(i); // WARN
}

int main(int argc, char **argv) {
  int calls = argc > 1 ? std::atoi(argv[1]) : 0;
  Recorder r;
  std::vector<long> batches;
  std::vector<int> three = {1, 2, 3};
  for (int c = 0; c < calls; ++c) {
    r.add(three);
    r.addWord("abc");
    three[0] = c;
    r.remember(three);
    appendBatch(batches, 3);
  }
  std::printf("%zu %zu\n", r.size(), batches.size());
}
