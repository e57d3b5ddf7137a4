// A build graph shaped like ninja's: Node/Edge/State, pointer outputs, an
// EvalString parsed token by token, a printer that takes its text by value.
// RUN-ARGS: 0 | 1 | 7 | 300
// FLAGS: -std=c++17
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

struct Edge;

struct Node {
  Node(std::string path) : path_(path) {} // EXPECT: heapwise-copy-on-last-use
  void AddOutEdge(Edge *e) { out_edges_.push_back(e); } // NOT: heapwise-missing-reserve (no loop)
  std::string path_;
  Edge *in_edge_ = nullptr;
  std::vector<Edge *> out_edges_;
};

struct Edge {
  std::vector<Node *> inputs_;
  std::vector<Node *> outputs_;
  std::string rule_;

  void CollectInputs(std::vector<Node *> *out) const {
    for (Node *n : inputs_)
      out->push_back(n); // EXPECT: heapwise-missing-reserve
  }

  std::vector<Node *> Outputs() const {
    std::vector<Node *> result;
    for (size_t i = 0; i < outputs_.size(); ++i)
      result.push_back(outputs_[i]); // EXPECT: heapwise-missing-reserve
    return result;
  }

  std::string EvaluateCommand() const {
    std::string command = rule_;
    for (Node *n : inputs_)
      command += " " + n->path_; // EXPECT: heapwise-string-concat-in-loop
    return command;
  }
};

// A token list as ninja's EvalString keeps it.
struct EvalString {
  void AddText(const std::string &text) { parsed_.push_back(std::make_pair(text, 0)); }
  void Clear() { parsed_.clear(); }
  bool empty() const { return parsed_.empty(); }
  std::string Serialize() const {
    std::string result;
    for (const auto &piece : parsed_)
      result += piece.first;
    return result;
  }
  std::vector<std::pair<std::string, int>> parsed_;
};

struct State {
  std::map<std::string, Node *> paths_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<std::unique_ptr<Edge>> edges_;

  Node *GetNode(const std::string &path) {
    auto it = paths_.find(path);
    if (it != paths_.end())
      return it->second;
    nodes_.push_back(std::make_unique<Node>(path));
    paths_[path] = nodes_.back().get();
    return nodes_.back().get();
  }

  Edge *AddEdge(const std::string &rule) {
    edges_.push_back(std::make_unique<Edge>());
    edges_.back()->rule_ = rule;
    return edges_.back().get();
  }

  std::vector<Node *> RootNodes() const {
    std::vector<Node *> roots;
    for (const auto &e : edges_)
      for (Node *out : e->outputs_)
        if (out->out_edges_.empty())
          roots.push_back(out); // NOT: heapwise-missing-reserve (conditional push)
    return roots;
  }

  // Every node reachable from `start`, depth first: the work list has no known size.
  std::vector<Node *> Reachable(Node *start) const {
    std::vector<Node *> order;
    std::vector<Node *> stack;
    stack.push_back(start);
    while (!stack.empty()) {
      Node *n = stack.back();
      stack.pop_back();
      order.push_back(n); // NOT: heapwise-missing-reserve (work list)
      if (n->in_edge_)
        for (Node *in : n->in_edge_->inputs_)
          stack.push_back(in);
    }
    return order;
  }
};

struct Printer {
  void Print(std::string to_print) {
    total_ += to_print.size();
    last_ = to_print; // EXPECT: heapwise-copy-on-last-use
  }
  size_t total_ = 0;
  std::string last_;
};

// A plan object used only inside the function that makes it.
struct Plan {
  int wanted = 0;
  int ready = 0;
};

int CountWanted(const State &state) {
  auto plan = std::make_unique<Plan>(); // EXPECT: heapwise-small-heap-object
  for (const auto &e : state.edges_) {
    plan->wanted += static_cast<int>(e->outputs_.size());
    plan->ready += e->inputs_.empty() ? 1 : 0;
  }
  return plan->wanted * 1000 + plan->ready;
}

struct DiskInterface {
  virtual ~DiskInterface() = default;
  virtual int Stat(const std::string &path) const = 0;
};
struct FakeDisk : DiskInterface {
  int Stat(const std::string &path) const override { return static_cast<int>(path.size()); }
};

int StatAll(const State &state) {
  std::unique_ptr<DiskInterface> disk(new FakeDisk); // NOT: heapwise-small-heap-object (polymorphic)
  int sum = 0;
  for (const auto &n : state.nodes_)
    sum += disk->Stat(n->path_);
  return sum;
}

// Parses "a b c | d" into EvalStrings the way ninja's manifest parser does.
std::vector<EvalString> ParsePaths(const std::string &line) {
  std::vector<EvalString> outs;
  EvalString out;
  size_t i = 0;
  while (i < line.size()) {
    size_t j = line.find(' ', i);
    if (j == std::string::npos)
      j = line.size();
    if (j > i)
      out.AddText(line.substr(i, j - i));
    if (!out.empty()) {
      outs.push_back(out); // EXPECT: heapwise-copy-on-last-use
      out.Clear();
    }
    i = j + 1;
  }
  return outs;
}

std::vector<const char *> CommandLine(int argc, const char *const *argv) {
  std::vector<const char *> args;
  for (int i = 0; i < argc; ++i)
    args.push_back(argv[i]); // EXPECT: heapwise-missing-reserve
  args.push_back(nullptr);
  return args;
}

size_t CountDeps(const State &state) {
  size_t total = 0;
  for (size_t i = 0; i < state.edges_.size(); ++i) {
    std::vector<Node *> deps; // EXPECT: heapwise-container-in-loop
    state.edges_[i]->CollectInputs(&deps);
    total += deps.size();
  }
  return total;
}

void Link(State &state, Edge *e, const std::string &path) {
  Node *in = state.GetNode(path);
  e->inputs_.push_back(in);
  in->AddOutEdge(e);
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  State state;
  Printer printer;
  std::vector<std::string> log;
  for (int i = 0; i < n; ++i) {
    Edge *e = state.AddEdge("cc");
    Node *out = state.GetNode("obj/file" + std::to_string(i) + ".o");
    e->outputs_.push_back(out);
    out->in_edge_ = e;
    Link(state, e, "src/file" + std::to_string(i) + ".c");
    if (i % 2 == 1)
      Link(state, e, "src/file" + std::to_string(i - 1) + ".c");
    std::string desc = e->EvaluateCommand();
    log.push_back(desc); // EXPECT: heapwise-missing-reserve NOT: heapwise-copy-on-last-use (used after)
    printer.Print(desc); // EXPECT: heapwise-copy-on-last-use
  }
  std::vector<Node *> roots = state.RootNodes();
  size_t reach = roots.empty() ? 0 : state.Reachable(roots.back()).size();
  std::vector<EvalString> paths = ParsePaths(n > 0 ? "a bb  ccc | d" : "");
  std::string joined;
  for (const EvalString &p : paths)
    joined += p.Serialize();
  const char *args[] = {"ninja", "-n", "all"};
  std::vector<const char *> cmd = CommandLine(n % 4, args);
  size_t outputs = 0;
  for (const auto &e : state.edges_)
    outputs += e->Outputs().size();
  std::printf("nodes=%zu roots=%zu reach=%zu deps=%zu outs=%zu plan=%d stat=%d printed=%zu last=%s\n",
              state.nodes_.size(), roots.size(), reach, CountDeps(state), outputs,
              CountWanted(state), StatAll(state), printer.total_, printer.last_.c_str());
  std::printf("paths=%s cmd=%zu log=%zu\n", joined.c_str(), cmd.size(), log.size());
}
