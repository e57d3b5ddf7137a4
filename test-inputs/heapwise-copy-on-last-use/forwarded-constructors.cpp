// make_unique, make_shared, emplace_back and emplace_front build a user class
// from their arguments: moving an argument helps only when some constructor
// of that class can take it as an rvalue.
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 2 | 9
// ALLOCATIONS: fewer
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

// Takes its text only as const&: a moved argument is copied all the same.
struct LineParser {
  explicit LineParser(const std::string &line) : line_(line) {}
  std::string line_;
};

// Takes its text by value: a moved argument is moved into it.
struct Token {
  explicit Token(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// Overloaded for rvalues.
struct Entry {
  explicit Entry(const std::string &key) : key_(key) {}
  explicit Entry(std::string &&key) : key_(std::move(key)) {}
  std::string key_;
};

// Builds its member from another class, taken by const&: the argument
// converts to a temporary of that class, which a move can build cheaply.
struct Path {
  Path(std::string text) : text_(std::move(text)) {}
  std::string text_;
};
struct Target {
  explicit Target(const Path &path) : path_(path) {}
  Path path_;
};

std::string text(int i) { return "a line long enough to allocate, number " + std::to_string(i); }

std::size_t constRefOnly(int n) {
  std::size_t total = 0;
  std::vector<LineParser> parsers;
  std::deque<LineParser> recent;
  for (int i = 0; i < n; ++i) {
    std::string line = text(i);
    auto parser = std::make_unique<LineParser>(line);
    std::string shared = text(i + 1);
    auto copy = std::make_shared<LineParser>(shared);
    std::string kept = text(i + 2);
    parsers.emplace_back(kept);
    std::string front = text(i + 3);
    recent.emplace_front(front);
    total += parser->line_.size() + copy->line_.size();
  }
  return total + parsers.size() + recent.size();
}

std::size_t movable(int n) {
  std::size_t total = 0;
  std::vector<Token> tokens;
  std::deque<Entry> entries;
  for (int i = 0; i < n; ++i) {
    std::string word = text(i);
    auto token = std::make_unique<Token>(word); // WARN: 'word'
    std::string key = text(i + 1);
    entries.emplace_front(key); // WARN: 'key'
    std::string spelled = text(i + 2);
    tokens.emplace_back(spelled); // WARN: 'spelled'
    std::string where = text(i + 3);
    auto target = std::make_shared<Target>(where); // WARN: 'where'
    total += token->text_.size() + target->path_.text_.size();
  }
  return total + tokens.size() + entries.size();
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%zu %zu\n", constRefOnly(n), movable(n));
}
