// Pairs inserted into maps where building the element in place would save
// nothing or change behaviour: no finding.
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 3 | 500
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#define INSERT_PAIR(m, k, v)                                                   \
  do {                                                                         \
    std::pair<std::string, int> entry_(k, v);                                  \
    m.insert(entry_);                                                          \
  } while (0)

int copies = 0;
// Copying it runs user code: building fewer copies would be seen.
struct Counted {
  Counted(int v) : value(v) {}
  Counted(const Counted &other) : value(other.value) { ++copies; }
  int value;
};

std::size_t negatives(int n) {
  std::map<std::string, int> counts;
  std::unordered_map<std::string, int> seen;
  std::map<int, long> numbers;
  std::map<std::string, Counted> counted;
  std::multimap<const char *, std::string> byName;
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) {
    std::string name = "some-name-long-enough-to-allocate-" + std::to_string(i % 7);
    // Used again after the insert.
    std::pair<std::string, int> entry(name, i);
    counts.insert(entry);
    total += entry.first.size();
    // Changed before the insert.
    std::pair<std::string, int> changed(name, i);
    changed.second += 1;
    counts.insert(changed);
    // A non-const pair moved in: its key moves too, nothing is copied.
    std::pair<std::string, int> moved(name, i);
    counts.insert(std::move(moved));
    // A make_pair temporary: moved into the node.
    seen.insert(std::make_pair(name, i));
    // Nothing allocates.
    numbers.insert({i, 2L * i});
    // Copies that run user code.
    counted.insert({name, Counted(i)});
    // The pair's key type is not the map's.
    std::pair<const char *, int> literal("literal-key-long-enough-to-allocate", i);
    counts.insert(literal);
    // A pointer key, a moved string value.
    byName.insert(std::make_pair("key", name));
    // In a macro.
    INSERT_PAIR(counts, name, i);
    // operator[] assigns (and overwrites): another operation.
    counts[name] = i;
    // Captured by reference.
    std::pair<std::string, int> captured(name, i);
    auto insertIt = [&] { counts.insert(captured); };
    insertIt();
    total += name.size();
  }
  return total + counts.size() + seen.size() + numbers.size() + counted.size() +
         byName.size() + static_cast<std::size_t>(copies);
}

int main(int argc, char **argv) {
  std::printf("%zu\n", negatives(argc > 1 ? std::atoi(argv[1]) : 0));
}
