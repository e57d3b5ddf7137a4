// Owners that stay in the function but are used in ways the fix does not
// rewrite: the warning comes without a fix-it.
// RUN-ARGS: 0 | 5
#include <cstdio>
#include <cstdlib>
#include <memory>

struct Point {
  int x = 0, y = 0;
};

int nullTested(int n) {
  auto p = std::make_unique<Point>(); // WARN-NOFIX
  if (p)
    p->x = n;
  return p->x;
}

int pointerKept(int n) {
  auto p = std::make_unique<Point>(); // WARN-NOFIX
  Point *raw = p.get();
  raw->y = n;
  return p->y;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%d %d\n", nullTested(n), pointerKept(n));
}
