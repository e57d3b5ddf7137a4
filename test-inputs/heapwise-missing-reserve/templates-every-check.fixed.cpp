// Template code as libraries write it, reported whatever other checks run
// (all-checks/alongside runs this file with every heapwise check enabled).
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 5 | 30000
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <list>
#include <string>
#include <vector>

template <class T> std::vector<T> copyAll(const std::vector<T> &in) {
  std::vector<T> out;
  out.reserve(in.size());
  for (const T &x : in)
    out.push_back(x); // WARN
  return out;
}

template <class T> std::vector<T> everyOther(const std::vector<T> &in) {
  std::vector<T> out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i)
    out.push_back(in[i]); // WARN
  return out;
}

template <class Key> class Index {
public:
  explicit Index(const std::vector<Key> &keys) {
    std::vector<Key> sorted;
    sorted.reserve(keys.size());
    for (const Key &k : keys)
      sorted.push_back(k); // WARN
    std::sort(sorted.begin(), sorted.end());
    keys_ = sorted;
  }
  std::size_t size() const { return keys_.size(); }

private:
  std::vector<Key> keys_;
};

// Any range with size(): a std::list has one too.
template <class Range> std::vector<int> lengths(const Range &r) {
  std::vector<int> out;
  out.reserve(r.size());
  for (const auto &s : r)
    out.push_back(static_cast<int>(s.size())); // WARN
  return out;
}

template <class T> std::vector<T> doubled(const std::vector<T> &in) {
  std::vector<T> out;
  out.reserve(in.size());
  std::transform(in.begin(), in.end(), std::back_inserter(out), // WARN
                 [](const T &x) { return x + x; });
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> ints;
  std::vector<std::string> strings;
  std::list<std::string> names;
  ints.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  strings.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i) {
    ints.push_back(i % 13); // WARN
    strings.push_back(std::to_string(i)); // WARN
    names.push_back(std::string(static_cast<std::size_t>(i % 5), 'x'));
  }
  std::printf("copyAll %zu %zu\n", copyAll(ints).size(), copyAll(strings).size());
  std::printf("everyOther %zu %zu\n", everyOther(ints).size(), everyOther(strings).size());
  std::printf("index %zu %zu\n", Index<int>(ints).size(), Index<std::string>(strings).size());
  std::vector<int> a = lengths(strings), b = lengths(names);
  long sum = 0;
  for (int x : b)
    sum += x;
  std::printf("lengths %zu %zu %ld\n", a.size(), b.size(), sum);
  std::printf("doubled %zu %zu\n", doubled(ints).size(), doubled(strings).size());
}
