// std::for_each, std::for_each_n and std::ranges::for_each with a generic
// lambda: what runs is the call operator's instance for the range's elements,
// analysed as a non-generic lambda is.
// ALLOCATIONS: fewer
// RUN-ARGS: 0 | 1 | 7 | -4 | 30000
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <set>
#include <string>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

std::vector<int> doubled(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&out](const auto &x) { out.push_back(x * 2); }); // WARN
  return out;
}

std::vector<int> copied(const std::set<int> &in) {
  std::vector<int> out;
  std::for_each(in.cbegin(), in.cend(), [&](auto x) { out.push_back(x); }); // WARN
  return out;
}

std::vector<int> signedPairs(const std::vector<int> &in) {
  std::vector<int> out;
  std::ranges::for_each(in, [&](const auto &x) {
    auto y = x + 1;
    out.push_back(y); // WARN
    out.emplace_back(-y);
  });
  return out;
}

// std::ranges::for_each's concepts also instantiate the call operator for
// int& here; only the instance for const int& runs.
std::vector<int> forwarded(const std::list<int> &in) {
  std::vector<int> out;
  std::ranges::for_each(std::begin(in), std::end(in), [&](auto &&x) { out.push_back(x % 5); }); // WARN
  return out;
}

std::vector<int> explicitTemplate(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&]<typename T>(const T &x) { out.push_back(x + 1); }); // WARN
  return out;
}

std::string prefix(const std::string &word, int n) {
  std::string out;
  std::for_each_n(word.begin(), std::min(n, static_cast<int>(word.size())), // WARN-NEXT
                  [&](auto c) { out += c; });
  return out;
}

// Containers that arrive with elements keep geometric growth.
class Log {
public:
  void addAll(const std::vector<int> &xs) {
    std::for_each(xs.begin(), xs.end(), [this](const auto &x) { lines_.push_back(x); }); // WARN
  }
  std::size_t size() const { return lines_.size(); }

private:
  std::vector<int> lines_;
};

void appendAll(std::vector<int> &out, const std::list<int> &in) {
  std::for_each(in.begin(), in.end(), [&](const auto &x) { out.push_back(x + 2); }); // WARN
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
  print("copied", copied(set));
  print("signedPairs", signedPairs(in));
  print("forwarded", forwarded(list));
  print("explicitTemplate", explicitTemplate(in));
  std::printf("prefix: %zu\n", prefix(word, n > 0 ? n / 2 : 0).size());
  Log log;
  std::vector<int> three = {1, 2, 3};
  std::list<int> two = {4, 5};
  std::vector<int> appended;
  for (int c = 0; c < n; ++c) {
    log.addAll(three);
    appendAll(appended, two);
  }
  std::printf("log %zu appended %zu\n", log.size(), appended.size());
}
