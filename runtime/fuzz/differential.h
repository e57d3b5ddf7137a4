// Differential test of heapwise::small_vector against std::vector.
//
// run_differential() reads bytes as a sequence of operations and applies each
// to a small_vector and to a std::vector, the reference, then checks that
// they hold the same elements. The first byte picks the element type and the
// inline capacity N. Some operations go through small_vector_impl<T>&, with a
// vector of another inline capacity on the other side. Shared by the fixed-seed ctest driver and the libFuzzer
// target; a divergence prints the operation and aborts.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "heapwise/small_vector.h"

namespace heapwise::fuzz {

class byte_source {
 public:
  byte_source(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  // An index in [0, limit]; limit itself is allowed (an end position).
  std::size_t upto(std::size_t limit) { return byte() % (limit + 1); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// A move-only element with value semantics for comparison.
struct move_only {
  std::unique_ptr<int> value;
  move_only() = default;  // null, as resize() makes them
  explicit move_only(int v) : value(std::make_unique<int>(v)) {}
  friend bool operator==(const move_only& a, const move_only& b) {
    return (a.value == nullptr) == (b.value == nullptr) && (a.value == nullptr || *a.value == *b.value);
  }
};

inline void make_value(std::uint8_t b, int& out) { out = b; }
inline void make_value(std::uint8_t b, std::string& out) {
  // Mostly longer than the small-string buffer, so copies allocate.
  out.assign(static_cast<std::size_t>(b % 40), static_cast<char>('a' + b % 26));
}

template <class T>
T value_from(std::uint8_t b) {
  if constexpr (std::is_same_v<T, move_only>) {
    return move_only(b);
  } else {
    T out;
    make_value(b, out);
    return out;
  }
}

[[noreturn]] inline void diverged(const char* operation, const char* what) {
  std::fprintf(stderr, "small_vector diverged from std::vector after %s: %s\n", operation, what);
  std::abort();
}

// std::erase_if of C++20, for the reference in both language modes.
template <class T, class Pred>
std::size_t reference_erase_if(std::vector<T>& r, Pred pred) {
  const auto new_end = std::remove_if(r.begin(), r.end(), pred);
  const auto removed = static_cast<std::size_t>(r.end() - new_end);
  r.erase(new_end, r.end());
  return removed;
}

template <class T, std::size_t N>
class differential {
  static constexpr bool copyable = std::is_copy_constructible_v<T>;
  static constexpr std::size_t max_elements = 300;  // keeps each run fast

 public:
  void run(byte_source& in) {
    while (!in.empty()) step(in);
  }

 private:
  using sut_type = small_vector<T, N>;
  using reference_type = small_vector_impl<T>;
  // Another inline capacity, smaller or larger than N.
  using elsewhere_type = small_vector<T, (N == 0 ? 3 : N > 4 ? N / 2 : N * 3)>;

  void check(const char* op) {
    for (int i = 0; i < 2; ++i) {
      const sut_type& s = sut_[i];
      const std::vector<T>& r = ref_[i];
      if (s.size() != r.size()) diverged(op, "size");
      if (!std::equal(s.begin(), s.end(), r.begin(), r.end())) diverged(op, "elements");
      if (s.capacity() < s.size()) diverged(op, "capacity below size");
      if (s.empty() != r.empty()) diverged(op, "empty");
      if (s.size() > N && s.is_inline()) diverged(op, "more than N elements inline");
      if (s.is_inline() && s.capacity() != N) diverged(op, "inline capacity");
    }
  }

  void step(byte_source& in) {
    const std::uint8_t op = in.byte();
    const int which = op & 1;
    sut_type& s = sut_[which];
    std::vector<T>& r = ref_[which];
    sut_type& other_s = sut_[1 - which];
    std::vector<T>& other_r = ref_[1 - which];
    const std::size_t size = r.size();
    const bool has_room = size < max_elements;
    const char* name = "?";

    switch ((op >> 1) % 26) {
      case 0:
        name = "push_back";
        if (has_room) {
          const std::uint8_t b = in.byte();
          s.push_back(value_from<T>(b));
          r.push_back(value_from<T>(b));
        }
        break;
      case 1:
        name = "emplace_back";
        if (has_room) {
          const std::uint8_t b = in.byte();
          T& added = s.emplace_back(value_from<T>(b));
          r.emplace_back(value_from<T>(b));
          if (&added != &s.back()) diverged(name, "returned reference");
        }
        break;
      case 2:
        name = "pop_back";
        if (size != 0) {
          s.pop_back();
          r.pop_back();
        }
        break;
      case 3: {
        name = "insert(pos, T&&)";
        const std::size_t pos = in.upto(size);
        const std::uint8_t b = in.byte();
        if (has_room) {
          auto it = s.insert(s.begin() + pos, value_from<T>(b));
          r.insert(r.begin() + static_cast<std::ptrdiff_t>(pos), value_from<T>(b));
          if (it != s.begin() + pos) diverged(name, "returned iterator");
        }
        break;
      }
      case 4: {
        name = "emplace(pos)";
        const std::size_t pos = in.upto(size);
        const std::uint8_t b = in.byte();
        if (has_room) {
          s.emplace(s.begin() + pos, value_from<T>(b));
          r.emplace(r.begin() + static_cast<std::ptrdiff_t>(pos), value_from<T>(b));
        }
        break;
      }
      case 5:
        name = "erase(pos)";
        if (size != 0) {
          const std::size_t pos = in.upto(size - 1);
          auto it = s.erase(s.begin() + pos);
          r.erase(r.begin() + static_cast<std::ptrdiff_t>(pos));
          if (it != s.begin() + pos) diverged(name, "returned iterator");
        }
        break;
      case 6: {
        name = "erase(first, last)";
        const std::size_t first = in.upto(size);
        const std::size_t last = first + in.upto(size - first);
        s.erase(s.begin() + first, s.begin() + last);
        r.erase(r.begin() + static_cast<std::ptrdiff_t>(first), r.begin() + static_cast<std::ptrdiff_t>(last));
        break;
      }
      case 7: {
        name = "resize(n)";
        const std::size_t n = in.byte() % 64;
        s.resize(n);
        r.resize(n);
        break;
      }
      case 8: {
        name = "reserve";
        const std::size_t n = in.byte();
        s.reserve(n);
        if (s.capacity() < n) diverged(name, "capacity below the request");
        break;
      }
      case 9:
        name = "shrink_to_fit (reference)";
        static_cast<reference_type&>(s).shrink_to_fit();
        if (s.size() <= N && !s.is_inline()) diverged(name, "did not return inline");
        break;
      case 10:
        name = "clear";
        s.clear();
        r.clear();
        break;
      case 11:
        name = "move assignment";
        s = std::move(other_s);
        r = std::move(other_r);
        other_r.clear();  // std::vector leaves it unspecified; small_vector empties it
        if (!other_s.empty()) diverged(name, "moved-from not empty");
        break;
      case 12:
        name = "swap";
        s.swap(other_s);
        r.swap(other_r);
        break;
      case 13: {
        name = "move construction";
        sut_type moved(std::move(s));
        if (!s.empty()) diverged(name, "moved-from not empty");
        s = std::move(moved);
        break;
      }
      case 14:
        name = "at out of range";
        try {
          (void)s.at(size);
          diverged(name, "no exception");
        } catch (const std::out_of_range&) {
        }
        break;
      case 15:
        name = "erase_if";
        if constexpr (std::is_same_v<T, move_only>) {
          const auto pred = [](const T& e) { return e.value != nullptr && *e.value % 3 == 0; };
          if (erase_if(s, pred) != reference_erase_if(r, pred)) diverged(name, "count");
        } else {
          const T probe = value_from<T>(in.byte());
          const auto pred = [&](const T& e) { return e < probe; };
          if (erase_if(s, pred) != reference_erase_if(r, pred)) diverged(name, "count");
        }
        break;
      case 24: {
        name = "move there and back through references (another N)";
        elsewhere_type elsewhere;
        reference_type& there = elsewhere;
        reference_type& here = s;
        there = std::move(here);
        if (!s.empty()) diverged(name, "moved-from not empty");
        if (in.byte() % 2 == 0) {
          here = std::move(there);
        } else {
          swap(here, there);
        }
        if (!elsewhere.empty()) diverged(name, "moved-back-from not empty");
        break;
      }
      case 25: {
        name = "swap through references (another N)";
        elsewhere_type elsewhere(std::move(other_s));
        reference_type& here = s;
        here.swap(elsewhere);
        other_s = std::move(elsewhere);
        r.swap(other_r);
        break;
      }
      default:
        if constexpr (copyable) {
          name = copying_step(in, (op >> 1) % 26, s, r, other_s, other_r);
        }
        break;
    }
    check(name);
  }

  // Operations that copy elements; unavailable for move-only types.
  const char* copying_step(byte_source& in, int op, sut_type& s, std::vector<T>& r,
                           sut_type& other_s, std::vector<T>& other_r) {
    const std::size_t size = r.size();
    const bool has_room = size < max_elements;
    switch (op) {
      case 16: {
        const std::size_t pos = in.upto(size);
        const std::size_t count = in.byte() % 20;
        const T value = value_from<T>(in.byte());
        if (has_room) {
          auto it = s.insert(s.begin() + pos, count, value);
          r.insert(r.begin() + static_cast<std::ptrdiff_t>(pos), count, value);
          if (it != s.begin() + pos) return "insert(pos, n, value): returned iterator";
        }
        return "insert(pos, n, value)";
      }
      case 17: {
        const std::size_t pos = in.upto(size);
        std::vector<T> source(in.byte() % 20);
        for (auto& e : source) e = value_from<T>(in.byte());
        if (has_room) {
          s.insert(s.begin() + pos, source.begin(), source.end());
          r.insert(r.begin() + static_cast<std::ptrdiff_t>(pos), source.begin(), source.end());
        }
        return "insert(pos, first, last)";
      }
      case 18:
        // The value is an element of the vector itself.
        if (size != 0 && has_room) {
          const std::size_t from = in.upto(size - 1);
          const std::size_t pos = in.upto(size);
          const std::size_t count = in.byte() % 4;
          if (count == 0) {
            s.insert(s.begin() + pos, s[from]);
            r.insert(r.begin() + static_cast<std::ptrdiff_t>(pos), r[from]);
          } else {
            s.insert(s.begin() + pos, count, s[from]);
            r.insert(r.begin() + static_cast<std::ptrdiff_t>(pos), count, r[from]);
          }
        }
        return "self insert";
      case 19:
        if (size != 0 && has_room) {
          const std::size_t from = in.upto(size - 1);
          s.push_back(s[from]);
          r.push_back(r[from]);
        }
        return "push_back(own element)";
      case 20: {
        const std::size_t n = in.byte() % 64;
        if (size != 0 && in.byte() % 2 == 0) {
          const std::size_t from = in.upto(size - 1);
          s.resize(n, s[from]);
          r.resize(n, r[from]);
        } else {
          const T value = value_from<T>(in.byte());
          s.resize(n, value);
          r.resize(n, value);
        }
        return "resize(n, value)";
      }
      case 21: {
        const std::size_t n = in.byte() % 64;
        if (size != 0 && in.byte() % 2 == 0) {
          const std::size_t from = in.upto(size - 1);
          const T expected = r[from];
          s.assign(n, s[from]);
          r.assign(n, expected);
        } else {
          const T value = value_from<T>(in.byte());
          s.assign(n, value);
          r.assign(n, value);
        }
        return "assign(n, value)";
      }
      case 22:
        if (in.byte() % 2 == 0) {
          s = other_s;
        } else {
          static_cast<reference_type&>(s) = other_s;
        }
        r = other_r;
        return "copy assignment";
      case 23: {
        if ((s == other_s) != (r == other_r)) return fail("==");
        if ((s < other_s) != (r < other_r)) return fail("<");
#if HEAPWISE_THREE_WAY_COMPARISON
        if ((s <=> other_s) != (r <=> other_r)) return fail("<=>");
#endif
        sut_type copy(s);
        if (copy != s) return fail("copy construction");
        return "comparison";
      }
    }
    return "?";
  }

  static const char* fail(const char* what) { diverged("comparison", what); }

  sut_type sut_[2];
  std::vector<T> ref_[2];
};

inline void run_differential(const std::uint8_t* data, std::size_t size) {
  byte_source in(data, size);
  switch (in.byte() % 8) {
    case 0: differential<int, 0>().run(in); break;
    case 1: differential<int, 1>().run(in); break;
    case 2: differential<int, 4>().run(in); break;
    case 3: differential<int, 16>().run(in); break;
    case 4: differential<std::string, 0>().run(in); break;
    case 5: differential<std::string, 3>().run(in); break;
    case 6: differential<std::string, 8>().run(in); break;
    default: differential<move_only, 2>().run(in); break;
  }
}

}  // namespace heapwise::fuzz
