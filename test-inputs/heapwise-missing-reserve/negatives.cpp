// Shapes heapwise-missing-reserve must not flag: no marker in this file.
// FLAGS: -isystem %S/system
// RUN-ARGS: 0 | 6 | -2
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <list>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include "sys_fill.h"

std::vector<int> conditionalPush(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    if (i % 2 == 0)
      v.push_back(i);
  return v;
}

std::vector<int> breakAfterData(const std::vector<int> &in) {
  std::vector<int> v;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == 3)
      break;
    v.push_back(in[i]);
  }
  return v;
}

std::vector<int> pushThenReturn(int n, int stop) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    v.push_back(i);
    if (i == stop)
      return v;
  }
  return v;
}

std::vector<int> continueSkips(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    if (i == 2)
      continue;
    v.push_back(i);
  }
  return v;
}

std::vector<int> boundChangesInBody(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    v.push_back(i);
    if (i == 1)
      --n;
  }
  return v;
}

static int calls = 0;
static int next() { return ++calls < 4 ? 10 : 0; }

std::vector<int> boundWithSideEffects() {
  std::vector<int> v;
  for (int i = 0; i < next(); ++i)
    v.push_back(i);
  return v;
}

std::vector<int> counterChangesInBody(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    v.push_back(i);
    i += i % 2;
  }
  return v;
}

std::vector<int> alreadyReserved(int n) {
  std::vector<int> v;
  v.reserve(n > 0 ? n : 0);
  for (int i = 0; i < n; ++i)
    v.push_back(i);
  return v;
}

std::vector<int> alreadySized(int n) {
  std::vector<int> v(3);
  for (int i = 0; i < n; ++i)
    v.push_back(i);
  return v;
}

std::vector<int> resizedBefore(int n) {
  std::vector<int> v;
  v.resize(2);
  for (int i = 0; i < n; ++i)
    v.push_back(i);
  return v;
}

std::deque<int> dequeHasNoReserve(int n) {
  std::deque<int> d;
  for (int i = 0; i < n; ++i)
    d.push_back(i);
  return d;
}

std::list<int> listHasNoReserve(int n) {
  std::list<int> l;
  for (int i = 0; i < n; ++i)
    l.push_back(i);
  return l;
}

std::vector<int> unknownCount(const std::string &text) {
  std::istringstream in(text);
  std::vector<int> v;
  int x;
  while (in >> x)
    v.push_back(x);
  return v;
}

#define FILL(vec, count)                                                       \
  for (int i = 0; i < (count); ++i)                                            \
    (vec).push_back(i);

std::vector<int> loopInMacro(int n) {
  std::vector<int> v;
  FILL(v, n)
  return v;
}

#define PUSH(vec, x) (vec).push_back(x)

std::vector<int> pushInMacro(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    PUSH(v, i);
  return v;
}

static void trim(std::vector<int> &v) {
  if (v.size() > 2)
    v.pop_back();
}

std::vector<int> escapesByReference(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    v.push_back(i);
    trim(v);
  }
  return v;
}

std::vector<int> escapesByPointer(int n) {
  std::vector<int> v;
  std::vector<int> *alias = &v;
  for (int i = 0; i < n; ++i) {
    v.push_back(i);
    alias->pop_back();
  }
  return v;
}

std::vector<int> capacityObserved(int n) {
  std::vector<int> v;
  std::size_t reallocations = 0;
  for (int i = 0; i < n; ++i) {
    std::size_t before = v.capacity();
    v.push_back(i);
    reallocations += v.capacity() != before;
  }
  v.push_back(static_cast<int>(reallocations));
  return v;
}

std::vector<int> growsBoundContainer(std::map<int, int> &m) {
  std::vector<int> v;
  for (std::size_t i = 0; i < m.size() && i < 5; ++i) {
    v.push_back(m[static_cast<int>(i) + 100]);
  }
  return v;
}

std::vector<int> reserveInsideOuterLoop(int rows, int cols) {
  std::vector<int> v;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < r + cols; ++c)
      v.push_back(c);
  return v;
}

std::vector<int> outerLoopUnknown(const std::string &text, int cols) {
  std::istringstream in(text);
  std::vector<int> v;
  int x;
  while (in >> x)
    for (int c = 0; c < cols; ++c)
      v.push_back(x);
  return v;
}

std::vector<int> declaredInLoop(int rows) {
  std::vector<int> last;
  for (int r = 0; r < rows; ++r) {
    std::vector<int> row;
    row.push_back(r);
    last = row;
  }
  return last;
}

std::vector<int> copyFromSelf(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    v.push_back(i); // NOLINT(heapwise-missing-reserve): honoured
  return v;
}

// Declared in the for's init: one vector that lives across the iterations.
long forInitOwner(int n) {
  long total = 0;
  int rounds = 0;
  for (std::vector<int> v; rounds < 3; ++rounds) {
    for (int i = 0; i < n; ++i)
      v.push_back(i);
    total += static_cast<long>(v.size());
  }
  return total;
}

std::vector<int> unsignedNeverEnds(unsigned n) {
  std::vector<int> v;
  for (unsigned i = n; i >= 0; --i) {
    v.push_back(static_cast<int>(i));
    if (v.size() > 3)
      throw 0;
  }
  return v;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> in = {1, 2, 3, 4};
  std::map<int, int> m = {{1, 1}};
  std::printf("%zu %zu %zu %zu\n", conditionalPush(n).size(), breakAfterData(in).size(),
              pushThenReturn(n, 2).size(), continueSkips(n).size());
  std::printf("%zu %zu %zu\n", boundChangesInBody(n).size(), boundWithSideEffects().size(),
              counterChangesInBody(n).size());
  std::printf("%zu %zu %zu\n", alreadyReserved(n).size(), alreadySized(n).size(),
              resizedBefore(n).size());
  std::printf("%zu %zu %zu\n", dequeHasNoReserve(n).size(), listHasNoReserve(n).size(),
              unknownCount("1 2 3").size());
  std::printf("%zu %zu %zu %zu\n", loopInMacro(n).size(), pushInMacro(n).size(),
              escapesByReference(n).size(), escapesByPointer(n).size());
  std::printf("%zu %zu %zu\n", capacityObserved(n).size(), growsBoundContainer(m).size(), m.size());
  std::printf("%zu %zu %zu\n", reserveInsideOuterLoop(n, 3).size(),
              outerLoopUnknown("4 5", n).size(), declaredInLoop(n).size());
  std::printf("%zu %zu %ld\n", copyFromSelf(n).size(), systemFill(n).size(), forInitOwner(n));
  try {
    unsignedNeverEnds(static_cast<unsigned>(n));
  } catch (int) {
    std::printf("threw\n");
  }
}
