// C++11 has no init-capture: `[x = std::move(x)]` would not compile, so a
// by-copy capture at x's last use is not flagged.
// FLAGS: -std=c++11
// RUN-ARGS: 0 | 5
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<std::function<std::size_t()>> tasks;
  for (int i = 0; i < n; ++i) {
    std::string path = "build/output/generated_file_" + std::to_string(i) + ".o";
    tasks.push_back([path] { return path.size(); });
  }
  std::size_t total = 0;
  for (const auto &task : tasks)
    total += task();
  std::printf("%zu\n", total);
}
