// An INI-style config loader: sections of key = value read line by line from
// an istream, includes and search paths kept in members, keys listed back.
// RUN-ARGS: 0 | 1 | 5 | 200
// FLAGS: -std=c++17
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

std::string Trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos)
    return std::string();
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1); // NOT: heapwise-copy-on-last-use (a temporary)
}

std::vector<std::string> Split(const std::string &s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur); // EXPECT: heapwise-copy-on-last-use
      cur.clear();
    } else {
      cur += c; // NOT: heapwise-missing-reserve (conditional)
    }
  }
  parts.push_back(cur); // EXPECT: heapwise-copy-on-last-use
  return parts;
}

// Parses one "key = value" line.
struct LineParser {
  explicit LineParser(const std::string &line) : line_(line) {}
  bool ok() const { return line_.find('=') != std::string::npos; }
  std::string key() const { return Trim(line_.substr(0, line_.find('='))); }
  std::string value() const { return Trim(line_.substr(line_.find('=') + 1)); }
  std::string line_;
};

class Config {
public:
  void Load(std::istream &in) {
    std::string current = "global";
    while (true) {
      std::string line; // EXPECT: heapwise-container-in-loop
      if (!std::getline(in, line))
        break;
      if (line.empty() || line[0] == '#')
        continue;
      if (line[0] == '[') {
        std::string name = Trim(line.substr(1, line.find(']') - 1));
        current = name; // EXPECT: heapwise-copy-on-last-use
        continue;
      }
      auto parser = std::make_unique<LineParser>(line); // EXPECT: heapwise-small-heap-object NOT: heapwise-copy-on-last-use (LineParser takes const&)
      if (!parser->ok())
        continue;
      std::string key = parser->key();
      std::string value = parser->value();
      sections_[current][key] = value; // EXPECT: heapwise-copy-on-last-use
    }
  }

  std::vector<std::string> Keys(const std::string &section) const {
    auto it = sections_.find(section);
    if (it == sections_.end())
      return {};
    std::vector<std::string> keys;
    for (const auto &kv : it->second)
      keys.push_back(kv.first); // EXPECT: heapwise-missing-reserve
    return keys;
  }

  void AddIncludes(const std::vector<std::string> &files) {
    for (const std::string &f : files)
      includes_.push_back(f); // EXPECT: heapwise-missing-reserve
  }

  void PrependSearchPaths(const std::vector<std::string> &dirs) {
    for (const std::string &d : dirs)
      search_path_.insert(search_path_.begin(), d); // EXPECT: heapwise-front-insert-in-loop
  }

  void RememberAll(const std::vector<std::string> &dirs) {
    for (const std::string &d : dirs)
      history_.push_front(d); // NOT: heapwise-front-insert-in-loop (a deque)
  }

  void InsertAfterFirst(const std::vector<std::string> &dirs) {
    if (search_path_.empty())
      return;
    for (const std::string &d : dirs)
      search_path_.insert(search_path_.begin() + 1, d); // NOT: heapwise-front-insert-in-loop (not the front)
  }

  // One "key=value" line per entry of a section, for writing back.
  void Render(const std::string &section) {
    auto it = sections_.find(section);
    if (it == sections_.end())
      return;
    for (const auto &kv : it->second) {
      lines_.reserve(lines_.size() + 1); // EXPECT: heapwise-reserve-in-loop
      lines_.push_back(kv.first + "=" + kv.second);
    }
  }

  // ${name} references expanded from the global section.
  std::string Expand(const std::string &v) const {
    std::string out;
    size_t i = 0;
    while (i < v.size()) {
      if (v.compare(i, 2, "${") == 0) {
        size_t close = v.find('}', i);
        if (close == std::string::npos)
          break;
        out += Get("global", v.substr(i + 2, close - i - 2));
        i = close + 1;
      } else {
        out += v[i++]; // NOT: heapwise-missing-reserve (conditional, unknown count)
      }
    }
    return out;
  }

  std::string Get(const std::string &section, const std::string &key) const {
    auto s = sections_.find(section);
    if (s == sections_.end())
      return std::string();
    auto k = s->second.find(key);
    return k == s->second.end() ? std::string() : k->second;
  }

  size_t includes() const { return includes_.size(); }
  const std::vector<std::string> &search_path() const { return search_path_; }
  const std::vector<std::string> &lines() const { return lines_; }
  size_t history() const { return history_.size(); }

private:
  std::map<std::string, std::map<std::string, std::string>> sections_;
  std::vector<std::string> includes_;
  std::vector<std::string> search_path_;
  std::vector<std::string> lines_;
  std::deque<std::string> history_;
};

std::unique_ptr<Config> LoadConfig(const std::string &text) {
  auto config = std::make_unique<Config>(); // NOT: heapwise-small-heap-object (returned)
  std::istringstream in(text);
  config->Load(in);
  return config;
}

std::string MakeText(int n) {
  std::string text = "# generated\nname = demo\nroot = /srv\n";
  for (int i = 0; i < n; ++i) {
    if (i % 3 == 0)
      text += "[section" + std::to_string(i) + "]\n"; // EXPECT: heapwise-string-concat-in-loop
    text += "key" + std::to_string(i) + " = ${root}/v" + std::to_string(i % 10) + "\n"; // EXPECT: heapwise-string-concat-in-loop
  }
  return text;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::unique_ptr<Config> config = LoadConfig(MakeText(n));
  std::vector<std::string> files = Split("a.ini,b.ini,,c.ini", ',');
  for (int round = 0; round < n % 7; ++round)
    config->AddIncludes(files);
  config->PrependSearchPaths(Split(n > 2 ? "/etc:/usr/etc:~/.config" : "", ':'));
  config->InsertAfterFirst(files);
  config->RememberAll(files);
  config->Render("global");
  config->Render("section0");
  std::string expanded;
  for (const std::string &k : config->Keys("section0"))
    expanded += config->Expand(config->Get("section0", k)) + ";"; // EXPECT: heapwise-string-concat-in-loop
  std::string path;
  for (const std::string &d : config->search_path()) {
    path += d; // NOT: heapwise-missing-reserve (pieces of unknown length)
    path += ':';
  }
  std::printf("keys=%zu includes=%zu lines=%zu history=%zu name=%s\npath=%s\nexpanded=%s\n",
              config->Keys("global").size(), config->includes(), config->lines().size(),
              config->history(), config->Get("global", "name").c_str(), path.c_str(),
              expanded.c_str());
}
