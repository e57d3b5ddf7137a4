// Vectors that must stay std::vector: they escape, grow without a bound, or
// are too large to keep inline.
// RUN-ARGS: 0 | 3
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

struct Block {
  char bytes[4096];
};

std::vector<int> member;
std::vector<int> global;

std::vector<int> returned(int n) {
  std::vector<int> v;
  v.push_back(n);
  return v;
}

std::vector<int> movedOut(int n) {
  std::vector<int> v;
  v.push_back(n);
  std::vector<int> other = std::move(v);
  return other;
}

std::size_t copiedOut(int n) {
  std::vector<int> v;
  v.push_back(n);
  std::vector<int> copy = v;
  return copy.size();
}

void storedInGlobal(int n) {
  std::vector<int> v;
  v.push_back(n);
  global = v;
}

static std::size_t byReference(const std::vector<int> &v) { return v.size(); }
static std::size_t byPointer(const std::vector<int> *v) { return v->size(); }
static std::size_t byValue(std::vector<int> v) { return v.size(); }

std::size_t passedAsVector(int n) {
  std::vector<int> a, b, c;
  a.push_back(n);
  b.push_back(n);
  c.push_back(n);
  return byReference(a) + byPointer(&b) + byValue(c);
}

std::size_t swapped(int n) {
  std::vector<int> v, w;
  v.push_back(n);
  v.swap(w);
  return w.size();
}

const int *addressKept = nullptr;

std::size_t iteratorKept(int n) {
  std::vector<int> v;
  v.push_back(n);
  std::vector<int>::iterator first = v.begin();
  return static_cast<std::size_t>(*first);
}

std::size_t unbounded(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    v.push_back(i);
  return v.size();
}

std::size_t insertedRange(const std::vector<int> &in) {
  std::vector<int> v;
  v.insert(v.end(), in.begin(), in.end());
  return v.size();
}

std::size_t tooManyElements() {
  std::vector<int> v;
  for (int i = 0; i < 17; ++i)
    v.push_back(i);
  return v.size();
}

std::size_t tooManyBytes() {
  std::vector<Block> blocks;
  blocks.push_back(Block{});
  return blocks.size();
}

std::size_t comparedWithVector(int n) {
  std::vector<int> v;
  v.push_back(n);
  return v == global;
}

std::size_t captured(int n) {
  std::vector<int> v;
  v.push_back(n);
  auto size = [&v] { return v.size(); };
  return size();
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  storedInGlobal(n);
  std::printf("%zu %zu %zu %zu %zu\n", returned(n).size(), movedOut(n).size(), copiedOut(n),
              passedAsVector(n), swapped(n));
  std::printf("%zu %zu %zu %zu %zu %zu %zu\n", iteratorKept(n), unbounded(n),
              insertedRange({1, 2}), tooManyElements(), tooManyBytes(),
              comparedWithVector(n), captured(n));
}
