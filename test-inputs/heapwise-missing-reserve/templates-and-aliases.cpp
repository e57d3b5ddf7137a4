// Aliases and typedefs of the standard containers; templates are reported once
// (and only when every instantiation can reserve); vector-like user classes
// are recognised by their shape.
// RUN-ARGS: 0 | 8 | 12345
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

using IntList = std::vector<int>;
typedef std::vector<double> Samples;

template <class T> class SimpleVec {
public:
  void reserve(std::size_t n) { data.reserve(n); }
  void push_back(const T &x) { data.push_back(x); }
  std::size_t size() const { return data.size(); }

private:
  std::vector<T> data;
};

IntList viaAlias(int n) {
  IntList out;
  for (int i = 0; i < n; ++i)
    out.push_back(i); // WARN
  return out;
}

Samples viaTypedef(int n) {
  Samples out;
  for (int i = 0; i < n; ++i)
    out.push_back(i * 0.5); // WARN
  return out;
}

template <class T> std::vector<T> repeated(const T &value, int n) {
  std::vector<T> out;
  for (int i = 0; i < n; ++i)
    out.push_back(value); // WARN
  return out;
}

// Instantiated with std::deque too, which has no reserve(): not reported.
template <class Seq> void fill(Seq &seq, int n) {
  for (int i = 0; i < n; ++i)
    seq.push_back(i);
}

SimpleVec<int> userClass(int n) {
  SimpleVec<int> out;
  for (int i = 0; i < n; ++i)
    out.push_back(i); // WARN
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("alias %zu\n", viaAlias(n).size());
  std::printf("typedef %zu\n", viaTypedef(n).size());
  std::printf("ints %zu\n", repeated(3, n).size());
  std::printf("strings %zu\n", repeated(std::string("ab"), n).size());
  std::vector<int> v;
  std::deque<int> d;
  fill(v, n);
  fill(d, n);
  std::printf("fill %zu %zu\n", v.size(), d.size());
  std::printf("user %zu\n", userClass(n).size());
}
