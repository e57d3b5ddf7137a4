// Text utilities: iterator while loops, std::transform and std::for_each with
// lambdas, a tokenizer over istringstream, per-iteration helper objects.
// RUN-ARGS: 0 | 1 | 9 | 600
// FLAGS: -std=c++17
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

std::string Upper(const std::string &s) {
  std::string out;
  auto it = s.begin();
  while (it != s.end()) {
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(*it))); // EXPECT: heapwise-missing-reserve
    ++it;
  }
  return out;
}

std::string SkipSpaces(const std::string &s) {
  std::string out;
  auto it = s.begin();
  while (it != s.end()) {
    if (*it == ' ') {
      ++it;
      continue;
    }
    out.push_back(*it); // NOT: heapwise-missing-reserve (skips some characters)
    ++it;
  }
  return out;
}

std::vector<int> Lengths(const std::vector<std::string> &words) {
  std::vector<int> out;
  std::transform(words.begin(), words.end(), std::back_inserter(out), // EXPECT: heapwise-missing-reserve
                 [](const std::string &w) { return static_cast<int>(w.size()); });
  return out;
}

std::string Initials(const std::vector<std::string> &words) {
  std::string initials;
  std::for_each(words.begin(), words.end(), [&](const std::string &w) {
    initials.push_back(w.empty() ? '?' : w[0]); // EXPECT: heapwise-missing-reserve
  });
  return initials;
}

std::vector<std::string> NonEmpty(const std::vector<std::string> &words) {
  std::vector<std::string> out;
  std::for_each(words.begin(), words.end(), [&](const std::string &w) {
    if (!w.empty())
      out.push_back(w); // NOT: heapwise-missing-reserve (conditional)
  });
  return out;
}

std::vector<std::string> Tokenize(const std::string &text) {
  std::istringstream in(text);
  std::string word;
  std::vector<std::string> out;
  while (in >> word)
    out.push_back(word); // NOT: heapwise-copy-on-last-use (read again by the next >>) NOT: heapwise-missing-reserve (unknown count)
  return out;
}

size_t Distinct(const std::vector<std::string> &words) {
  std::unordered_set<std::string> seen;
  for (const std::string &w : words)
    seen.insert(w); // EXPECT: heapwise-missing-reserve
  return seen.size();
}

struct Stats {
  int count = 0;
  int longest = 0;
};

int LongestPerLine(const std::vector<std::string> &lines) {
  int total = 0;
  for (const std::string &line : lines) {
    auto stats = std::make_unique<Stats>(); // EXPECT: heapwise-small-heap-object
    for (const std::string &w : Tokenize(line)) {
      stats->count++;
      stats->longest = std::max(stats->longest, static_cast<int>(w.size()));
    }
    total += stats->longest;
  }
  return total;
}

std::vector<std::shared_ptr<Stats>> g_registry;

int Register(int count) {
  std::shared_ptr<Stats> shared = std::make_shared<Stats>(); // NOT: heapwise-small-heap-object (stored)
  shared->count = count;
  g_registry.push_back(shared);
  return static_cast<int>(g_registry.size());
}

std::string Digits(unsigned n) {
  std::string s;
  do {
    s.insert(s.begin(), static_cast<char>('0' + n % 10)); // EXPECT: heapwise-front-insert-in-loop
    n /= 10;
  } while (n != 0);
  return s;
}

std::string Accumulate(const std::vector<std::string> &words) {
  std::string acc;
  std::vector<std::string> history; // EXPECT: heapwise-small-vector
  auto add = [&acc](const std::string &w) { acc += w; };
  for (const std::string &w : words)
    add(w);
  history.push_back(acc); // NOT: heapwise-copy-on-last-use (captured by reference)
  return history.back() + std::to_string(history.size());
}

std::vector<std::string> Wrap(const std::vector<std::string> &words, size_t width) {
  std::vector<std::string> lines;
  std::string current;
  for (const std::string &w : words) {
    if (!current.empty() && current.size() + 1 + w.size() > width) {
      lines.push_back(current); // EXPECT: heapwise-copy-on-last-use
      current.clear();
    }
    if (!current.empty())
      current += ' ';
    current += w;
  }
  if (!current.empty())
    lines.push_back(current); // EXPECT: heapwise-copy-on-last-use
  return lines;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += "w" + std::to_string(i % 13); // EXPECT: heapwise-string-concat-in-loop
    text += (i % 7 == 6) ? '\n' : ' '; // NOT: heapwise-missing-reserve (the loop also appends pieces of unknown length)
  }
  std::vector<std::string> words = Tokenize(text);
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    lines.push_back(line); // NOT: heapwise-copy-on-last-use (read again by getline)
  std::vector<int> lengths = Lengths(words);
  int sum = 0;
  for (int l : lengths)
    sum += l;
  std::vector<std::string> wrapped = Wrap(words, 20);
  std::printf("%s|%s|%d|%s|%zu|%zu|%d|%d|%s|%s|%zu\n", Upper(text.substr(0, 20)).c_str(),
              SkipSpaces(text.substr(0, 12)).c_str(), sum, Initials(words).c_str(),
              NonEmpty(words).size(), Distinct(words), LongestPerLine(lines), Register(n),
              Digits(static_cast<unsigned>(n)).c_str(), Accumulate(words).c_str(), wrapped.size());
}
