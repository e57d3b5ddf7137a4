// Locals copied at their last use, in the shapes of parsers, build graphs
// and config loaders.
// FLAGS: -std=c++17
// RUN-ARGS: 0 | 1 | 7 | -3 | 3000
// ALLOCATIONS: fewer
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// A token list like ninja's EvalString: copying it copies every token.
struct EvalString {
  void Clear() { parsed_.clear(); }
  bool empty() const { return parsed_.empty(); }
  void AddText(const std::string &text) { parsed_.push_back(text); }
  std::size_t size() const { return parsed_.size(); }
  std::vector<std::string> parsed_;
};

struct Lexer {
  int remaining;
  bool ReadPath(EvalString *out) {
    if (remaining-- <= 0)
      return true; // An empty path ends the list.
    out->AddText("path/to/some/generated/file_" + std::to_string(remaining) + ".o");
    return remaining % 5 != 0;
  }
};

std::size_t parseEdge(Lexer &lexer, std::vector<EvalString> &outs) {
  EvalString out;
  if (!lexer.ReadPath(&out))
    return 0;
  while (!out.empty()) {
    outs.push_back(std::move(out)); // WARN: 'out' is copied at its last use
    out.Clear();
    if (!lexer.ReadPath(&out))
      break;
  }
  for (;;) {
    EvalString in;
    if (!lexer.ReadPath(&in))
      break;
    if (in.empty())
      break;
    outs.push_back(std::move(in)); // WARN
  }
  return outs.size();
}

// A build graph node whose constructor takes its name by value.
struct Node {
  Node(std::string path, std::vector<std::string> deps)
      : path_(std::move(path)), // WARN: 'path' is copied
        deps_(std::move(deps)) {} // WARN: 'deps' is copied
  std::string path_;
  std::vector<std::string> deps_;
};

std::size_t buildGraph(int n) {
  std::vector<Node> nodes;
  for (int i = 0; i < n; ++i) {
    std::string path = "obj/module_number_" + std::to_string(i) + ".o";
    std::vector<std::string> deps;
    deps.push_back("src/module_number_" + std::to_string(i) + ".cc");
    nodes.emplace_back(std::move(path),  // WARN: 'path'
                       std::move(deps)); // WARN: 'deps'
  }
  std::size_t total = 0;
  for (const Node &node : nodes)
    total += node.path_.size() + node.deps_.size();
  return total;
}

struct Response {
  int status = 0;
  std::string body;
};

Response fetch(int n) {
  Response r;
  r.status = n < 0 ? 404 : 200;
  r.body = std::string(static_cast<std::size_t>(n < 0 ? 0 : n % 100), 'b') + "-payload-long-enough";
  return r;
}

std::string bodyOf(int n) {
  Response response = fetch(n);
  if (response.status != 200)
    return "error: status " + std::to_string(response.status);
  return std::move(response.body); // WARN: 'response.body'
}

std::string chooseSection(int n) {
  std::string primary = "primary-section-name-that-is-long";
  std::string fallback = "fallback-section-name-that-is-long";
  primary += std::to_string(n);
  return n % 2 == 0 ? std::move(primary)   // WARN: 'primary'
                    : std::move(fallback); // WARN: 'fallback'
}

std::pair<std::string, std::string> splitOnce(const std::string &line) {
  std::size_t eq = line.find('=');
  if (eq == std::string::npos)
    return {line, ""};
  return {line.substr(0, eq), line.substr(eq + 1)};
}

std::string keyOf(const std::string &line) {
  auto [key, value] = splitOnce(line);
  if (value.empty())
    return "(none)";
  return std::move(key); // WARN: 'key'
}

void setName(std::string &target, int n) {
  std::string name = "configuration-name-" + std::to_string(n) + "-with-some-length";
  target = std::move(name); // WARN
}

std::optional<std::string> findSetting(int n) {
  std::string setting = "setting-value-that-is-quite-long-" + std::to_string(n);
  if (n < 0)
    return std::nullopt;
  return std::make_optional(std::move(setting)); // WARN
}

std::map<std::string, std::vector<std::string>> loadConfig(int n) {
  std::map<std::string, std::vector<std::string>> config;
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> values;
    values.push_back("value-number-" + std::to_string(i) + "-long-enough-to-allocate");
    std::string section = "section-" + std::to_string(i % 7) + "-long-enough-to-allocate";
    config[std::move(section)] = // WARN: 'section'
        std::move(values);       // WARN: 'values'
  }
  return config;
}

void record(std::vector<std::string> &log, std::string entry) {
  log.push_back(std::move(entry)); // WARN: 'entry'
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  Lexer lexer{n};
  std::vector<EvalString> outs;
  std::size_t edges = parseEdge(lexer, outs);
  std::size_t tokens = 0;
  for (const EvalString &e : outs)
    tokens += e.size();
  std::printf("%zu %zu %zu\n", edges, tokens, buildGraph(n));
  std::printf("%s %s\n", bodyOf(n).c_str(), chooseSection(n).c_str());
  std::printf("%s %s\n", keyOf("name=" + std::to_string(n)).c_str(), keyOf("bare").c_str());
  std::string target;
  setName(target, n);
  std::optional<std::string> setting = findSetting(n);
  std::printf("%s %s\n", target.c_str(), setting ? setting->c_str() : "-");
  std::size_t entries = 0;
  for (const auto &[section, values] : loadConfig(n))
    entries += section.size() + values.size();
  std::vector<std::string> log;
  for (int i = 0; i < n; ++i)
    record(log, "log entry number " + std::to_string(i) + " with padding");
  std::printf("%zu %zu\n", entries, log.size());
}
