// A small JSON document model, parser and emitter: std::map<std::string, ...>
// objects, pair inserts, istringstream number parsing, a number scratch buffer.
// RUN-ARGS: 0 | 1 | 6 | 250
// FLAGS: -std=c++17
#include <cstdio>
#include <cstdlib>
#include <list>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

class Value {
public:
  enum Type { Null, Number, String, Array, Object };
  Value() = default;
  explicit Value(double d) : type_(Number), num_(d) {}
  explicit Value(const std::string &s) : type_(String), str_(s) {}
  explicit Value(Type t) : type_(t) {}

  Type type() const { return type_; }
  double num() const { return num_; }
  const std::string &str() const { return str_; }
  const std::vector<Value> &items() const { return arr_; }
  const std::map<std::string, Value> &members() const { return obj_; }
  std::vector<Value> &items() { return arr_; }
  std::map<std::string, Value> &members() { return obj_; }

  std::vector<std::string> Keys() const {
    std::vector<std::string> keys;
    for (const auto &kv : obj_)
      keys.push_back(kv.first); // EXPECT: heapwise-missing-reserve
    return keys;
  }

private:
  Type type_ = Null;
  double num_ = 0;
  std::string str_;
  std::vector<Value> arr_;
  std::map<std::string, Value> obj_;
};

template <class Range> std::vector<Value> ToValues(const Range &range) {
  std::vector<Value> out;
  for (const auto &x : range)
    out.push_back(Value(x)); // EXPECT: heapwise-missing-reserve
  return out;
}

class Parser {
public:
  explicit Parser(const std::string &text) : text_(text) {} // NOT: heapwise-copy-on-last-use (reference parameter)

  bool Parse(Value *out) {
    SkipSpace();
    if (pos_ >= text_.size())
      return false;
    char c = text_[pos_];
    if (c == '{')
      return ParseObject(out);
    if (c == '[')
      return ParseArray(out);
    if (c == '"') {
      std::string s;
      if (!ParseString(&s))
        return false;
      *out = Value(s); // NOT: heapwise-copy-on-last-use (Value has no std::string&& constructor)
      return true;
    }
    return ParseNumber(out);
  }

private:
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n'))
      ++pos_;
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool ParseString(std::string *s) {
    if (!Consume('"'))
      return false;
    while (pos_ < text_.size() && text_[pos_] != '"')
      s->push_back(text_[pos_++]); // NOT: heapwise-missing-reserve (runs to a sentinel)
    return Consume('"');
  }

  bool ParseNumber(Value *out) {
    size_t end = text_.find_first_of(",]} \n", pos_);
    if (end == std::string::npos)
      end = text_.size();
    std::istringstream in(text_.substr(pos_, end - pos_));
    double d = 0;
    if (!(in >> d))
      return false;
    pos_ = end;
    *out = Value(d);
    return true;
  }

  bool ParseArray(Value *out) {
    Consume('[');
    Value array(Value::Array);
    if (Consume(']')) {
      *out = array; // EXPECT: heapwise-copy-on-last-use
      return true;
    }
    do {
      Value item;
      if (!Parse(&item))
        return false;
      array.items().push_back(item); // EXPECT: heapwise-copy-on-last-use NOT: heapwise-missing-reserve (unknown count)
    } while (Consume(','));
    if (!Consume(']'))
      return false;
    *out = array; // EXPECT: heapwise-copy-on-last-use
    return true;
  }

  bool ParseObject(Value *out) {
    Consume('{');
    Value object(Value::Object);
    std::map<std::string, Value> &members = object.members();
    if (!Consume('}')) {
      do {
        std::string key;
        if (!ParseString(&key) || !Consume(':'))
          return false;
        Value value;
        if (!Parse(&value))
          return false;
        std::pair<std::string, Value> member(key, value); // EXPECT: heapwise-copy-on-last-use
        members.insert(member); // EXPECT: heapwise-copy-on-last-use
      } while (Consume(','));
      if (!Consume('}'))
        return false;
    }
    *out = object; // EXPECT: heapwise-copy-on-last-use
    return true;
  }

  std::string text_;
  size_t pos_ = 0;
};

class Emitter {
public:
  void Emit(const Value &v) {
    switch (v.type()) {
    case Value::Null:
      out_ += "null";
      break;
    case Value::Number:
      EmitNumber(v.num());
      break;
    case Value::String:
      out_ += std::string("\"") + v.str() + "\""; // MAYBE: heapwise-string-concat-in-loop (no loop here, but Emit recurses per value)
      break;
    case Value::Array:
      EmitArray(v.items());
      break;
    case Value::Object: {
      out_ += '{';
      bool first = true;
      for (const auto &kv : v.members()) {
        if (!first)
          out_ += ',';
        first = false;
        out_ += "\"" + kv.first + "\":"; // EXPECT: heapwise-string-concat-in-loop
        Emit(kv.second);
      }
      out_ += '}';
      break;
    }
    }
  }

  void EmitNumber(double d) {
    char buf[32];
    int n = std::snprintf(buf, sizeof(buf), "%.6g", d);
    out_.append(buf, static_cast<size_t>(n));
  }

  void EmitArray(const std::vector<Value> &items) {
    out_ += '[';
    for (size_t i = 0; i < items.size(); ++i) {
      if (i)
        out_ += ',';
      if (items[i].type() == Value::Number) {
        std::string buffer(36, '\0'); // EXPECT: heapwise-small-vector MAYBE: heapwise-container-in-loop
        int n = std::snprintf(&buffer[0], buffer.size(), "%.6g", items[i].num());
        out_.append(buffer.data(), static_cast<size_t>(n));
      } else {
        Emit(items[i]);
      }
    }
    out_ += ']';
  }

  const std::string &str() const { return out_; }

private:
  std::string out_;
};

std::string MakeDocument(int n) {
  std::string doc = "{\"name\": \"corpus\", \"values\": [";
  for (int i = 0; i < n; ++i) {
    if (i)
      doc += ", ";
    doc += std::to_string(i % 7) + ".5"; // EXPECT: heapwise-string-concat-in-loop
  }
  doc += "], \"tags\": [\"a\", \"b\"], \"nested\": {\"k\": \"v\", \"n\": 1}}";
  return doc;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::string text = MakeDocument(n);
  Parser parser(text);
  Value doc;
  bool ok = parser.Parse(&doc);
  Emitter emitter;
  emitter.Emit(doc);
  std::vector<double> numbers(static_cast<size_t>(n % 5), 1.5);
  std::list<std::string> words = {"x", "yy"};
  std::vector<Value> a = ToValues(numbers);
  std::vector<Value> b = ToValues(words);
  Emitter more;
  more.EmitArray(a);
  more.EmitArray(b);
  std::string keys;
  for (const std::string &k : doc.Keys()) {
    keys += k; // NOT: heapwise-missing-reserve (pieces of unknown length)
    keys += ' ';
  }
  std::printf("ok=%d text=%zu\n%s\n%s\nkeys=%s\n", ok, text.size(), emitter.str().c_str(),
              more.str().c_str(), keys.c_str());
}
