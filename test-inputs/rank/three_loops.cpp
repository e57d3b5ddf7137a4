// Three flagged loops of very different allocation cost, for `heapwise rank`
// and the heapwise-profile tests. The tests profile this file's binary and
// query the line ranges below, so keep the loops on these lines:
//   fewRows      lines 17-21: 10 allocations (one push_back into a fresh vector per row)
//   labels       lines 27-28: about 2000 allocations (once s outgrows the small-string
//                             buffer, `s + "ab"` allocates a copy, then grows it to append)
//   growingRows  lines 34-38: 100000 allocations (20000 rows; 16 push_backs grow the
//                             fresh vector to capacities 1, 2, 4, 8, 16)
// The exit status is argv[1] when given, to test profiling a failing program.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

long fewRows() {
  long total = 0;
  for (int r = 0; r < 10; ++r) {
    std::vector<int> row; // container-in-loop
    row.push_back(r);
    total += row[0];
  }
  return total;
}

std::string labels() {
  std::string s;
  for (int i = 0; i < 1000; ++i)
    s = s + "ab"; // string-concat-in-loop
  return s;
}

long growingRows() {
  long total = 0;
  for (int r = 0; r < 20000; ++r) {
    std::vector<int> row; // container-in-loop, missing-reserve
    for (int c = 0; c < 16; ++c)
      row.push_back(r + c);
    total += row.back();
  }
  return total;
}

int main(int argc, char **argv) {
  long total = fewRows() + growingRows();
  std::string s = labels();
  std::printf("%ld %zu\n", total, s.size());
  return argc > 1 ? std::atoi(argv[1]) : 0;
}
