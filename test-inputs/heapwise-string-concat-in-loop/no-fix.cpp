// Findings whose rewrite would not give the same string: no fix-it.
// RUN-ARGS: 0 | 1 | 5 | -2 | 5000
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

static void print(const char *name, const std::string &s) {
  unsigned long sum = 0;
  for (unsigned char c : s)
    sum = sum * 31 + c;
  std::printf("%s: %zu %lu\n", name, s.size(), sum);
}

std::string prepend(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s = std::to_string(i % 10) + s; // WARN-NOFIX: collect the pieces
  return s;
}

std::string inTheMiddle(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s = "<" + s + ">"; // WARN-NOFIX
  return s;
}

// After `s += "+"`, a second `s` would read the longer string.
std::string mentionedAgain(int n) {
  std::string s = "a";
  for (int i = 0; i < n && i < 8; ++i)
    s = s + "+" + s; // WARN-NOFIX: append in place
  return s;
}

static int calls = 0;
static std::string describe(int i) {
  if (i == 3)
    throw std::runtime_error("three");
  ++calls;
  return std::to_string(i);
}

// If describe throws, the original leaves `s` unchanged; `s += ","; s +=
// describe(i)` would leave the comma.
std::string callAfterFirst(int n, std::string &s) {
  for (int i = 0; i < n; ++i)
    s = s + "," + describe(i); // WARN-NOFIX
  return s;
}

// `tail` points into `s`: after a first `+=` it may dangle.
std::string pointerIntoS(int n) {
  std::string s = "abcdef";
  for (int i = 0; i < n && s.size() < 4000; ++i) {
    const char *tail = s.c_str() + s.size() / 2;
    s = s + "-" + tail; // WARN-NOFIX
  }
  return s;
}

// `t` may be `s` itself.
void maybeAliased(std::string &s, const std::string &t, int n) {
  for (int i = 0; i < n && i < 10; ++i)
    s = s + "x" + t; // WARN-NOFIX
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  print("prepend", prepend(n));
  print("inTheMiddle", inTheMiddle(n));
  print("mentionedAgain", mentionedAgain(n));
  std::string partial = "p";
  try {
    callAfterFirst(n, partial);
  } catch (const std::exception &e) {
    std::printf("caught %s\n", e.what());
  }
  print("callAfterFirst", partial);
  std::printf("calls %d\n", calls);
  print("pointerIntoS", pointerIntoS(n));
  std::string self = "ab";
  maybeAliased(self, self, n);
  print("maybeAliased", self);
}
