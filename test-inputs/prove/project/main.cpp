// A loop that grows a vector without reserve() and a vector copied on its
// last use, each run often enough to count; prints a result that does not
// depend on the allocations, then its first argument, if any (so a test can
// make the two copies' outputs differ).
#include <cstdio>
#include <string>
#include <vector>

std::vector<long> squares(int n) {
  std::vector<long> out;
  for (int i = 0; i < n; ++i)
    out.push_back(static_cast<long>(i) * i);
  return out;
}

static std::size_t totalLength(std::vector<std::string> words) {
  std::size_t total = 0;
  for (const std::string &w : words)
    total += w.size();
  return total;
}

std::size_t wordsLength(int n) {
  std::vector<std::string> words(n, std::string(40, 'x'));
  return totalLength(words);
}

int main(int argc, char **argv) {
  long sum = 0;
  for (int round = 0; round < 50; ++round)
    for (long v : squares(1000))
      sum += v;
  std::size_t length = 0;
  for (int round = 0; round < 20; ++round)
    length += wordsLength(100);
  std::printf("%ld %zu\n", sum, length);
  if (argc > 1)
    std::printf("%s\n", argv[1]);
}
