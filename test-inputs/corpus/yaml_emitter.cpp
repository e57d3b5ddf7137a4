// A YAML-like scanner and emitter shaped like yaml-cpp: tokens with params
// pushed into a queue, a node tree with parent links, an emitter writing
// through a reference member, aliases of strings that must be left alone.
// RUN-ARGS: 0 | 1 | 5 | 120
// FLAGS: -std=c++17
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#define APPEND_ALL(dst, src)                                                   \
  for (const auto &item_ : src)                                                \
  dst.push_back(item_)

struct Token {
  int type = 0;
  std::string value;
  std::vector<std::string> params;
};

class Scanner {
public:
  explicit Scanner(const std::string &input) : input_(input) {}

  void ScanDirective() {
    Token token;
    token.type = 1;
    std::string name;
    while (pos_ < input_.size() && input_[pos_] != ' ' && input_[pos_] != '\n')
      name += input_[pos_++];
    token.value = name; // EXPECT: heapwise-copy-on-last-use
    while (pos_ < input_.size() && input_[pos_] == ' ') {
      ++pos_;
      std::string param; // MAYBE: heapwise-container-in-loop (hoisting or moving it out save the same)
      while (pos_ < input_.size() && input_[pos_] != ' ' && input_[pos_] != '\n')
        param += input_[pos_++];
      token.params.push_back(param); // EXPECT: heapwise-copy-on-last-use
    }
    tokens_.push(token); // EXPECT: heapwise-copy-on-last-use
  }

  void ScanAll() {
    while (pos_ < input_.size()) {
      if (input_[pos_] == '%')
        ++pos_;
      ScanDirective();
      ++pos_;
    }
  }

  std::queue<Token> &tokens() { return tokens_; }

private:
  std::string input_;
  size_t pos_ = 0;
  std::queue<Token> tokens_;
};

struct Node {
  std::string name;
  Node *parent = nullptr;
  std::map<std::string, std::string> values;
};

std::string PathOf(const Node *node) {
  std::vector<std::string> parts;
  while (node) {
    parts.insert(parts.begin(), node->name); // EXPECT: heapwise-front-insert-in-loop
    node = node->parent;
  }
  std::string path;
  for (const std::string &p : parts) {
    path += '/'; // NOT: heapwise-missing-reserve (pieces of unknown length)
    path += p;
  }
  return path;
}

class Emitter {
public:
  explicit Emitter(std::string &out) : out_(out) {}

  void EmitMap(const std::map<std::string, std::string> &values, size_t indent) {
    for (const auto &kv : values)
      out_ += std::string(indent, ' ') + kv.first + ": " + kv.second + "\n"; // EXPECT: heapwise-string-concat-in-loop
  }

  void EmitSequence(const std::vector<std::string> &items) {
    for (const std::string &item : items)
      lines_.push_back(item); // EXPECT: heapwise-missing-reserve
  }

  void Flush() {
    for (const std::string &line : lines_) {
      out_ += "- "; // NOT: heapwise-missing-reserve (pieces of unknown length)
      out_ += line;
      out_ += '\n';
    }
    lines_.clear();
  }

private:
  std::string &out_;
  std::vector<std::string> lines_;
};

size_t Aliased(std::vector<std::string> *seen, std::string s) {
  std::string &alias = s;
  seen->push_back(s); // NOT: heapwise-copy-on-last-use (a reference to it is read after)
  return alias.size();
}

std::vector<std::string> Collect(const std::vector<std::string> &items) {
  std::vector<std::string> out;
  APPEND_ALL(out, items); // NOT: heapwise-missing-reserve (in a macro)
  return out;
}

std::string Quoted(const std::vector<std::string> &items) {
  std::string out;
  for (const std::string &item : items) {
    std::string quoted = "'" + item + "'"; // MAYBE: heapwise-string-concat-in-loop (a temporary built only to be appended)
    out += quoted; // NOT: heapwise-copy-on-last-use (append has no rvalue overload)
  }
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::string input;
  for (int i = 0; i < n; ++i)
    input += "%TAG a" + std::to_string(i) + " b\n"; // EXPECT: heapwise-string-concat-in-loop
  Scanner scanner(input);
  scanner.ScanAll();
  size_t params = 0;
  std::vector<std::string> names;
  while (!scanner.tokens().empty()) {
    params += scanner.tokens().front().params.size();
    names.push_back(scanner.tokens().front().value); // MAYBE: heapwise-missing-reserve (the queue's size is the count)
    scanner.tokens().pop();
  }
  std::vector<std::unique_ptr<Node>> nodes;
  for (int i = 0; i < n % 6; ++i) {
    auto node = std::make_unique<Node>(); // NOT: heapwise-small-heap-object (moved into the vector)
    node->name = "n" + std::to_string(i);
    node->parent = nodes.empty() ? nullptr : nodes.back().get();
    node->values["k" + std::to_string(i)] = "v";
    nodes.push_back(std::move(node)); // EXPECT: heapwise-missing-reserve
  }
  std::string out;
  Emitter emitter(out);
  for (const auto &node : nodes)
    emitter.EmitMap(node->values, 2);
  emitter.EmitSequence(names);
  emitter.EmitSequence(names);
  emitter.Flush();
  std::vector<std::string> seen;
  size_t aliased = Aliased(&seen, "abc");
  std::printf("params=%zu names=%zu path=%s aliased=%zu collected=%zu quoted=%s\n%s", params,
              names.size(), nodes.empty() ? "" : PathOf(nodes.back().get()).c_str(), aliased,
              Collect(names).size(), Quoted(names).c_str(), out.c_str());
}
