// Iterator while loops: `auto it = c.begin(); while (it != c.end()) { ...; ++it; }`
// run c.size() times when nothing but one unconditional `++it` per iteration
// moves the iterator (or an `it++` in an expression: `out.push_back(*it++)`).
// ALLOCATIONS: fewer
// RUN-ARGS: 0 | 1 | 6 | -2 | 40000
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

std::string joined(const std::vector<char> &chars) {
  std::string out;
  auto it = chars.begin();
  while (it != chars.end()) {
    out += *it; // WARN
    ++it;
  }
  return out;
}

std::vector<int> fromSet(const std::set<int> &s) {
  std::vector<int> out;
  std::set<int>::const_iterator it = s.cbegin();
  while (it != s.cend()) {
    out.push_back(*it * 2); // WARN
    it++;
  }
  return out;
}

std::vector<int> keysAndValues(const std::map<int, int> &m) {
  std::vector<int> out;
  auto it = std::begin(m);
  while (it != std::end(m)) {
    out.push_back(it->first); // WARN
    out.push_back(it->second);
    ++it;
  }
  return out;
}

std::vector<int> fromArray() {
  static const int primes[] = {2, 3, 5, 7, 11, 13};
  std::vector<int> out;
  const int *p = std::begin(primes);
  while (p != std::end(primes)) {
    out.push_back(*p); // WARN
    ++p;
  }
  return out;
}

// The iterator may be read after the loop: the count is still c.size().
bool reachedEnd(const std::vector<int> &in, std::vector<int> &copy) {
  std::vector<int> out;
  auto it = in.begin();
  while (it != in.end()) {
    out.push_back(*it + 1); // WARN
    ++it;
  }
  copy = out;
  return it == in.end();
}

class Index {
public:
  void addAll(const std::vector<int> &xs) {
    auto it = xs.begin();
    while (it != xs.end()) {
      keys_.push_back(*it); // WARN
      ++it;
    }
  }
  std::size_t size() const { return keys_.size(); }

private:
  std::vector<int> keys_;
};

std::vector<int> postIncrement(const std::vector<int> &in) {
  std::vector<int> out;
  auto it = in.begin();
  while (it != in.end())
    out.push_back(*it++ * 3); // WARN
  return out;
}

std::vector<int> postIncrementFirst(const std::set<int> &in) {
  std::vector<int> out;
  auto it = in.cbegin();
  while (it != in.cend()) {
    int x = *it++;
    out.push_back(x - 1); // WARN
  }
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> in(n > 0 ? n : 0);
  std::vector<char> chars(in.size());
  std::set<int> s;
  std::map<int, int> m;
  for (std::size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<int>(i % 31);
    chars[i] = static_cast<char>('a' + i % 26);
    s.insert(static_cast<int>(i * 7));
    m[static_cast<int>(i)] = static_cast<int>(i % 5);
  }
  std::printf("joined: %zu\n", joined(chars).size());
  print("fromSet", fromSet(s));
  print("keysAndValues", keysAndValues(m));
  print("fromArray", fromArray());
  print("postIncrement", postIncrement(in));
  print("postIncrementFirst", postIncrementFirst(s));
  std::vector<int> copy;
  std::printf("reachedEnd: %d\n", reachedEnd(in, copy));
  print("copy", copy);
  Index index;
  std::vector<int> three = {1, 2, 3};
  for (int c = 0; c < n; ++c)
    index.addAll(three);
  std::printf("index: %zu\n", index.size());
}
