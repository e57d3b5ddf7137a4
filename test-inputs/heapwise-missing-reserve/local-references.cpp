// A local reference names an object that outlives the call, and a variable a
// lambda captures keeps what earlier calls of the lambda put in it: both may
// arrive with elements, so the reserve keeps growth geometric
// (heapwise::reserve_more). An exact `reserve(size() + n)` would reallocate
// on every call.
// ALLOCATIONS: fewer
// RUN-ARGS: 0 | 1 | 4 | 20000
#include <cstdio>
#include <cstdlib>
#include <map>
#include <vector>

struct Table {
  std::vector<int> rows;
  std::map<int, std::vector<int>> groups;
};

void addRows(Table &t, int n) {
  std::vector<int> &rows = t.rows;
  for (int i = 0; i < n; ++i)
    rows.push_back(i); // WARN
}

void addToGroup(Table &t, int key, int n) {
  auto &group = t.groups[key];
  for (int i = 0; i < n; ++i)
    group.push_back(i * key); // WARN
}

std::vector<int> batches(int calls, int n) {
  std::vector<int> out;
  auto addBatch = [&](int k) {
    for (int i = 0; i < k; ++i)
      out.push_back(i); // WARN
  };
  for (int c = 0; c < calls; ++c)
    addBatch(n);
  return out;
}

int main(int argc, char **argv) {
  int calls = argc > 1 ? std::atoi(argv[1]) : 0;
  Table t;
  for (int c = 0; c < calls; ++c) {
    addRows(t, 3);
    addToGroup(t, c % 2, 3);
  }
  std::printf("%zu %zu %zu\n", t.rows.size(), t.groups.size(), batches(calls, 3).size());
}
