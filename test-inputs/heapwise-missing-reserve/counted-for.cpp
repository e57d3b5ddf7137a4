// Counted for-loops: every comparison, direction, stride and start.
// RUN-ARGS: 0 | 1 | 7 | -5 | 100000
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <vector>

static void print(const char *name, const std::vector<long> &v) {
  long sum = 0;
  for (long x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

std::vector<long> less(int n) {
  std::vector<long> v;
  for (int i = 0; i < n; ++i)
    v.push_back(i); // WARN: 'v' grows one element at a time
  return v;
}

std::vector<long> lessEqual(int n) {
  std::vector<long> v;
  for (int i = 0; i <= n; i++)
    v.push_back(i); // WARN
  return v;
}

std::vector<long> notEqualFromOne(int n) {
  std::vector<long> v;
  for (int i = 1; i != n; ++i)
    v.emplace_back(i); // WARN
  return v;
}

std::vector<long> countDown(int n) {
  std::vector<long> v;
  for (int i = n; i > 0; --i)
    v.push_back(i); // WARN
  return v;
}

std::vector<long> countDownToZero(int n) {
  std::vector<long> v;
  for (int i = n - 1; i >= 0; i--)
    v.push_back(i); // WARN
  return v;
}

std::vector<long> strideFromOffset(int lo, int hi) {
  std::vector<long> v;
  for (int i = lo; i < hi; i += 3)
    v.push_back(i); // WARN
  return v;
}

std::vector<long> strideInclusiveDown(int n) {
  std::vector<long> v;
  for (long i = n; i >= -4; i -= 2)
    v.push_back(i); // WARN
  return v;
}

std::vector<long> unsignedBound(std::size_t n) {
  std::vector<long> v;
  for (std::size_t i = 0; i < n; ++i)
    v.push_back(static_cast<long>(i)); // WARN
  return v;
}

std::vector<long> unsignedCounterCastBound(int n) {
  std::vector<long> v;
  for (unsigned i = 0; i < static_cast<unsigned>(n > 0 ? n : 0); ++i)
    v.push_back(i); // WARN
  return v;
}

std::vector<long> widerCounter(int n) {
  std::vector<long> v;
  for (long i = 2; i < n; ++i)
    v.push_back(i); // WARN
  return v;
}

std::vector<long> cachedEnd(const std::vector<long> &in) {
  std::vector<long> v;
  for (std::size_t i = 0, e = in.size(); i != e; ++i)
    v.push_back(in[i] * 2); // WARN
  return v;
}

std::vector<long> assignedCounter(int n) {
  std::vector<long> v;
  int i;
  for (i = 5; i < n; i = i + 1)
    v.push_back(i); // WARN
  return v;
}

std::vector<long> constantTrips() {
  std::vector<long> v;
  for (int i = 0; i < 16; ++i)
    v.push_back(i); // WARN
  return v;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  print("less", less(n));
  print("lessEqual", lessEqual(n));
  print("notEqualFromOne", notEqualFromOne(n > 0 ? n : 1));
  print("countDown", countDown(n));
  print("countDownToZero", countDownToZero(n));
  print("strideFromOffset", strideFromOffset(-7, n));
  print("strideInclusiveDown", strideInclusiveDown(n));
  print("unsignedBound", unsignedBound(n > 0 ? static_cast<std::size_t>(n) : 0));
  print("unsignedCounterCastBound", unsignedCounterCastBound(n));
  print("widerCounter", widerCounter(n));
  print("cachedEnd", cachedEnd(less(n)));
  print("assignedCounter", assignedCounter(n));
  print("constantTrips", constantTrips());
}
