// Unconditional pushes right after the loop are part of the final size: an
// exact reserve that left them out would make the last one reallocate.
// FLAGS: -std=c++17
// ALLOCATIONS: fewer
// RUN-ARGS: 0 | 1 | 2 | 7 | 40000
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

std::vector<const char *> argvWithNull(int argc, char **argv) {
  std::vector<const char *> args;
  for (int i = 0; i < argc; ++i)
    args.push_back(argv[i]); // WARN
  args.push_back(nullptr);
  return args;
}

std::string bracketed(const std::string &in) {
  std::string out;
  for (char c : in)
    out.push_back(c); // WARN
  out.push_back(']');
  out += '\n';
  return out;
}

// Only the pushes before another use of the container count.
std::vector<int> stopsAtOtherUse(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    v.push_back(i); // WARN
  v.push_back(-1);
  std::printf("size %zu\n", v.size());
  v.push_back(-2);
  return v;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<char *> fake;
  std::string word(n > 0 ? static_cast<std::size_t>(n) : 0, 'a');
  for (int i = 0; i < n; ++i)
    fake.push_back(argv[0]); // WARN
  std::printf("%zu\n", argvWithNull(static_cast<int>(fake.size()), fake.data()).size());
  std::printf("%zu\n", bracketed(word).size());
  std::printf("%zu\n", stopsAtOtherUse(n).size());
}
