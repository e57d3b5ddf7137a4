// Iterator while loops whose trip count is not the size of the container:
// no finding.
// RUN-ARGS: 0 | 1 | 8 | 3000
#include <cstdio>
#include <cstdlib>
#include <forward_list>
#include <list>
#include <set>
#include <vector>

static void print(const char *name, const std::vector<int> &v) {
  long sum = 0;
  for (int x : v)
    sum += x;
  std::printf("%s: size %zu sum %ld\n", name, v.size(), sum);
}

std::vector<int> continueBeforePush(const std::vector<int> &in) {
  std::vector<int> out;
  auto it = in.begin();
  while (it != in.end()) {
    if (*it % 3 == 0) {
      ++it;
      continue;
    }
    out.push_back(*it);
    ++it;
  }
  return out;
}

std::vector<int> erasing(std::set<int> s) {
  std::vector<int> out;
  auto it = s.begin();
  while (it != s.end()) {
    out.push_back(*it);
    it = s.erase(it);
  }
  return out;
}

std::vector<int> advancedTwice(const std::vector<int> &in) {
  std::vector<int> out;
  auto it = in.begin();
  while (it != in.end()) {
    out.push_back(*it);
    ++it;
    if (it != in.end())
      ++it;
  }
  return out;
}

std::vector<int> breaking(const std::vector<int> &in) {
  std::vector<int> out;
  auto it = in.begin();
  while (it != in.end()) {
    if (*it == 5)
      break;
    out.push_back(*it);
    ++it;
  }
  return out;
}

std::vector<int> growingInput(std::list<int> in) {
  std::vector<int> out;
  auto it = in.begin();
  while (it != in.end()) {
    out.push_back(*it);
    if (*it == 1)
      in.push_back(100);
    ++it;
  }
  return out;
}

std::vector<int> movedBefore(const std::vector<int> &in, bool skipFirst) {
  std::vector<int> out;
  auto it = in.begin();
  if (skipFirst && it != in.end())
    ++it;
  while (it != in.end()) {
    out.push_back(*it);
    ++it;
  }
  return out;
}

std::vector<int> otherEnd(const std::vector<int> &in, const std::vector<int> &other) {
  std::vector<int> out;
  auto it = in.begin();
  auto stop = in.begin() + static_cast<long>(std::min(in.size(), other.size()));
  while (it != stop) {
    out.push_back(*it);
    ++it;
  }
  return out;
}

std::vector<int> forwardList(const std::forward_list<int> &in) {
  std::vector<int> out;
  auto it = in.begin();
  while (it != in.end()) {
    out.push_back(*it);
    ++it;
  }
  return out;
}

std::vector<int> declaredOutside(const std::vector<int> &in, bool again) {
  std::vector<int> out;
  auto it = in.begin();
  if (again) {
    while (it != in.end()) {
      out.push_back(*it);
      ++it;
    }
  }
  return out;
}

std::vector<int> pairSums(const std::vector<int> &in) {
  std::vector<int> out;
  auto it = in.begin();
  while (it != in.end()) {
    int first = *it++;
    out.push_back(first + (it != in.end() ? *it++ : 0));
  }
  return out;
}

std::vector<int> stepInLambda(const std::vector<int> &in) {
  std::vector<int> out;
  auto it = in.begin();
  auto next = [&] { return *it++; };
  while (it != in.end())
    out.push_back(next());
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<int> in(n > 0 ? n : 0);
  std::set<int> s;
  std::list<int> l;
  std::forward_list<int> fl;
  for (std::size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<int>(i % 11);
    s.insert(static_cast<int>(i * 2));
    l.push_back(static_cast<int>(i % 4));
    fl.push_front(static_cast<int>(i));
  }
  print("continueBeforePush", continueBeforePush(in));
  print("erasing", erasing(s));
  print("advancedTwice", advancedTwice(in));
  print("breaking", breaking(in));
  print("growingInput", growingInput(l));
  print("movedBefore", movedBefore(in, true));
  print("otherEnd", otherEnd(in, {1, 2, 3}));
  print("forwardList", forwardList(fl));
  print("declaredOutside", declaredOutside(in, true));
  print("pairSums", pairSums(in));
  print("stepInLambda", stepInLambda(in));
}
