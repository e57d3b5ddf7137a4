// Pairs built only to be inserted into a map, in the shapes of build graphs,
// config loaders and indexers: the map copies the pair's key (and, from an
// lvalue, its value) again.
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 1 | 7 | -3 | 3000
// ALLOCATIONS: fewer
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

struct Node {
  std::string path;
  std::vector<std::string> deps;
};

// A local pair inserted by copy: its key and its node are copied again.
void addNode(std::map<std::string, Node> &graph, const std::string &name, const Node &node) {
  graph.try_emplace(name, node); // WARN: 'entry' is built only to be inserted into 'graph'
}

// A value_type moved in: its const key is copied anyway.
bool loadSetting(std::map<std::string, std::string> &settings, int i) {
  std::string key = "section.key.number." + std::to_string(i % 5) + ".long-enough";
  std::string value = "value-" + std::to_string(i) + "-long-enough-to-allocate";
  return settings.try_emplace(std::move(key), std::move(value)).second; // WARN: try_emplace
}

// A braced temporary value_type.
void indexWords(std::unordered_map<std::string, int> &index, int n) {
  for (int i = 0; i < n; ++i) {
    std::string word = "identifier_number_" + std::to_string(i % 50) + "_long_enough";
    index.try_emplace(std::move(word), i); // WARN
  }
}

// With a hint, into a multimap: emplace_hint.
void addEdges(std::multimap<std::string, std::string> &edges, const std::string &from, int n) {
  auto hint = edges.end();
  for (int i = 0; i < n; ++i) {
    std::string to = "target/" + std::to_string(i) + "/output-file.o";
    hint = edges.emplace_hint(hint, from, std::move(to)); // WARN: emplace_hint
  }
}

// make_pair into a local, inserted by copy; the hint is end().
void addRule(std::map<std::string, std::string> &rules, int i) {
  std::string name = "rule_" + std::to_string(i) + "_with_a_long_enough_name";
  rules.try_emplace(rules.end(), std::move(name), std::string("command --flag-") + std::to_string(i)); // WARN
}

// Not adjacent to its insert: a warning without a fix (the arguments would
// be evaluated after the statement in between).
void addLater(std::map<std::string, int> &counts, std::string &name) {
  std::pair<std::string, int> entry(name, 1);
  name += "-renamed-so-that-it-allocates";
  counts.insert(entry); // WARN-NOFIX
}

// The key converts explicitly (string_view to string): try_emplace would not
// compile with it.
void addView(std::map<std::string, int> &counts, std::string_view name) {
  std::pair<std::string, int> entry(name, 2);
  counts.insert(entry); // WARN-NOFIX
}

// Two arguments with side effects: their order is unspecified in a call.
int counter = 0;
std::string nextName() { return "generated-name-number-" + std::to_string(++counter); }
int nextId() { return ++counter; }
void addGenerated(std::map<std::string, int> &ids) {
  ids.insert({nextName(), nextId()}); // WARN-NOFIX
}

// The map is chosen by an expression: it would be evaluated before the
// pair's arguments.
void addToBucket(std::vector<std::map<std::string, int>> &buckets, int i) {
  std::pair<std::string, int> entry("bucket-entry-name-long-enough", i);
  buckets[static_cast<std::size_t>(i) % buckets.size()].insert(entry); // WARN-NOFIX
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::map<std::string, Node> graph;
  std::map<std::string, std::string> settings, rules;
  std::unordered_map<std::string, int> index;
  std::multimap<std::string, std::string> edges;
  std::map<std::string, int> counts, ids;
  std::vector<std::map<std::string, int>> buckets(3);
  int inserted = 0;
  for (int i = 0; i < n; ++i) {
    Node node{"obj/module_" + std::to_string(i % 10) + ".o", {"src/module.cc", "src/module.h"}};
    addNode(graph, "module_number_" + std::to_string(i % 10) + "_long_enough", node);
    inserted += loadSetting(settings, i);
    addRule(rules, i % 20);
    std::string name = "name-" + std::to_string(i % 4);
    addLater(counts, name);
    addView(counts, name);
    addToBucket(buckets, i);
    if (i < 5)
      addGenerated(ids);
  }
  indexWords(index, n);
  addEdges(edges, "from/a/source/file/long-enough.cc", n > 100 ? 100 : n);
  std::size_t total = 0;
  for (const auto &[name, node] : graph)
    total += name.size() + node.path.size() + node.deps.size();
  for (const auto &[key, value] : settings)
    total += key.size() + value.size();
  for (const auto &[key, value] : rules)
    total += key.size() + value.size();
  for (const auto &[word, i] : index)
    total += word.size() + static_cast<std::size_t>(i);
  for (const auto &[from, to] : edges)
    total += from.size() + to.size();
  for (const auto &[name, count] : counts)
    total += name.size() + static_cast<std::size_t>(count);
  for (const auto &[name, id] : ids)
    total += name.size() + static_cast<std::size_t>(id);
  for (const auto &bucket : buckets)
    total += bucket.size();
  std::printf("%d %zu %zu %zu\n", inserted, graph.size(), index.size(), total);
}
