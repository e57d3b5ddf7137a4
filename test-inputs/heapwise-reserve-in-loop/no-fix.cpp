// The reserve may be what keeps a pointer into the vector valid: flagged, but
// not removed.
// RUN-ARGS: 0 | 3 | 1000
#include <cstdio>
#include <cstdlib>
#include <vector>

long pointerKept(int n) {
  std::vector<int> v;
  long total = 0;
  for (int i = 0; i < n; ++i) {
    v.reserve(v.size() + 2); // WARN-NOFIX
    v.push_back(i);
    int *last = &v.back();
    v.push_back(i + 1);
    total += *last;
  }
  return total;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%ld\n", pointerKept(n));
}
