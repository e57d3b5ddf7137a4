// A lambda's `[x]` capture at the last use of x copies it. `throw x;` does
// not: clang 19 moves a thrown parameter and a catch parameter too, in every
// language version (the AST shows the move constructor), so only the copies
// the AST shows are flagged.
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 1 | 7 | 3000
// ALLOCATIONS: fewer
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <utility>
#include <vector>

struct ParseError {
  std::string message;
  int line;
};

void parseLine(int i) {
  if (i % 3 == 0)
    throw ParseError{"unexpected token in the middle of line " + std::to_string(i), 0};
}

[[noreturn]] void rethrowAt(ParseError error, int line) {
  error.line = line;
  throw error; // Moved by clang already.
}

int parseAll(int n) {
  int failures = 0;
  for (int i = 0; i < n; ++i) {
    try {
      try {
        parseLine(i);
      } catch (ParseError e) {
        e.message += " (while parsing the manifest)";
        if (i % 2 == 0)
          rethrowAt(e, i); // WARN
        throw e; // Moved by clang already.
      }
    } catch (const ParseError &e) {
      failures += e.line + static_cast<int>(e.message.size() % 7);
    }
  }
  return failures;
}

// Not flagged: a local thrown is moved already; one declared outside the try
// is seen by the handler.
int localsThrown(int n) {
  int seen = 0;
  for (int i = 0; i < n; ++i) {
    try {
      ParseError local{"a local error message, long enough to allocate", i};
      if (i % 4 == 0)
        throw local;
    } catch (const ParseError &e) {
      seen += e.line;
    }
    ParseError outside{"an error declared outside the try, long enough", i};
    try {
      if (i % 5 == 0)
        throw outside;
    } catch (const ParseError &) {
      seen += static_cast<int>(outside.message.size());
    }
  }
  return seen;
}

std::vector<std::function<std::size_t()>> scheduleAll(int n) {
  std::vector<std::function<std::size_t()>> tasks;
  for (int i = 0; i < n; ++i) {
    std::string path = "build/output/generated_file_" + std::to_string(i) + ".o";
    std::string rule = "compile-rule-" + std::to_string(i % 3) + "-long-enough";
    tasks.push_back([path, &tasks] { return path.size() + tasks.size(); }); // WARN: 'path'
    std::string kept = "kept-after-the-lambda-" + std::to_string(i) + "-long-enough";
    // Not flagged: used after the lambda; captured implicitly; const.
    tasks.push_back([kept] { return kept.size(); });
    tasks.push_back([=] { return rule.size() + kept.size(); });
    const std::string fixed = "a-const-string-that-is-long-enough";
    tasks.push_back([fixed] { return fixed.size(); });
  }
  return tasks;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::size_t total = 0;
  for (const auto &task : scheduleAll(n))
    total += task();
  std::printf("%d %d %zu\n", parseAll(n), localsThrown(n), total);
}
