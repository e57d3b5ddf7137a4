// A type that holds itself (a JSON value): the analysis of its copies ends.
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 3 | 200
// ALLOCATIONS: fewer
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

struct Value {
  std::string text;
  std::vector<Value> items;
  std::map<std::string, Value> members;
};

static size_t count(const Value &v) {
  size_t n = 1;
  for (const Value &i : v.items)
    n += count(i);
  for (const auto &[k, m] : v.members)
    n += k.size() + count(m);
  return n;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  Value root;
  for (int i = 0; i < n; ++i) {
    std::string key = "member-number-" + std::to_string(i) + "-with-a-long-name";
    Value child;
    child.text = std::string(40, 'v');
    child.items.push_back(Value{std::string(30, 'i'), {}, {}});
    root.members.try_emplace(std::move(key), std::move(child)); // WARN: build the element in place with try_emplace
  }
  std::printf("%zu\n", count(root));
}
