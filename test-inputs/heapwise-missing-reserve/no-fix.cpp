// Findings where no safe fix-it exists: the warning comes without one.
// RUN-ARGS: 0 | 3 | -1
#include <cstdio>
#include <cstdlib>
#include <vector>

std::vector<int> loopIsIfBody(int n, bool on) {
  std::vector<int> v;
  if (on)
    for (int i = 0; i < n; ++i)
      v.push_back(i); // WARN-NOFIX
  return v;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%zu %zu\n", loopIsIfBody(n, true).size(), loopIsIfBody(n, false).size());
}
