// A template instantiated with a type whose copy allocates and with a scalar:
// for the scalar, std::move changes nothing, so that instantiation does not
// veto the finding. One whose scalar use would not compile with std::move
// (a non-const reference) still does.
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 3 | 40
// ALLOCATIONS: fewer
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

template <class T> class Stack {
public:
  void push(T value) { items_.push_back(value); } // WARN: 'value' is copied at its last use
  void pushTwice(T value) {
    items_.push_back(value);
    items_.push_back(value); // WARN: 'value' is copied at its last use
  }
  size_t size() const { return items_.size(); }

private:
  std::vector<T> items_;
};

static size_t total = 0;
static void record(std::string s) { total += s.size(); }
static void record(int &n) { n += 1; total += 1; }

// For int, record binds a non-const reference: std::move(value) would not
// compile there.
template <class T> void keep(T value) { record(value); }

// With a double: the first push is not the last use; the second is.
template <class T> T twice(T value) {
  std::vector<T> copies;
  copies.push_back(value);
  copies.push_back(value); // WARN: 'value' is copied at its last use
  return copies.back();
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  Stack<std::string> words;
  Stack<int> numbers;
  for (int i = 0; i < n; ++i) {
    std::string w(32, static_cast<char>('a' + i % 26));
    words.push(w + "-word");
    numbers.push(i);
    words.pushTwice(w + "-twice");
    numbers.pushTwice(i);
    keep(w + "-kept");
    keep(i);
  }
  std::string t = twice(std::string(40, 'x'));
  double d = twice(2.5);
  std::printf("%zu %zu %zu %zu %g\n", words.size(), numbers.size(), total, t.size(), d);
}
