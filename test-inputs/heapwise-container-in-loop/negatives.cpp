// Containers in loops that must stay where they are.
// RUN-ARGS: 0 | 3 | 500
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

std::vector<std::vector<int>> movedOut(int n) {
  std::vector<std::vector<int>> all;
  for (int i = 0; i < n; ++i) {
    std::vector<int> row;
    row.push_back(i);
    all.push_back(std::move(row));
  }
  return all;
}

std::vector<int> swapped(int n) {
  std::vector<int> keep;
  for (int i = 0; i < n; ++i) {
    std::vector<int> row;
    row.push_back(i);
    row.swap(keep);
  }
  return keep;
}

std::vector<int> returnedFromLoop(int n) {
  for (int i = 0; i < n; ++i) {
    std::vector<int> row;
    row.push_back(i);
    if (i == 2)
      return row;
  }
  return {};
}

std::vector<std::function<std::size_t()>> captured(int n) {
  std::vector<std::function<std::size_t()>> fs;
  for (int i = 0; i < n; ++i) {
    std::vector<int> row;
    row.push_back(i);
    fs.push_back([&row] { return row.size(); });
  }
  return fs;
}

std::size_t addressKept(int n) {
  std::vector<int> *last = nullptr;
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<int> row;
    row.push_back(i);
    last = &row;
    total += last->size();
  }
  return total;
}

std::size_t capacityRead(int n) {
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<int> row;
    row.push_back(i);
    total += row.capacity();
  }
  return total;
}

std::size_t neverGrown(int n) {
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<int> empty;
    total += empty.size();
  }
  return total;
}

std::size_t constructedWithArguments(int n) {
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<int> row(3, i);
    row.push_back(i);
    total += row.size();
  }
  return total;
}

struct Noisy {
  ~Noisy() { std::printf("~Noisy\n"); }
};

std::size_t observableDestructors(int n) {
  std::size_t total = 0;
  for (int i = 0; i < n; ++i) {
    std::vector<std::unique_ptr<Noisy>> owned;
    owned.push_back(std::make_unique<Noisy>());
    total += owned.size();
  }
  return total;
}

// do { ... } while (false) is a block, not a loop.
std::size_t blockInDoWhileFalse(int n) {
  std::size_t total = 0;
  do {
    std::vector<int> once;
    once.push_back(n);
    total = once.size();
  } while (false);
  return total;
}

// Declared in the for's init: one vector that lives across the iterations.
long forInitOwner(int n) {
  long total = 0;
  int rounds = 0;
  for (std::vector<int> v; rounds < 3; ++rounds) {
    for (int i = 0; i < n; ++i)
      v.push_back(i);
    total += static_cast<long>(v.size());
  }
  return total;
}

std::size_t notInLoop(int n) {
  std::vector<int> v;
  v.push_back(n);
  return v.size();
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::printf("%zu %zu %zu %zu\n", movedOut(n).size(), swapped(n).size(),
              returnedFromLoop(n).size(), captured(0).size());
  std::printf("%zu %d %zu %zu\n", addressKept(n), capacityRead(n) >= static_cast<std::size_t>(n), neverGrown(n),
              constructedWithArguments(n));
  std::printf("%zu %zu %zu %ld\n", observableDestructors(n % 3), notInLoop(n), blockInDoWhileFalse(n),
              forInitOwner(n));
}
