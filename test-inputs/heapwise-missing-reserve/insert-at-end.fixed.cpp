// `c.insert(c.end(), x)` and `c.emplace(c.end(), args...)` add one element at
// the end, as push_back does: counted like it. Other inserts are not.
// RUN-ARGS: 0 | 3 | 1000
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "heapwise/reserve.h"

std::vector<std::string> copied(const std::vector<std::string> &names) {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const std::string &name : names)
    out.insert(out.end(), name); // WARN: [heapwise-missing-reserve]
  return out;
}

std::vector<std::pair<int, int>> pairs(int n) {
  std::vector<std::pair<int, int>> out;
  out.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i)
    out.emplace(out.cend(), i, -i); // WARN: [heapwise-missing-reserve]
  return out;
}

std::string letters(int n) {
  std::string s;
  s.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i)
    s.insert(s.end(), static_cast<char>('a' + i % 26)); // WARN: [heapwise-missing-reserve]
  return s;
}

class Log {
public:
  void add(const std::vector<int> &xs) {
    heapwise::reserve_more(entries_, xs.size());
    for (int x : xs)
      entries_.insert(entries_.end(), x); // WARN: [heapwise-missing-reserve]
  }
  std::size_t size() const { return entries_.size(); }

private:
  std::vector<int> entries_;
};

// Not one element at the end of the same container: no finding.
std::size_t others(const std::vector<int> &xs) {
  std::vector<int> ranges, counts, lists, middle;
  for (int x : xs) {
    ranges.insert(ranges.end(), xs.begin(), xs.begin() + (x % 2));
    counts.insert(counts.end(), 2, x);
    lists.insert(lists.end(), {x, x});
    middle.insert(middle.begin() + static_cast<long>(middle.size() / 2), x);
  }
  return ranges.size() + counts.size() + lists.size() + middle.size();
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<std::string> names(static_cast<std::size_t>(n > 0 ? n : 0), "name");
  std::vector<int> xs(static_cast<std::size_t>(n > 0 ? n % 50 : 0), 3);
  Log log;
  for (int round = 0; round < 3; ++round)
    log.add(xs);
  std::printf("%zu %zu %zu %zu %zu\n", copied(names).size(), pairs(n).size(), letters(n).size(),
              log.size(), others(xs));
}
