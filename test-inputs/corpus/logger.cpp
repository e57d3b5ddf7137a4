// A string formatter and logger: error reports built with `s += a + b`,
// padded columns, hex dumps, a logger that keeps and flushes its lines.
// RUN-ARGS: 0 | 1 | 8 | 500
// FLAGS: -std=c++17
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#define REPEAT_APPEND(s, x, n)                                                 \
  for (int k_ = 0; k_ < (n); ++k_)                                             \
  s = s + x

struct Error {
  int line_;
  std::string message_;
};

std::string FormatErrors(const std::vector<Error> &errors) {
  std::string formattedMessage = "errors:\n";
  for (const Error &error : errors)
    formattedMessage += "  " + error.message_ + "\n"; // EXPECT: heapwise-string-concat-in-loop
  return formattedMessage;
}

std::string NumberList(int n) {
  std::string line;
  for (int i = 0; i < n; ++i)
    line = line + std::to_string(i) + ","; // EXPECT: heapwise-string-concat-in-loop
  return line;
}

std::string Breadcrumbs(const std::vector<std::string> &parts) {
  std::string path;
  for (const std::string &p : parts)
    path = p + "/" + path; // EXPECT: heapwise-string-concat-in-loop
  return path;
}

std::string Pad(const std::string &s, size_t width) {
  std::string out = s;
  for (size_t i = s.size(); i < width; ++i)
    out += ' '; // EXPECT: heapwise-missing-reserve
  return out;
}

std::string Hex(const std::string &in) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : in) {
    out += kDigits[c >> 4]; // EXPECT: heapwise-missing-reserve
    out += kDigits[c & 15];
  }
  return out;
}

std::string Numbers(int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += std::to_string(i); // NOT: heapwise-string-concat-in-loop (one piece) NOT: heapwise-missing-reserve (pieces of unknown length)
  return out;
}

std::string Tails(const char *text, int n) {
  std::string out;
  for (int i = 0; i < n && text[i]; ++i)
    out += text + i; // NOT: heapwise-string-concat-in-loop (pointer arithmetic)
  return out;
}

std::string Stars(int n) {
  std::string out;
  REPEAT_APPEND(out, "*", n); // NOT: heapwise-string-concat-in-loop (in a macro)
  return out;
}

std::string Title(const std::string &level, const std::string &text) {
  std::string msg = "[" + level + "] " + text; // NOT: heapwise-string-concat-in-loop (no loop)
  return msg;
}

const char *LevelName(int level) { return level == 0 ? "INFO" : level == 1 ? "WARN" : "ERROR"; }

int Width(const std::vector<std::string> &fields) {
  int w = 0;
  for (const std::string &f : fields)
    w += static_cast<int>(f.size());
  return w;
}

class Logger {
public:
  void Log(int level, const std::string &msg) {
    std::string line = LevelName(level);
    line += ": ";
    line += msg;
    lines_.push_back(line); // EXPECT: heapwise-copy-on-last-use
  }

  int FieldWidth(int level, const std::string &msg, const std::string &tag) const {
    std::vector<std::string> fields; // EXPECT: heapwise-small-vector
    fields.push_back(LevelName(level));
    fields.push_back(msg);
    fields.push_back(tag);
    int w = 0;
    for (const std::string &f : fields)
      w += static_cast<int>(f.size());
    return w;
  }

  int FieldWidthOf(const std::string &msg) const {
    std::vector<std::string> fields; // NOT: heapwise-small-vector (passed as a std::vector)
    fields.push_back("DEBUG");
    fields.push_back(msg);
    return Width(fields);
  }

  void Flush() {
    for (const std::string &l : lines_)
      buffer_ += l + '\n'; // EXPECT: heapwise-string-concat-in-loop
    lines_.clear();
  }

  void Each(void (*fn)(const std::string &)) const {
    auto join = [&](const std::string &x) {
      std::string copy = buffer_;
      copy = copy + x; // NOT: heapwise-string-concat-in-loop (a lambda, not a loop)
      fn(copy);
    };
    join("!");
  }

  const std::string &buffer() const { return buffer_; }

private:
  std::vector<std::string> lines_;
  std::string buffer_;
};

static size_t g_seen = 0;
void Count(const std::string &s) { g_seen += s.size(); }

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<Error> errors;
  for (int i = 0; i < n % 9; ++i)
    errors.push_back({i, "bad token " + std::to_string(i)}); // EXPECT: heapwise-missing-reserve
  Logger logger;
  for (int i = 0; i < n; ++i) {
    logger.Log(i % 3, "event " + std::to_string(i));
    if (i % 50 == 49)
      logger.Flush();
  }
  logger.Flush();
  logger.Each(Count);
  std::vector<std::string> parts = {"usr", "local", "lib"};
  parts.resize(static_cast<size_t>(n % 4));
  std::printf("%s|%s|%s|%s|%s|%s|%s|%s\n", FormatErrors(errors).c_str(), NumberList(n % 20).c_str(),
              Breadcrumbs(parts).c_str(), Pad("ab", static_cast<size_t>(n % 12)).c_str(),
              Hex(n > 0 ? "az\x7f" : "").c_str(), Numbers(n % 15).c_str(),
              Tails("hello", n % 6).c_str(), Stars(n % 5).c_str());
  std::printf("%s %d %d buffer=%zu seen=%zu\n", Title("info", "x").c_str(),
              logger.FieldWidth(n % 3, "m", "t"), logger.FieldWidthOf("mm"),
              logger.buffer().size(), g_seen);
}
