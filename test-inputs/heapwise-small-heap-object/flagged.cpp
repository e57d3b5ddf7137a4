// Small objects owned by a local smart pointer that never leaves: they move to
// the stack, keeping their initialisation.
// RUN-ARGS: 0 | 3 | -8 | 1000
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

struct Point {
  int x = 0, y = 0;
  int sum() const { return x + y; }
};

struct Raw {
  int a, b; // no initialisers: make_unique<Raw>() value-initialises them to 0
};

struct Pair {
  Pair(int first, int second) : first(first), second(second) {}
  int first, second;
};

static int xOf(const Point *p) { return p->x; }
static void bump(Point *p) { ++p->y; }

int arrowDerefGet(int n) {
  auto p = std::make_unique<Point>(); // WARN: 8-byte object
  p->x = n;
  (*p).y = 2;
  bump(p.get());
  return p->sum() + xOf(p.get());
}

int valueInitialised() {
  std::unique_ptr<Raw> r = std::make_unique<Raw>(); // WARN
  return r->a + r->b;
}

int fromNew(int n) {
  std::unique_ptr<Pair> pair(new Pair(n, n * 2)); // WARN
  std::unique_ptr<Point> point{new Point{n, 1}}; // WARN
  return pair->first + pair->second + point->sum();
}

std::size_t perIteration(int n) {
  std::size_t total = 0;
  for (int i = 0; i < n % 50; ++i) {
    auto text = std::make_shared<std::string>(static_cast<std::size_t>(i), 'x'); // WARN: once per iteration
    total += text->size();
  }
  return total;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%d %d %d %zu\n", arrowDerefGet(n), valueInitialised(), fromNew(n), perIteration(n));
}
