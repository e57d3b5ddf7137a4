// `s += a + b + ...` in a loop builds a temporary string on every iteration:
// appending each piece in turn makes none.
// FLAGS: -std=c++17
// ALLOCATIONS: fewer
// RUN-ARGS: 0 | 1 | 9 | 5000
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

struct Error {
  std::string message_;
  int line;
};

static void print(const char *name, const std::string &s) {
  unsigned long sum = 0;
  for (unsigned char c : s)
    sum = sum * 31 + c;
  std::printf("%s: %zu %lu\n", name, s.size(), sum);
}

std::string numbered(int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out.append("a long item prefix: ").append(std::to_string(i)).append(1, '\n'); // WARN: builds a temporary string
  return out;
}

std::string withLocalParts(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    Error e{std::string(static_cast<std::size_t>(i % 7 + 20), 'm'), i};
    out += "  "; out += e.message_; out += "\n"; // WARN
  }
  return out;
}

// The pieces come through references that might be `out` itself: warned,
// but appending in turn could read `out` half-built, so no fix.
std::string formatted(const std::vector<Error> &errors) {
  std::string formattedMessage;
  for (const Error &error : errors)
    formattedMessage += "  " + error.message_ + "\n"; // WARN-NOFIX
  return formattedMessage;
}

// Not flagged: no temporary string (pointer arithmetic, one piece, a number).
std::string negatives(int n, const char *text) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += text + (i % 2);
    out += std::to_string(i);
    out += 'x';
  }
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<Error> errors;
  for (int i = 0; i < n; ++i)
    errors.push_back({"error " + std::to_string(i), i});
  print("numbered", numbered(n));
  print("withLocalParts", withLocalParts(n));
  print("formatted", formatted(errors));
  print("negatives", negatives(n, "ab"));
}
