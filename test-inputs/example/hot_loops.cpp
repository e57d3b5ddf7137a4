// A small program with the allocation hotspots heapwise looks for.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <map>
#include <string>
#include <vector>

struct Order {
  int id;
  double price;
};

// Grows a vector one element at a time although the final size is known.
std::vector<double> prices(const std::vector<Order> &orders) {
  std::vector<double> out;
  for (const Order &o : orders)
    out.push_back(o.price);
  return out;
}

// A member that already holds elements: reserve on top of its size.
class Ledger {
public:
  void addDays(int days, int entriesPerDay) {
    for (int d = 0; d < days; ++d)
      for (int e = 0; e < entriesPerDay; ++e)
        entries.push_back(d * 100 + e);
  }

private:
  std::vector<int> entries;
};

std::string csvHeader(const std::map<std::string, int> &columns) {
  std::string line;
  for (auto it = columns.begin(); it != columns.end(); ++it)
    line += ',';
  return line;
}

// Builds a fresh vector on every iteration.
double averageRowMax(const std::vector<std::vector<double>> &grid) {
  double total = 0;
  for (const auto &cells : grid) {
    std::vector<double> row;
    for (double c : cells)
      row.push_back(c * 2);
    double best = 0;
    for (double x : row)
      best = x > best ? x : best;
    total += best;
  }
  return grid.empty() ? 0 : total / static_cast<double>(grid.size());
}

// Reserves the exact size on every iteration: each push reallocates.
std::vector<int> ids(int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) {
    out.reserve(out.size() + 1);
    out.push_back(i);
  }
  return out;
}

// At most three elements, never leaves the function: no heap needed.
int median3(int a, int b, int c) {
  std::vector<int> v;
  v.push_back(a);
  v.push_back(b);
  v.push_back(c);
  std::sort(v.begin(), v.end());
  return v[1];
}

// A small object on the heap that could live on the stack.
double scaled(const Order &o, double factor) {
  auto copy = std::make_unique<Order>(o);
  copy->price *= factor;
  return copy->price;
}

int main() {
  std::vector<Order> orders = {{1, 9.5}, {2, 3.25}};
  Ledger ledger;
  ledger.addDays(30, 8);
  std::printf("%zu %s\n", prices(orders).size(), csvHeader({{"a", 1}}).c_str());
  std::printf("%g %zu\n", averageRowMax({{1, 2}, {3}}), ids(5).size());
  std::printf("%d %g\n", median3(3, 1, 2), scaled(orders[0], 2));
}
