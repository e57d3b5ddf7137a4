// Owners that escape, objects that must stay on the heap.
// RUN-ARGS: 0 | 2
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

struct Point {
  int x = 0, y = 0;
};
struct Block {
  char bytes[1024];
};
struct Shape {
  virtual ~Shape() = default;
  virtual int sides() const { return 0; }
};
struct Square : Shape {
  int sides() const override { return 4; }
};

std::unique_ptr<Point> returned() {
  auto p = std::make_unique<Point>();
  return p;
}

std::unique_ptr<Point> moved() {
  auto p = std::make_unique<Point>();
  std::unique_ptr<Point> q = std::move(p);
  return q;
}

Point *released() {
  auto p = std::make_unique<Point>();
  return p.release();
}

int resetToAnother(int n) {
  auto p = std::make_unique<Point>();
  p.reset(new Point{n, n});
  return p->x;
}

int destroyedEarly(int n) {
  auto p = std::make_unique<Point>();
  p->x = n;
  int x = p->x;
  p.reset();
  return x;
}

std::vector<std::unique_ptr<Point>> store;

void stored() {
  auto p = std::make_unique<Point>();
  store.push_back(std::move(p));
}

static int takesOwner(const std::unique_ptr<Point> &p) { return p->x; }

int passedAsSmartPointer() {
  auto p = std::make_unique<Point>();
  return takesOwner(p);
}

std::shared_ptr<Point> keeper;

int sharedCopy() {
  auto p = std::make_shared<Point>();
  keeper = p;
  return p->x;
}

int polymorphic() {
  std::unique_ptr<Shape> s = std::make_unique<Square>();
  return s->sides();
}

int sameTypePolymorphic() {
  auto s = std::make_unique<Square>();
  return s->sides();
}

int array() {
  auto a = std::make_unique<int[]>(4);
  return a[0];
}

int tooBig() {
  auto b = std::make_unique<Block>();
  return b->bytes[0];
}

int captured() {
  auto p = std::make_unique<Point>();
  auto read = [&p] { return p->x; };
  return read();
}

int swapped() {
  auto p = std::make_unique<Point>();
  auto q = std::make_unique<Point>();
  p.swap(q);
  return p->x + q->x;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  Point *leak = released();
  std::printf("%d %d %d %d\n", returned()->x, moved()->x, leak->x, resetToAnother(n));
  delete leak;
  stored();
  std::printf("%d %d %d %d %d\n", destroyedEarly(n), passedAsSmartPointer(), sharedCopy(),
              polymorphic(), sameTypePolymorphic());
  std::printf("%d %d %d %d\n", array(), tooBig(), captured(), swapped());
}
