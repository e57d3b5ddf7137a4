// VectorLikeClasses names user classes to treat like std::vector when shape
// detection is off.
// CHECK-OPTIONS: {heapwise-missing-reserve.VectorLikeClasses: '::app::Buffer', heapwise-missing-reserve.DetectVectorLikeByShape: false}
// RUN-ARGS: 0 | 10
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace app {
class Buffer {
public:
  void reserve(std::size_t n) { bytes.reserve(n); }
  void push_back(unsigned char b) { bytes.push_back(b); }
  std::size_t size() const { return bytes.size(); }

private:
  std::vector<unsigned char> bytes;
};

class Unlisted {
public:
  void reserve(std::size_t n) { items.reserve(n); }
  void push_back(int x) { items.push_back(x); }
  std::size_t size() const { return items.size(); }

private:
  std::vector<int> items;
};
} // namespace app

app::Buffer listed(int n) {
  app::Buffer b;
  for (int i = 0; i < n; ++i)
    b.push_back(static_cast<unsigned char>(i)); // WARN
  return b;
}

app::Unlisted unlisted(int n) {
  app::Unlisted u;
  for (int i = 0; i < n; ++i)
    u.push_back(i);
  return u;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%zu %zu\n", listed(n).size(), unlisted(n).size());
}
