// Generic lambdas in std::for_each whose number of growths is not the size of
// the range, or that do not grow the container themselves: no finding, as for
// the non-generic lambdas of for-each-lambda-negatives.cpp.
// RUN-ARGS: 0 | 1 | 9 | 2000
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

std::vector<int> conditional(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](const auto &x) {
    if (x % 2)
      out.push_back(x);
  });
  return out;
}

// The instance for int never pushes: a reserve would only allocate.
std::vector<int> discardedBranch(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](const auto &x) {
    if constexpr (sizeof(x) > 8)
      out.push_back(static_cast<int>(x));
  });
  return out;
}

std::vector<int> returnsEarly(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](auto x) {
    if (x % 3 == 0)
      return;
    out.push_back(x);
  });
  return out;
}

std::vector<int> nestedLambda(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](const auto &x) {
    auto add = [&] { out.push_back(x); };
    add();
  });
  return out;
}

std::vector<int> nestedGenericLambda(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](const auto &x) {
    auto add = [&](auto y) { out.push_back(y); };
    add(x);
  });
  return out;
}

std::size_t capturedByCopy(const std::vector<int> &in) {
  std::vector<int> out;
  auto f = std::for_each(in.begin(), in.end(), [out](const auto &x) mutable { out.push_back(x); });
  (void)f;
  return out.size();
}

std::vector<int> functorKept(const std::vector<int> &in) {
  std::vector<int> out;
  auto f = std::for_each(in.begin(), in.end(), [&](const auto &x) { out.push_back(x); });
  f(7);
  return out;
}

std::vector<int> otherUses(const std::vector<int> &in) {
  std::vector<int> out;
  std::for_each(in.begin(), in.end(), [&](const auto &x) {
    out.push_back(x);
    if (out.size() > 3)
      out.erase(out.begin());
  });
  return out;
}

std::vector<int> intoItself(std::vector<int> v) {
  // Only ever called with an empty vector: growing the range walked is
  // undefined behaviour otherwise.
  std::ranges::for_each(v, [&](const auto &x) { v.push_back(x); });
  return v;
}

std::vector<int> inOuterLoop(const std::vector<int> &in, int rows) {
  std::vector<int> out;
  for (int r = 0; r < rows; ++r)
    std::for_each(in.begin(), in.end(), [&](const auto &x) { out.push_back(x + r); });
  return out;
}

std::vector<int> withProjection(const std::vector<int> &in) {
  std::vector<int> out;
  std::ranges::for_each(in, [&](auto x) { out.push_back(x); }, [](int x) { return -x; });
  return out;
}

std::vector<int> recent;

template <class T> void forget(const T &) {
  if (recent.size() > 2)
    recent.erase(recent.begin());
}

// forget<int> may change the global.
void remember(const std::vector<int> &in) {
  std::for_each(in.begin(), in.end(), [](const auto &x) {
    recent.push_back(x);
    forget(x);
  });
}

class Window {
public:
  void addAll(const std::vector<int> &xs) {
    // trim() is a member function: it may change lines_.
    std::for_each(xs.begin(), xs.end(), [this](const auto &x) {
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
  for (std::size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<int>(i % 17);
  print("conditional", conditional(in));
  print("discardedBranch", discardedBranch(in));
  print("returnsEarly", returnsEarly(in));
  print("nestedLambda", nestedLambda(in));
  print("nestedGenericLambda", nestedGenericLambda(in));
  std::printf("capturedByCopy: %zu\n", capturedByCopy(in));
  print("functorKept", functorKept(in));
  print("otherUses", otherUses(in));
  print("intoItself", intoItself({}));
  print("inOuterLoop", inOuterLoop(in, 3));
  print("withProjection", withProjection(in));
  remember(in);
  print("recent", recent);
  Window w;
  w.addAll(in);
  print("window", w.lines());
}
