// Front inserts where push_back + reverse would not be exact: warning only.
// RUN-ARGS: 0 | 1 | 6 | -2 | 20000
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0, weighted = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    sum += v[i];
    weighted += v[i] * static_cast<long>(i % 7);
  }
  std::printf("%s: %zu %ld %ld\n", name, v.size(), sum, weighted);
}

std::vector<int> readsInLoop(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    v.insert(v.begin(), i); // WARN-NOFIX: use std::deque
    if (v.front() % 5 == 0)
      v.insert(v.begin(), -1);
  }
  return v;
}

std::vector<int> notEmptyBefore(int n) {
  std::vector<int> v = {100, 200};
  for (int i = 0; i < n; ++i)
    v.insert(v.begin(), i); // WARN-NOFIX
  return v;
}

void intoParameter(std::vector<int> &v, int n) {
  for (int i = 0; i < n; ++i)
    v.insert(v.begin(), i); // WARN-NOFIX
}

std::vector<int> returnsEarly(int n, int stop) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    v.insert(v.begin(), i); // WARN-NOFIX
    if (i == stop)
      return v;
  }
  return v;
}

static int checked(int i) {
  if (i == 4)
    throw std::runtime_error("four");
  return i;
}

std::vector<int> handlerSeesIt(int n) {
  std::vector<int> v;
  try {
    for (int i = 0; i < n; ++i)
      v.insert(v.begin(), checked(i)); // WARN-NOFIX
  } catch (const std::exception &) {
    v.push_back(-7);
  }
  return v;
}

std::vector<int> severalAtOnce(int n) {
  std::vector<int> v;
  for (int i = 0; i < n % 100; ++i)
    v.insert(v.begin(), 2, i); // WARN-NOFIX
  return v;
}

std::string prependPieces(int n) {
  std::string s;
  for (int i = 0; i < n % 300; ++i)
    s.insert(0, std::to_string(i)); // WARN-NOFIX: append and reverse once after the loop
  return s;
}

static int moves = 0;
struct Noisy {
  int value;
  Noisy(int v) : value(v) {}
  Noisy(const Noisy &o) : value(o.value) { ++moves; }
  Noisy &operator=(const Noisy &o) {
    value = o.value;
    ++moves;
    return *this;
  }
};

std::size_t countsCopies(int n) {
  std::vector<Noisy> v;
  for (int i = 0; i < n % 200; ++i)
    v.insert(v.begin(), Noisy(i)); // WARN-NOFIX
  return v.size();
}

std::vector<int> resultUsed(int n) {
  std::vector<int> v;
  long firsts = 0;
  for (int i = 0; i < n; ++i)
    firsts += *v.insert(v.begin(), i); // WARN-NOFIX
  v.push_back(static_cast<int>(firsts % 1000));
  return v;
}

std::vector<int> loopNotInBlock(int n, bool on) {
  std::vector<int> v;
  if (on)
    for (int i = 0; i < n; ++i)
      v.insert(v.begin(), i); // WARN-NOFIX
  return v;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  print("readsInLoop", readsInLoop(n % 2000));
  print("notEmptyBefore", notEmptyBefore(n));
  std::vector<int> p = {5};
  intoParameter(p, n);
  print("intoParameter", p);
  print("returnsEarly", returnsEarly(n, 3));
  print("handlerSeesIt", handlerSeesIt(n));
  print("severalAtOnce", severalAtOnce(n));
  std::printf("prependPieces: %s\n", prependPieces(n).substr(0, 30).c_str());
  std::printf("countsCopies: %zu %d\n", countsCopies(n), moves);
  print("resultUsed", resultUsed(n));
  print("loopNotInBlock", loopNotInBlock(n, true));
}
