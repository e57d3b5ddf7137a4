// Copies that must stay copies: the object is observed afterwards, or a move
// would gain nothing.
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 2 | 9 | -1
#include <array>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#define PUSH(v, x) (v).push_back(x)

std::string global = "a global string that is long enough";

std::size_t usedAfterwards(std::vector<std::string> &out, int n) {
  std::string name = "name-" + std::to_string(n);
  out.push_back(name);
  return name.size(); // Read after the copy.
}

std::size_t usedOnOnePath(std::vector<std::string> &out, int n) {
  std::string name = "name-" + std::to_string(n);
  out.push_back(name);
  if (n > 3)
    return name.size();
  return 0;
}

void nextIteration(std::vector<std::string> &out, int n) {
  std::string prefix = "prefix-" + std::to_string(n);
  for (int i = 0; i < n; ++i)
    out.push_back(prefix); // Copied again on the next iteration.
}

void nextIterationWhile(std::vector<std::string> &out, int n) {
  std::string line = "line";
  while (n-- > 0) {
    out.push_back(line);
    if (n % 2)
      line += "x"; // Only sometimes rebuilt: live on the back edge.
  }
}

void referenceLocal(std::vector<std::string> &out, std::string &source) {
  std::string &alias = source;
  out.push_back(alias);
  out.push_back(source);
}

void constLocal(std::vector<std::string> &out, int n) {
  const std::string name = "const-" + std::to_string(n);
  out.push_back(name); // std::move would copy anyway.
}

void staticLocal(std::vector<std::string> &out) {
  static std::string cache = "cached value that is long enough";
  out.push_back(cache);
}

void globalCopied(std::vector<std::string> &out) { out.push_back(global); }

std::size_t pointerKept(std::vector<std::string> &out, int n) {
  std::string name = "pointed-" + std::to_string(n);
  const std::string *p = &name;
  out.push_back(name);
  return p->size();
}

std::size_t referenceKept(std::vector<std::vector<int>> &out, int n) {
  std::vector<int> values(static_cast<std::size_t>(n > 0 ? n : 1), 7);
  const int &first = values.front();
  out.push_back(values);
  return static_cast<std::size_t>(first);
}

std::size_t iteratorKept(std::vector<std::vector<int>> &out, int n) {
  std::vector<int> values(static_cast<std::size_t>(n > 0 ? n : 1), 3);
  auto it = values.begin();
  out.push_back(values);
  return static_cast<std::size_t>(*it);
}

std::size_t viewKept(std::vector<std::string> &out, int n) {
  std::string text = "viewed text that is long enough " + std::to_string(n);
  std::string_view view = text;
  out.push_back(text);
  return view.size();
}

std::size_t pointerStored(std::vector<std::string> &out, std::vector<const std::string *> &seen) {
  std::string name = "stored pointer target string";
  seen.push_back(&name);
  out.push_back(name);
  return seen.size();
}

std::size_t capturedByReference(std::vector<std::string> &out, int n) {
  std::string name = "captured-" + std::to_string(n);
  auto size = [&name] { return name.size(); };
  out.push_back(name);
  return size();
}

std::size_t capturedByDefaultReference(std::vector<std::string> &out, int n) {
  std::string name = "captured-" + std::to_string(n);
  auto size = [&] { return name.size(); };
  out.push_back(name);
  return size();
}

void inMacro(std::vector<std::string> &out, int n) {
  std::string name = "macro-" + std::to_string(n);
  PUSH(out, name);
}

// Only a const& overload: a move would change nothing.
std::size_t measure(const std::string &s) { return s.size(); }
std::size_t noRvalueOverload(int n) {
  std::string name = "measured-" + std::to_string(n);
  std::string all;
  all.append(name);
  return measure(all);
}

struct Point {
  int x, y;
};
std::vector<Point> triviallyCopyable(int n) {
  std::vector<Point> points;
  Point p{n, n + 1};
  points.push_back(p);
  std::array<int, 4> quad{n, n, n, n};
  std::vector<std::array<int, 4>> quads;
  quads.push_back(quad);
  return points;
}

std::string wholeLocalReturned(int n) {
  std::string result = "returned-" + std::to_string(n);
  return result; // Already an implicit move.
}

std::optional<std::string> wholeLocalIntoOptional(int n) {
  std::string result = "optional-" + std::to_string(n);
  return result; // An implicit move too (CWG1579).
}

std::pair<std::string, std::size_t> sameFullExpression(int n) {
  std::string name = "pair-" + std::to_string(n);
  return std::make_pair(name, name.size()); // Unsequenced: size() may run after the move.
}

std::string readInHandler(std::vector<std::string> &out, int n) {
  std::string name = "handled-" + std::to_string(n);
  try {
    out.push_back(name);
    if (n > 100)
      throw std::runtime_error("too many");
  } catch (const std::exception &) {
    return name;
  }
  return "";
}

struct Logged {
  ~Logged() { std::printf("%zu\n", text.size() > 1000 ? text.size() : 0); }
  std::string text;
};
std::string userDestructor(int n) {
  Logged entry{"logged-" + std::to_string(n)};
  return entry.text; // ~Logged reads text after the return.
}

// A copy constructor and no move constructor: std::move would copy.
struct CopyOnly {
  CopyOnly() = default;
  CopyOnly(const CopyOnly &other) : items(other.items) {}
  CopyOnly &operator=(const CopyOnly &) = default;
  std::vector<int> items;
};
std::vector<CopyOnly> copyOnly(int n) {
  std::vector<CopyOnly> all;
  CopyOnly c;
  c.items.push_back(n);
  all.push_back(c);
  return all;
}

std::size_t otherMemberLater(int n) {
  std::pair<std::string, std::string> kv{"key-" + std::to_string(n), "value"};
  std::vector<std::string> keys;
  keys.push_back(kv.first);
  return keys.size() + kv.second.size();
}

void appendedAfterCopy(std::vector<std::string> &out, int n) {
  std::string token = "token";
  for (int i = 0; i < n; ++i) {
    out.push_back(token);
    token += "+"; // Not a reinitialisation: reads the old value.
  }
}

// A map's value_type copies its const key even when moved. (Inserted into
// a map, it is the pair-insert finding: see pair-insert.cpp.)
std::vector<std::pair<const std::string, int>> mapValueType(int n) {
  std::vector<std::pair<const std::string, int>> entries;
  std::pair<const std::string, int> entry{"key-" + std::to_string(n), n};
  entries.push_back(entry);
  return entries;
}

std::size_t parameterReference(std::vector<std::string> &out, const std::string &name) {
  out.push_back(name);
  return out.size();
}

std::size_t boundBinding(std::vector<std::string> &out, std::pair<std::string, int> &entry) {
  auto &[key, count] = entry;
  out.push_back(key);
  return static_cast<std::size_t>(count);
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<std::string> out;
  std::vector<std::vector<int>> vectors;
  std::vector<const std::string *> seen;
  std::size_t total = usedAfterwards(out, n) + usedOnOnePath(out, n);
  nextIteration(out, n);
  nextIterationWhile(out, n);
  std::string source = "source string that is long enough";
  referenceLocal(out, source);
  constLocal(out, n);
  staticLocal(out);
  globalCopied(out);
  total += pointerKept(out, n) + referenceKept(vectors, n) + iteratorKept(vectors, n) +
           viewKept(out, n) + pointerStored(out, seen) + capturedByReference(out, n) +
           capturedByDefaultReference(out, n);
  inMacro(out, n);
  total += noRvalueOverload(n) + triviallyCopyable(n).size() + wholeLocalReturned(n).size() +
           wholeLocalIntoOptional(n)->size() + sameFullExpression(n).second;
  total += readInHandler(out, n).size() + userDestructor(n).size() + copyOnly(n).size() +
           otherMemberLater(n);
  appendedAfterCopy(out, n);
  total += mapValueType(n).size() + parameterReference(out, source);
  std::pair<std::string, int> entry{"entry key that is long enough", n};
  total += boundBinding(out, entry);
  for (const std::string &s : out)
    total += s.size();
  std::printf("%zu %zu %zu\n", total, out.size(), vectors.size());
}
