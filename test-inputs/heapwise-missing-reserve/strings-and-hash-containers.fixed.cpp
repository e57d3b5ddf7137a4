// std::string grown by chars; unordered containers grown by insert/emplace.
// Output from unordered containers is printed in sorted order: reserve()
// changes their bucket count, and iteration order is unspecified anyway.
// RUN-ARGS: 0 | 5 | 30000
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

std::string repeatChar(char c, int n) {
  std::string s;
  s.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i)
    s += c; // WARN
  return s;
}

std::string upper(const std::string &in) {
  std::string out;
  out.reserve(in.size());
  for (char c : in)
    out.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c)); // WARN
  return out;
}

std::string appendWords(const std::vector<std::string> &words) {
  std::string out;
  for (const std::string &w : words)
    out += w; // grows by a whole string: not one element per iteration
  return out;
}

std::unordered_map<int, int> squares(int n) {
  std::unordered_map<int, int> m;
  if ((n > 0 ? static_cast<std::size_t>(n) : 0) > 0) m.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i)
    m.emplace(i, i * i); // WARN
  return m;
}

std::unordered_set<int> residues(int n) {
  std::unordered_set<int> s;
  if ((n > 0 ? static_cast<std::size_t>(n) : 0) > 0) s.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i)
    s.insert(i % 1000); // WARN
  return s;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::string r = repeatChar('x', n);
  std::printf("repeat %zu\n", r.size());
  std::printf("upper %s\n", upper(r.substr(0, 10) + "abc").c_str());
  std::printf("words %s\n", appendWords({"a", "bc", r.substr(0, 3)}).c_str());
  auto m = squares(n);
  std::vector<std::pair<int, int>> sorted(m.begin(), m.end());
  std::sort(sorted.begin(), sorted.end());
  long sum = 0;
  for (auto &[k, v] : sorted)
    sum += k ^ v;
  std::printf("squares %zu %ld\n", sorted.size(), sum);
  auto s = residues(n);
  std::printf("residues %zu\n", s.size());
}
