// Range-for over anything with a cheap size(), C arrays, initializer lists,
// and iterator loops.
// RUN-ARGS: 0 | 3 | 20000
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

static const int Primes[] = {2, 3, 5, 7, 11, 13};

std::vector<int> overVector(const std::vector<int> &in) {
  std::vector<int> out;
  for (int x : in)
    out.push_back(x + 1); // WARN
  return out;
}

std::vector<int> overSpan(std::span<const int> in) {
  std::vector<int> out;
  for (const int &x : in)
    out.emplace_back(x * 2); // WARN
  return out;
}

std::vector<int> overStringView(std::string_view text) {
  std::vector<int> out;
  for (char c : text)
    out.push_back(c); // WARN
  return out;
}

std::vector<int> overMap(const std::map<int, int> &m) {
  std::vector<int> out;
  for (const auto &[key, value] : m)
    out.push_back(key + value); // WARN
  return out;
}

std::vector<int> overArray() {
  std::vector<int> out;
  for (int p : Primes)
    out.push_back(p); // WARN
  return out;
}

std::vector<int> overInitList() {
  std::vector<int> out;
  for (int x : {4, 8, 15, 16, 23, 42})
    out.push_back(x); // WARN
  return out;
}

std::vector<int> iteratorLoop(const std::set<int> &s) {
  std::vector<int> out;
  for (auto it = s.begin(); it != s.end(); ++it)
    out.push_back(*it); // WARN
  return out;
}

std::vector<int> iteratorLoopCachedEnd(const std::vector<int> &in) {
  std::vector<int> out;
  for (auto it = in.cbegin(), end = in.cend(); it != end; it++)
    out.push_back(*it - 1); // WARN
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> in;
  std::map<int, int> m;
  std::set<int> s;
  std::string text;
  for (int i = 0; i < n; ++i) {
    in.push_back(i); // WARN
    m[i] = i * i;
    s.insert(i * 5);
    text += static_cast<char>('a' + i % 26); // WARN
  }
  print("overVector", overVector(in));
  print("overSpan", overSpan(in));
  print("overStringView", overStringView(text));
  print("overMap", overMap(m));
  print("overArray", overArray());
  print("overInitList", overInitList());
  print("iteratorLoop", iteratorLoop(s));
  print("iteratorLoopCachedEnd", iteratorLoopCachedEnd(in));
}
