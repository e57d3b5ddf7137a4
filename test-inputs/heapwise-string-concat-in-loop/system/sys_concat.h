// A "system" header: nothing in it may be flagged.
#include <string>

inline std::string sysRepeat(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s = s + "s";
  return s;
}
