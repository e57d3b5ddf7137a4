// std::for_each, std::for_each_n and std::ranges::for_each whose lambda grows
// a container it reaches by reference once per call: loops in disguise, with
// the size of the range as trip count.
// ALLOCATIONS: fewer
// RUN-ARGS: 0 | 1 | 7 | -4 | 30000
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <set>
#include <string>
#include <vector>

#include "heapwise/reserve.h"

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

std::vector<int> doubled(const std::vector<int> &in) {
  std::vector<int> out;
  out.reserve(in.size());
  std::for_each(in.begin(), in.end(), [&out](int x) { out.push_back(x * 2); }); // WARN
  return out;
}

std::vector<int> signedPairs(const std::set<int> &in) {
  std::vector<int> out;
  out.reserve(in.size() * 2);
  std::for_each(in.cbegin(), in.cend(), [&](int x) {
    int y = x + 1;
    out.push_back(y); // WARN
    out.push_back(-y);
  });
  return out;
}

std::vector<int> decremented(const std::vector<int> &in) {
  std::vector<int> out;
  out.reserve(in.size());
  std::ranges::for_each(in, [&](int x) { out.emplace_back(x - 1); }); // WARN
  return out;
}

std::vector<int> iteratorPair(const std::list<int> &in) {
  std::vector<int> out;
  out.reserve(in.size());
  std::ranges::for_each(std::begin(in), std::end(in), [&](int x) { out.push_back(x % 5); }); // WARN
  return out;
}

std::string prefix(const std::string &word, int n) {
  std::string out;
  out.reserve(std::min(n, static_cast<int>(word.size())) > 0 ? static_cast<std::size_t>(std::min(n, static_cast<int>(word.size()))) : 0);
  std::for_each_n(word.begin(), std::min(n, static_cast<int>(word.size())), // WARN-NEXT
                  [&](char c) { out += c; });
  return out;
}

std::vector<int> afterHeader(const std::vector<int> &in) {
  std::vector<int> out;
  out.push_back(-1);
  out.reserve(out.size() + in.size());
  std::for_each(in.begin(), in.end(), [&](int x) { out.push_back(x); }); // WARN
  return out;
}

// A loop inside the lambda is the lambda's own: the for_each gets no reserve,
// and the capture, which keeps what earlier calls added, keeps geometric
// growth.
std::vector<int> nestedLoop(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](int x) {
    heapwise::reserve_more(out, (x % 4) > 0 ? static_cast<std::size_t>(x % 4) : 0);
    for (int i = 0; i < x % 4; ++i)
      out.push_back(i); // WARN
  });
  return out;
}

// Containers that arrive with elements keep geometric growth.
class Log {
public:
  void addAll(const std::vector<int> &xs) {
    heapwise::reserve_more(lines_, xs.size());
    std::for_each(xs.begin(), xs.end(), [this](int x) { lines_.push_back(x); }); // WARN
  }
  std::size_t size() const { return lines_.size(); }

private:
  std::vector<int> lines_;
};

void appendAll(std::vector<int> &out, const std::list<int> &in) {
  heapwise::reserve_more(out, in.size());
  std::for_each(in.begin(), in.end(), [&](int x) { out.push_back(x + 2); }); // WARN
}

void collect(const std::vector<int> &in, std::vector<int> *out) {
  heapwise::reserve_more(out, in.size());
  std::ranges::for_each(in, [out](int x) { out->push_back(x + 3); }); // WARN
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> in(n > 0 ? n : 0);
  std::list<int> list(in.size());
  std::set<int> set;
  std::string word(in.size(), 'w');
  for (std::size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<int>(i % 113);
    set.insert(static_cast<int>(i * 3));
  }
  print("doubled", doubled(in));
  print("signedPairs", signedPairs(set));
  print("decremented", decremented(in));
  print("iteratorPair", iteratorPair(list));
  std::printf("prefix: %zu\n", prefix(word, n > 0 ? n / 2 : 0).size());
  print("afterHeader", afterHeader(in));
  print("nestedLoop", nestedLoop(in));
  Log log;
  std::vector<int> three = {1, 2, 3};
  std::list<int> two = {4, 5};
  std::vector<int> appended, collected;
  for (int c = 0; c < n; ++c) {
    log.addAll(three);
    appendAll(appended, two);
    collect(three, &collected);
  }
  std::printf("log %zu appended %zu collected %zu\n", log.size(), appended.size(),
              collected.size());
}
