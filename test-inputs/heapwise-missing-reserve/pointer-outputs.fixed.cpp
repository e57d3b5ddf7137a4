// Output parameters passed as pointers (Google style, ninja's convention):
// the pointee may already hold elements, so the reserve keeps growth
// geometric, and the pointer is dereferenced only when something is added.
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 3 | -4 | 20000
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "heapwise/reserve.h"

struct Node {
  int id;
};

void CollectInputs(const std::vector<Node *> &nodes, std::vector<Node *> *out) {
  heapwise::reserve_more(out, nodes.size());
  for (Node *n : nodes)
    out->push_back(n); // WARN
}

void AppendIds(const std::vector<Node *> &nodes, std::vector<int> *ids) {
  heapwise::reserve_more(ids, nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i)
    (*ids).push_back(nodes[i]->id); // WARN
}

// May be called with a null pointer when there is nothing to add.
void AppendRepeated(std::string *out, int n) {
  heapwise::reserve_more(out, n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i)
    out->push_back('x'); // WARN
}

std::vector<int> ViaLocalPointer(int n) {
  std::vector<int> result;
  std::vector<int> *target = &result;
  heapwise::reserve_more(target, n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i)
    target->push_back(i); // WARN
  return result;
}

// Negatives: the pointer moves, is copied or tested in the loop, or points
// to const.
void Reseated(std::vector<int> *a, std::vector<int> *b, int n) {
  std::vector<int> *cur = a;
  for (int i = 0; i < n; ++i) {
    cur->push_back(i);
    cur = cur == a ? b : a;
  }
}

void Escapes(std::vector<int> *out, int n, std::vector<std::vector<int> *> *seen) {
  heapwise::reserve_more(seen, n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < n; ++i) {
    out->push_back(i);
    seen->push_back(out); // WARN
  }
}

void Conditional(std::vector<int> *out, int n) {
  for (int i = 0; i < n; ++i)
    if (out)
      out->push_back(i);
}

std::size_t ReadOnly(const std::vector<int> *in, int n) {
  std::size_t sum = 0;
  for (int i = 0; i < n; ++i)
    sum += in->size();
  return sum;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<Node> storage(n > 0 ? static_cast<std::size_t>(n) : 0);
  std::vector<Node *> nodes;
  nodes.reserve(storage.size());
  for (std::size_t i = 0; i < storage.size(); ++i) {
    storage[i].id = static_cast<int>(i);
    nodes.push_back(&storage[i]); // WARN
  }
  std::vector<Node *> inputs;
  CollectInputs(nodes, &inputs);
  CollectInputs(nodes, &inputs);
  std::vector<int> ids = {-1};
  AppendIds(nodes, &ids);
  std::string s;
  AppendRepeated(&s, n);
  AppendRepeated(nullptr, 0);
  AppendRepeated(nullptr, -2);
  std::vector<int> a, b;
  Reseated(&a, &b, n);
  std::vector<std::vector<int> *> seen;
  Escapes(&a, n, &seen);
  Conditional(nullptr, n);
  std::printf("%zu %zu %zu %zu %zu %zu %zu %zu\n", inputs.size(), ids.size(), s.size(),
              ViaLocalPointer(n).size(), a.size(), b.size(), seen.size(),
              ReadOnly(&a, 3));
}
