// Scratch strings and vectors of a constant size that never grow: they become
// std::array, or get a warning only where a use would change.
// RUN-ARGS: 0 | 7 | -3 | 123456
// ALLOCATIONS: fewer
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

// The shape real code has: a number formatted into a 36-byte scratch string.
static void appendNumber(std::string &out, double d) {
  std::array<char, 36> buffer{}; // WARN: 'buffer' always holds 36 characters and never grows; std::array<char, 36>
  int n = std::snprintf(&buffer[0], buffer.size(), "%g", d);
  out.append(buffer.data(), static_cast<std::size_t>(n));
}

static std::string joinCounts(int count) {
  std::string out;
  for (int i = 0; i < count % 5; ++i) {
    std::array<char, 64> buf{}; // WARN: 'buf' always holds 64 elements
    std::snprintf(buf.data(), buf.size(), "%d,", i * count);
    out.append(buf.data(), std::strlen(buf.data()));
  }
  return out;
}

constexpr std::size_t kDigits = 16;

static int digitSum(int n) {
  std::array<int, kDigits> digits{}; // WARN: std::array<int, 16>
  unsigned v = static_cast<unsigned>(n < 0 ? -n : n);
  for (int &d : digits) {
    d = static_cast<int>(v % 10);
    v /= 10;
  }
  std::sort(digits.begin(), digits.end());
  int sum = digits[0] + digits[kDigits - 1];
  for (int d : digits)
    sum += d;
  return digits.empty() ? -1 : sum + digits.front() + digits.back();
}

static unsigned checksum(int seed) {
  std::array<unsigned char, 128> block{}; // WARN: std::array<unsigned char, 128>
  std::memset(block.data(), seed & 0xff, block.size());
  block[3] = 7;
  ++block[5];
  unsigned sum = 0;
  for (unsigned char c : block)
    sum += c;
  return sum;
}

// Warning only: a use that does not carry over unchanged.
static std::string padding() {
  std::string pad(20, '-'); // WARN-NOFIX: 'pad' always holds 20 characters
  std::string out;
  out.append(pad.data(), pad.size());
  return out;
}

static void printName(int n) {
  std::string name(24, '\0'); // WARN-NOFIX: std::array<char, 24>
  std::snprintf(&name[0], name.size(), "id%d", n % 1000);
  std::printf("%s\n", name.c_str());
}

static std::size_t tagLength(std::string &out, int n) {
  std::string tag(16, 0); // WARN-NOFIX: 'tag' always holds 16 characters
  std::snprintf(&tag[0], tag.size(), "t%d", n % 100);
  out.append(tag.data());
  return std::strlen(tag.data());
}

static void printLabel(int n) {
  std::string label(20, '\0'); // WARN-NOFIX: 'label'
  std::snprintf(&label[0], label.size(), "L%d", n % 10);
  std::printf("%s\n", label.data());
}

static bool terminated(int n) {
  std::string term(20, '\0'); // WARN-NOFIX: 'term'
  term[0] = static_cast<char>('a' + (n & 7));
  return term[term.size()] == '\0' && term[0] != '\0';
}

static int indexed(int n) {
  std::array<int, 20> squares{}; // WARN: 'squares' always holds 20 elements
  for (std::size_t i = 0; i < squares.size(); ++i)
    squares[i] = static_cast<int>(i) * (n % 7);
  for (std::size_t i = 0; i < 10; ++i)
    squares[i] += squares[19];
  return squares[2] + squares[19];
}

static int unprovenIndex(int n) {
  std::vector<int> table(20); // WARN-NOFIX: 'table' always holds 20 elements
  for (std::size_t i = 0; i + 1 < table.size(); ++i)
    table[i] = static_cast<int>(i);
  return table[static_cast<std::size_t>(n & 0xffff) % 20];
}

static int counterChanged(int n) {
  std::string digits(20, '\0'); // WARN-NOFIX: 'digits' always holds 20 characters
  for (std::size_t i = 0; i < digits.size(); ++i) {
    digits[i] = static_cast<char>('0' + (n & 7));
    i += static_cast<std::size_t>(n & 1);
  }
  return digits[0];
}

// No finding: the buffer grows, escapes or is not of a constant small size.
static void sink(std::string s) { std::printf("%zu\n", s.size()); }
static void fillIn(std::string &s) { s[0] = 'f'; }
static std::size_t sizeOf(const std::vector<char> &v) { return v.size(); }

static std::string negatives(int n) {
  std::string out;
  {
    std::string grown(8, '\0');
    grown += 'x';
    out += grown.substr(8);
  }
  {
    std::vector<char> resized(16);
    resized.resize(static_cast<std::size_t>(n % 3 + 1));
    out += std::to_string(resized.size());
  }
  {
    std::string moved(20, 'm');
    sink(std::move(moved));
  }
  {
    std::string byReference(20, '\0');
    fillIn(byReference);
    out += byReference[0];
  }
  {
    std::vector<char> byConstReference(20);
    out += std::to_string(sizeOf(byConstReference));
  }
  {
    std::vector<char> escapes(32);
    char *p = escapes.data();
    std::snprintf(p, escapes.size(), "%d", n % 10);
    out += p;
  }
  {
    std::string elementReference(24, '\0');
    char &c = elementReference[0];
    c = 'e';
    out.append(elementReference.data(), 1);
  }
  {
    std::string notConstant(static_cast<std::size_t>(n % 10 < 0 ? 1 : n % 10 + 1), '\0');
    out += std::to_string(notConstant.size());
  }
  {
    std::string fitsInline(8, '\0'); // The small-string buffer holds it: no allocation.
    std::snprintf(&fitsInline[0], fitsInline.size(), "%d", n % 10);
    out.append(fitsInline.data(), 1);
  }
  {
    std::vector<char> tooBig(4096);
    std::snprintf(tooBig.data(), tooBig.size(), "%d", n % 10);
    out.append(tooBig.data(), 1);
  }
  {
    std::vector<int> tooManyBytes(100);
    out += std::to_string(tooManyBytes.size());
  }
  {
    static std::string staticBuffer(30, '\0');
    std::snprintf(&staticBuffer[0], staticBuffer.size(), "%d", n % 10);
    out.append(staticBuffer.data(), 1);
  }
  {
    std::string swapped(18, '\0');
    std::string other;
    swapped.swap(other);
    out += std::to_string(other.size());
  }
  {
    std::vector<char> measured(40);
    out += std::to_string(sizeof(measured) > 0);
  }
  {
    std::string captured(26, '\0');
    auto size = [&] { return captured.size(); };
    out += std::to_string(size());
  }
  {
    std::string assigned(22, '\0');
    assigned = "assigned";
    out += assigned;
  }
  {
    std::string copied(22, 'c');
    std::string copy = copied;
    out += copy.substr(0, 1);
  }
  return out;
}

static std::string returned() {
  std::string result(17, '\0');
  std::snprintf(&result[0], result.size(), "%s", "returned");
  return result;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::string out;
  appendNumber(out, n * 0.5);
  appendNumber(out, 1.0 / 3);
  std::printf("%s|%s|%d|%u\n", out.c_str(), joinCounts(n).c_str(), digitSum(n), checksum(n));
  std::printf("%s\n", padding().c_str());
  printName(n);
  std::printf("%zu %s\n", tagLength(out, n), out.c_str());
  printLabel(n);
  std::printf("%d %d %d %d\n", terminated(n), indexed(n), unprovenIndex(n), counterChanged(n));
  std::printf("%s|%s\n", negatives(n).c_str(), returned().c_str());
  return 0;
}
