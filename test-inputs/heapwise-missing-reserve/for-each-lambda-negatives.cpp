// std::for_each shapes whose number of growths is not the size of the range,
// or where the lambda does not grow the container itself: no finding.
// RUN-ARGS: 0 | 1 | 9 | 2000
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

std::vector<int> conditional(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](int x) {
    if (x % 2)
      out.push_back(x);
  });
  return out;
}

std::vector<int> returnsEarly(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](int x) {
    if (x % 3 == 0)
      return;
    out.push_back(x);
  });
  return out;
}

std::vector<int> nestedLambda(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](int x) {
    auto add = [&] { out.push_back(x); };
    add();
  });
  return out;
}

std::size_t capturedByCopy(const std::vector<int> &in) {
  std::vector<int> out;
  auto f = std::for_each(in.begin(), in.end(), [out](int x) mutable { out.push_back(x); });
  (void)f;
  return out.size();
}

std::vector<int> functorKept(const std::vector<int> &in) {
  std::vector<int> out;
  auto f = std::for_each(in.begin(), in.end(), [&](int x) { out.push_back(x); });
  f(7);
  return out;
}

std::vector<int> namedLambda(const std::vector<int> &in) {
  std::vector<int> out;
  auto add = [&](int x) { out.push_back(x); };
  std::for_each(in.begin(), in.end(), add);
  add(-1);
  return out;
}

std::vector<int> otherUses(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](int x) {
    out.push_back(x);
    if (out.size() > 3)
      out.erase(out.begin());
  });
  return out;
}

std::vector<int> fromStream(const std::string &text) {
  std::vector<int> out;
  std::istringstream is(text);
  std::for_each(std::istream_iterator<int>(is), std::istream_iterator<int>(),
                [&](int x) { out.push_back(x); });
  return out;
}

std::vector<int> intoItself(std::vector<int> v) {
  // Only ever called with an empty vector: growing the range walked is
  // undefined behaviour otherwise.
  std::ranges::for_each(v, [&](int x) { v.push_back(x); });
  return v;
}

std::vector<int> inOuterLoop(const std::vector<int> &in, int rows) {
  std::vector<int> out;
  for (int r = 0; r < rows; ++r)
    std::for_each(in.begin(), in.end(), [&](int x) { out.push_back(x + r); });
  return out;
}

std::vector<int> withProjection(const std::vector<int> &in) {
  std::vector<int> out;
  std::ranges::for_each(in, [&](int x) { out.push_back(x); }, [](int x) { return -x; });
  return out;
}

class Window {
public:
  void addAll(const std::vector<int> &xs) {
    // trim() is a member function: it may change lines_.
    std::for_each(xs.begin(), xs.end(), [this](int x) {
      lines_.push_back(x);
      trim();
    });
  }
  const std::vector<int> &lines() const { return lines_; }

private:
  void trim() {
    if (lines_.size() > 4)
      lines_.erase(lines_.begin());
  }
  std::vector<int> lines_;
};

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> in(n > 0 ? n : 0);
  std::string text;
  for (std::size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<int>(i % 17);
    text += std::to_string(i) + " ";
  }
  print("conditional", conditional(in));
  print("returnsEarly", returnsEarly(in));
  print("nestedLambda", nestedLambda(in));
  std::printf("capturedByCopy: %zu\n", capturedByCopy(in));
  print("functorKept", functorKept(in));
  print("namedLambda", namedLambda(in));
  print("otherUses", otherUses(in));
  print("fromStream", fromStream(text));
  print("intoItself", intoItself({}));
  print("inOuterLoop", inOuterLoop(in, 3));
  print("withProjection", withProjection(in));
  Window w;
  w.addAll(in);
  print("window", w.lines());
}
