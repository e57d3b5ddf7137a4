// Generic code as libraries write it: function templates instantiated more
// than once, class templates whose members grow, `template <class Range>`
// helpers, std::transform and std::for_each with lambdas.
// RUN-ARGS: 0 | 1 | 6 | 300
// FLAGS: -std=c++17
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <list>
#include <string>
#include <utility>
#include <vector>

template <class T> std::vector<T> copyAll(const std::vector<T> &in) {
  std::vector<T> out;
  for (const T &x : in)
    out.push_back(x); // EXPECT: heapwise-missing-reserve
  return out;
}

template <class T, class F> std::vector<T> MapAll(const std::vector<T> &in, F f) {
  std::vector<T> out;
  std::for_each(in.begin(), in.end(), [&](const T &x) { out.push_back(f(x)); }); // EXPECT: heapwise-missing-reserve
  return out;
}

template <class T, class Pred> std::vector<T> Filter(const std::vector<T> &in, Pred keep) {
  std::vector<T> out;
  for (const T &x : in)
    if (keep(x))
      out.push_back(x); // NOT: heapwise-missing-reserve (conditional)
  return out;
}

template <class Container> void FillSquares(Container &c, int n) {
  for (int i = 0; i < n; ++i)
    c.push_back(i * i); // NOT: heapwise-missing-reserve (also instantiated with std::deque)
}

struct Item {
  std::string name;
  int weight;
};

template <class Range> std::vector<std::string> Names(const Range &range) {
  std::vector<std::string> out;
  std::transform(range.begin(), range.end(), std::back_inserter(out), // EXPECT: heapwise-missing-reserve
                 [](const Item &item) { return item.name; });
  return out;
}

template <class T> class Stack {
public:
  void PushAll(const std::vector<T> &xs) {
    for (const T &x : xs)
      items_.push_back(x); // EXPECT: heapwise-missing-reserve
  }
  void Push(T value) { items_.push_back(value); } // EXPECT: heapwise-copy-on-last-use
  size_t size() const { return items_.size(); }
  const T &top() const { return items_.back(); }

private:
  std::vector<T> items_;
};

template <class T> class Matrix {
public:
  Matrix(size_t rows, size_t cols) : rows_(rows), cols_(cols), data_(rows * cols) {}
  T &at(size_t r, size_t c) { return data_[r * cols_ + c]; }
  std::vector<T> Row(size_t r) const {
    std::vector<T> row;
    for (size_t c = 0; c < cols_; ++c)
      row.push_back(data_[r * cols_ + c]); // EXPECT: heapwise-missing-reserve
    return row;
  }
  std::vector<T> Column(size_t c) const {
    std::vector<T> column;
    column.reserve(rows_);
    for (size_t r = 0; r < rows_; ++r)
      column.push_back(data_[r * cols_ + c]); // NOT: heapwise-missing-reserve (already reserved)
    return column;
  }

private:
  size_t rows_, cols_;
  std::vector<T> data_;
};

template <class T> T MedianOf3(const T &a, const T &b, const T &c) {
  std::vector<T> v; // EXPECT: heapwise-small-vector
  v.push_back(a);
  v.push_back(b);
  v.push_back(c);
  std::sort(v.begin(), v.end());
  return v[1];
}

template <class T> void AppendTo(std::vector<T> &dst, const std::vector<T> &src) {
  for (auto it = src.begin(); it != src.end(); ++it)
    dst.push_back(*it); // EXPECT: heapwise-missing-reserve
}

template <class K, class V> std::vector<std::pair<K, V>> Zip(const std::vector<K> &keys, const std::vector<V> &values) {
  std::vector<std::pair<K, V>> out;
  size_t n = std::min(keys.size(), values.size());
  for (size_t i = 0; i < n; ++i)
    out.emplace_back(keys[i], values[i]); // EXPECT: heapwise-missing-reserve
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> ints;
  FillSquares(ints, n % 50);
  std::deque<int> queue;
  FillSquares(queue, n % 10);
  std::vector<std::string> words(static_cast<size_t>(n % 7), "w");
  std::vector<int> a = copyAll(ints);
  std::vector<std::string> b = copyAll(words);
  std::vector<int> doubled = MapAll(ints, [](int x) { return 2 * x; });
  std::vector<std::string> shouted = MapAll(words, [](const std::string &w) { return w + "!"; });
  std::vector<int> odd = Filter(ints, [](int x) { return x % 2 == 1; });
  std::vector<Item> items;
  std::list<Item> listed;
  for (int i = 0; i < n % 5; ++i) {
    items.push_back({"item" + std::to_string(i), i}); // EXPECT: heapwise-missing-reserve
    listed.push_back({"l" + std::to_string(i), i});
  }
  std::vector<std::string> names = Names(items);
  std::vector<std::string> listedNames = Names(listed);
  Stack<std::string> stack;
  Stack<int> numbers;
  for (int round = 0; round < n % 30; ++round) {
    stack.PushAll(words);
    numbers.PushAll(ints);
    stack.Push("top" + std::to_string(round));
    numbers.Push(round);
  }
  Matrix<double> m(static_cast<size_t>(n % 4), 3);
  for (size_t r = 0; r < static_cast<size_t>(n % 4); ++r)
    m.at(r, 1) = static_cast<double>(r) + 0.5;
  size_t cells = 0;
  for (size_t r = 0; r < static_cast<size_t>(n % 4); ++r)
    cells += m.Row(r).size() + m.Column(1).size();
  std::vector<std::string> all;
  AppendTo(all, words);
  AppendTo(all, shouted);
  std::vector<int> allInts;
  AppendTo(allInts, ints);
  std::vector<std::pair<std::string, int>> zipped = Zip(words, ints);
  std::printf("%zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %d %g %s %zu %zu %zu\n", ints.size(), queue.size(),
              a.size(), b.size(), doubled.size(), shouted.size(), odd.size(), names.size(),
              listedNames.size(), stack.size(), numbers.size(), MedianOf3(n, 3, 7),
              MedianOf3(1.5, n * 0.5, 2.0), MedianOf3<std::string>("b", n > 3 ? "a" : "c", "bb").c_str(),
              cells, all.size() + allInts.size(), zipped.size());
}
