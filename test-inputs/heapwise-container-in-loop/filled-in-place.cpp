// Strings declared in a loop body and filled by a standard function that
// keeps no reference to them: std::getline, >>, assign. Hoisted and
// cleared, they reuse their buffer.
// RUN-ARGS: 0 | 1 | 7 | 3000
// ALLOCATIONS: fewer
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

std::string makeInput(int n) {
  std::string text;
  for (int i = 0; i < n; ++i)
    text += "key_number_" + std::to_string(i) + " = value for the key, long enough\n";
  return text;
}

// Lines of a config file, as ninja reads /proc/self/mountinfo.
std::size_t countKeys(std::istream &in) {
  std::size_t keys = 0;
  while (!in.eof()) {
    std::string line; // WARN: declare it before the loop
    std::getline(in, line);
    if (line.empty() || line[0] == '#')
      continue;
    keys += line.find('=') != std::string::npos;
  }
  return keys;
}

// Words read with >>.
std::size_t longestWord(std::istream &in) {
  std::size_t longest = 0;
  for (;;) {
    std::string word; // WARN
    if (!(in >> word))
      break;
    if (word.size() > longest)
      longest = word.size();
  }
  return longest;
}

// A copy of a part, made with assign.
std::size_t keyLengths(const std::vector<std::string> &lines) {
  std::size_t total = 0;
  for (const std::string &line : lines) {
    std::string key; // WARN
    key.assign(line, 0, line.find('='));
    total += key.size();
  }
  return total;
}

// Must stay: moved out, kept by address, captured.
std::vector<std::string> readAll(std::istream &in) {
  std::vector<std::string> lines;
  std::vector<const std::string *> seen;
  for (int i = 0; i < 3 && in; ++i) {
    std::string moved;
    std::getline(in, moved);
    lines.push_back(std::move(moved));
    std::string kept;
    std::getline(in, kept);
    seen.push_back(&kept);
    std::string captured;
    in >> captured;
    auto size = [&captured] { return captured.size(); };
    lines.push_back(std::to_string(size()) + std::to_string(seen.size()));
    seen.clear();
  }
  return lines;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::string text = makeInput(n);
  std::istringstream lines(text), words(text), rest(text);
  std::vector<std::string> all;
  std::istringstream copy(text);
  for (std::string line; std::getline(copy, line);)
    all.push_back(line);
  std::size_t keys = countKeys(lines);
  std::size_t longest = longestWord(words);
  std::printf("%zu %zu %zu %zu\n", keys, longest, keyLengths(all), readAll(rest).size());
}
