// Shapes heapwise-front-insert-in-loop must not flag: no marker in this file.
// RUN-ARGS: 0 | 4 | -1 | 3000
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <list>
#include <string>
#include <vector>

std::deque<int> intoDeque(int n) {
  std::deque<int> d;
  for (int i = 0; i < n; ++i)
    d.insert(d.begin(), i); // Constant time at the front.
  return d;
}

std::list<int> intoList(int n) {
  std::list<int> l;
  for (int i = 0; i < n; ++i)
    l.insert(l.begin(), i);
  return l;
}

std::vector<int> outsideLoop(int x) {
  std::vector<int> v = {1, 2};
  v.insert(v.begin(), x);
  return v;
}

std::vector<int> atTheEnd(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    v.insert(v.end(), i);
  return v;
}

std::vector<int> afterTheFirst(int n) {
  std::vector<int> v = {0};
  for (int i = 0; i < n; ++i)
    v.insert(v.begin() + 1, i); // Not the front (still costly; not this check).
  return v;
}

std::size_t freshEachIteration(int n) {
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<int> v = {i, i + 1};
    v.insert(v.begin(), i); // Once per vector.
    total += v.size();
  }
  return total;
}

#define PUSH_FRONT(c, x) c.insert(c.begin(), x)

std::vector<int> inMacro(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    PUSH_FRONT(v, i);
  return v;
}

// Instantiated with std::deque too: reported only when all instantiations agree.
template <typename C> C generic(int n) {
  C c;
  for (int i = 0; i < n; ++i)
    c.insert(c.begin(), i);
  return c;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%zu %zu %zu\n", intoDeque(n).size(), intoList(n).size(), outsideLoop(n).size());
  std::printf("%zu %zu %zu\n", atTheEnd(n).size(), afterTheFirst(n).size(), freshEachIteration(n));
  std::printf("%zu %zu %zu\n", inMacro(n).size(), generic<std::vector<int>>(n).size(),
              generic<std::deque<int>>(n).size());
}
