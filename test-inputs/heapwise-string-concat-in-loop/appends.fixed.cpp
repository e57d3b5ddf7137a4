// `s = s + ...` in a loop, rewritten as in-place appends.
// RUN-ARGS: 0 | 1 | 7 | -4 | 20000
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

static void print(const char *name, const std::string &s) {
  unsigned long sum = 0;
  for (unsigned char c : s)
    sum = sum * 31 + c;
  std::printf("%s: %zu %lu\n", name, s.size(), sum);
}

std::string literals(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += "ab"; // WARN: 's = s + ...' copies the whole string
  return s;
}

std::string severalPieces(const std::vector<std::string> &words) {
  std::string out = "[";
  for (const std::string &w : words) {
    out += w; out += ", "; // WARN
  }
  return out;
}

std::string charsAndNumbers(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    char c = static_cast<char>('a' + i % 26);
    s += std::to_string(i); s += c; s += '-'; s += std::to_string(i * 2 + 1); // WARN
  }
  return s;
}

std::string firstOperandMentionsS(int n) {
  std::string s = "x";
  for (int i = 0; i < n && s.size() < 64; ++i)
    s.append(s.substr(0, 1)).append("y"); // WARN
  return s;
}

std::string selfAppend(int n) {
  std::string s = "ab";
  for (int i = 0; i < n && i < 10; ++i)
    s += s; // WARN
  return s;
}

// A loop body without braces: one expression, not two statements.
std::string bracelessBody(int n) {
  std::string s;
  std::string sep = ";";
  for (int i = 0; i < n; ++i)
    s.append("k").append(sep).append(1, static_cast<char>('0' + i % 10)); // WARN
  return s;
}

std::string inCondition(int n) {
  std::string s;
  int count = 0;
  while ((s += "xyz").size() < static_cast<std::size_t>(n > 0 ? n : 0)) // WARN
    ++count;
  return s + std::to_string(count);
}

std::string inIncrement(int n) {
  std::string s;
  for (int i = 0; i < n; ++i, s += ".") // WARN
    ;
  return s;
}

static std::size_t consume(const std::string &s) { return s.size(); }

std::size_t asArgument(int n) {
  std::string s;
  std::size_t total = 0;
  for (int i = 0; i < n; ++i)
    total += consume(s += "q"); // WARN
  return total;
}

void intoReference(std::string &s, int n) {
  for (int i = 0; i < n; ++i)
    s += "r"; // WARN
}

struct Builder {
  std::string text;
  std::string unit = "u";
  void build(int n) {
    for (int i = 0; i < n; ++i)
      text.append(unit).append(1, '.'); // WARN
  }
};

std::string nestedLoops(int n) {
  std::string all;
  for (int i = 0; i < n % 50; ++i) {
    std::string row;
    for (int j = 0; j < i; ++j)
      row += "c"; // WARN
    all += row; all += "\n"; // WARN
  }
  return all;
}

std::string doWhile(int n) {
  std::string s;
  int i = 0;
  do {
    s += "d"; // WARN
  } while (++i < n);
  return s;
}

std::wstring wide(int n) {
  std::wstring s;
  for (int i = 0; i < n; ++i)
    s += L"w"; // WARN
  return s;
}

using Text = std::string;

Text alias(int n) {
  Text t;
  for (int i = 0; i < n; ++i)
    t += "t"; // WARN
  return t;
}

template <typename S> S generic(int n) {
  S s;
  for (int i = 0; i < n; ++i)
    s += "g"; // WARN
  return s;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  print("literals", literals(n));
  std::vector<std::string> words;
  for (int i = 0; i < n % 100; ++i)
    words.push_back(std::to_string(i * 7));
  print("severalPieces", severalPieces(words));
  print("charsAndNumbers", charsAndNumbers(n));
  print("firstOperandMentionsS", firstOperandMentionsS(n));
  print("selfAppend", selfAppend(n));
  print("bracelessBody", bracelessBody(n));
  print("inCondition", inCondition(n));
  print("inIncrement", inIncrement(n));
  std::printf("asArgument: %zu\n", asArgument(n % 1000));
  std::string r = "start";
  intoReference(r, n);
  print("intoReference", r);
  Builder b;
  b.build(n);
  print("member", b.text);
  print("nestedLoops", nestedLoops(n));
  print("doWhile", doWhile(n));
  std::printf("wide: %zu\n", wide(n).size());
  print("alias", alias(n));
  print("generic", generic<std::string>(n));
}
