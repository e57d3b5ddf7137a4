// A reserve in a loop that asks for a multiple of the container's size or
// capacity (or one and a half times it) grows the buffer geometrically, as
// push_back does: amortised, not flagged. An exact reserve, guarded or one
// past the capacity, still reallocates on every iteration that grows.
// RUN-ARGS: 0 | 3 | 1000
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

std::string pack(const std::vector<std::string> &fields) {
  std::string out;
  for (const std::string &f : fields) {
    std::size_t needed = out.size() + f.size() + 1;
    if (out.capacity() < needed)
      out.reserve(2 * needed);
    out.append(f);
    out.push_back(',');
  }
  return out;
}

std::vector<int> doubled(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    v.reserve((v.size() + 1) << 1);
    v.push_back(i);
  }
  return v;
}

std::vector<int> atLeastTwice(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    v.reserve(std::max(v.size() + 1, v.size() * 2));
    v.push_back(i);
  }
  return v;
}

std::vector<int> halfAgain(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    if (v.size() == v.capacity())
      v.reserve(v.capacity() + v.capacity() / 2 + 1);
    v.push_back(i);
  }
  return v;
}

std::string exactWhenFull(const std::vector<std::string> &fields) {
  std::string out;
  for (const std::string &f : fields) {
    std::size_t needed = out.size() + f.size();
    if (out.capacity() < needed) {
      out.reserve(needed); // WARN-NOFIX: [heapwise-reserve-in-loop]
    }
    out += f;
  }
  return out;
}

std::vector<int> onePastCapacity(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) {
    v.reserve(v.capacity() + 1); // WARN-NOFIX: [heapwise-reserve-in-loop]
    v.push_back(i);
  }
  return v;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<std::string> fields(static_cast<std::size_t>(n > 0 ? n : 0), "field");
  std::printf("%zu %zu %zu %zu %zu %zu\n", pack(fields).size(), doubled(n).size(),
              atLeastTwice(n).size(), halfAgain(n).size(), exactWhenFull(fields).size(),
              onePastCapacity(n).size());
}
