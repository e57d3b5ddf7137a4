// Stands in for a system header: included with -isystem, never reported.
#include <vector>
inline std::vector<int> systemFill(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i)
    v.push_back(i);
  return v;
}
