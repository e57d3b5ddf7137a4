// Shapes heapwise-string-concat-in-loop must not flag: no marker in this file.
// FLAGS: -isystem %S/system
// RUN-ARGS: 0 | 3 | -1 | 2000
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>
#include <sys_concat.h>

static void print(const char *name, const std::string &s) {
  std::printf("%s: %zu %s\n", name, s.size(), s.substr(0, 40).c_str());
}

std::string outsideLoop(const std::string &a) {
  std::string s = "x";
  s = s + a; // Runs once: one copy, not a quadratic chain.
  return s;
}

std::string freshEachIteration(int n) {
  std::string last;
  for (int i = 0; i < n; ++i) {
    std::string line = std::to_string(i);
    line = line + ";";
    last = line;
  }
  return last;
}

void eachElement(std::vector<std::string> &words) {
  for (std::string &w : words)
    w = w + "!";
}

std::string movedFrom(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s = std::move(s) + "m"; // Appends in place already.
  return s;
}

std::string otherString(int n) {
  std::string s, t = "t";
  for (int i = 0; i < n; ++i)
    s = t + "x";
  return s;
}

std::string alreadyAppends(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += "a";
  return s;
}

std::string inForInit(int n) {
  std::string s = "i";
  int k = 0;
  for (s = s + "once"; k < n; ++k)
    ;
  return s;
}

std::string substringFirst(int n) {
  std::string s = "abc";
  for (int i = 0; i < n && i < 100; ++i)
    s = s.substr(1) + "z";
  return s;
}

#define APPEND(x, y) x = x + y

std::string inMacro(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    APPEND(s, "m");
  return s;
}

struct Rope {
  std::string text;
  friend Rope operator+(const Rope &a, const char *b) { return {a.text + b}; }
};

std::size_t userType(int n) {
  Rope r;
  for (int i = 0; i < n; ++i)
    r = r + "r";
  return r.text.size();
}

long numbers(int n) {
  long x = 0;
  for (int i = 0; i < n; ++i)
    x = x + i;
  return x;
}

// Instantiated with int as well: `+=` would be fine there, but the statement
// is reported only when every instantiation agrees.
template <typename T> T accumulate(T start, T piece, int n) {
  for (int i = 0; i < n; ++i)
    start = start + piece;
  return start;
}

std::string inLambda(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    auto add = [&s] { s = s + "l"; }; // The lambda's body is not in a loop.
    add();
  }
  return s;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  print("outsideLoop", outsideLoop("a"));
  print("freshEachIteration", freshEachIteration(n));
  std::vector<std::string> words(n > 0 ? n % 10 : 0, "w");
  eachElement(words);
  print("eachElement", words.empty() ? "" : words[0]);
  print("movedFrom", movedFrom(n));
  print("otherString", otherString(n));
  print("alreadyAppends", alreadyAppends(n));
  print("inForInit", inForInit(n));
  print("substringFirst", substringFirst(n));
  print("inMacro", inMacro(n));
  std::printf("userType: %zu\n", userType(n));
  std::printf("numbers: %ld\n", numbers(n));
  print("accumulate", accumulate<std::string>("", "p", n));
  std::printf("accumulate<int>: %d\n", accumulate(0, 2, n));
  print("inLambda", inLambda(n));
  print("system", sysRepeat(n));
}
