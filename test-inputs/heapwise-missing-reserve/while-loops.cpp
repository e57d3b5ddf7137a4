// while and do-while loops with a simple counter.
// RUN-ARGS: 0 | 1 | 9 | -3 | 50000
#include <cstdio>
#include <cstdlib>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

std::vector<int> whileCounter(int n) {
  std::vector<int> v;
  int i = 0;
  while (i < n) {
    v.push_back(i * 3); // WARN
    ++i;
  }
  return v;
}

std::vector<int> whileCounterUsedBefore(int n, int start) {
  std::vector<int> v;
  int i = start;
  i += 2;
  while (i < n) {
    i += 2;
    v.push_back(i); // WARN
  }
  return v;
}

std::vector<int> doWhile(int n) {
  std::vector<int> v;
  int i = 0;
  do {
    v.push_back(i); // WARN
    i++;
  } while (i < n);
  return v;
}

std::vector<int> postDecrement(int n) {
  std::vector<int> v;
  while (n-- > 0)
    v.push_back(n); // WARN
  return v;
}

std::vector<int> postDecrementUnsigned(unsigned n) {
  std::vector<int> v;
  while (n--)
    v.push_back(static_cast<int>(n % 7)); // WARN
  return v;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  print("whileCounter", whileCounter(n));
  print("whileCounterUsedBefore", whileCounterUsedBefore(n, -5));
  print("doWhile", doWhile(n));
  print("postDecrement", postDecrement(n));
  print("postDecrementUnsigned", postDecrementUnsigned(n > 0 ? n : 0));
}
