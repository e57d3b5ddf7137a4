// A key-value store shaped like leveldb: Slice, a WriteBatch kept as one
// string, iterators behind a virtual interface, `std::string *dst` outputs.
// RUN-ARGS: 0 | 1 | 9 | 400
// FLAGS: -std=c++17
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

class Slice {
public:
  Slice() : data_(""), size_(0) {}
  Slice(const char *d, size_t n) : data_(d), size_(n) {}
  Slice(const std::string &s) : data_(s.data()), size_(s.size()) {}
  Slice(const char *s) : data_(s), size_(std::strlen(s)) {}
  const char *data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  char operator[](size_t n) const { return data_[n]; }
  void remove_prefix(size_t n) { data_ += n; size_ -= n; }
  std::string ToString() const { return std::string(data_, size_); }

private:
  const char *data_;
  size_t size_;
};

void PutVarint32(std::string *dst, uint32_t v) {
  char buf[5];
  char *ptr = buf;
  while (v >= 128) {
    *(ptr++) = static_cast<char>(v | 128);
    v >>= 7;
  }
  *(ptr++) = static_cast<char>(v);
  dst->append(buf, static_cast<size_t>(ptr - buf)); // NOT: heapwise-missing-reserve (one append, no loop)
}

bool GetVarint32(Slice *input, uint32_t *value) {
  uint32_t result = 0;
  for (uint32_t shift = 0; shift <= 28 && !input->empty(); shift += 7) {
    uint32_t byte = static_cast<unsigned char>((*input)[0]);
    input->remove_prefix(1);
    if (byte & 128) {
      result |= ((byte & 127) << shift);
    } else {
      *value = result | (byte << shift);
      return true;
    }
  }
  return false;
}

void PutLengthPrefixedSlice(std::string *dst, const Slice &value) {
  PutVarint32(dst, static_cast<uint32_t>(value.size()));
  dst->append(value.data(), value.size());
}

void AppendEscapedStringTo(std::string *str, const Slice &value) {
  for (size_t i = 0; i < value.size(); i++) {
    char c = value[i];
    if (c >= ' ' && c <= '~') {
      str->push_back(c); // NOT: heapwise-missing-reserve (conditional)
    } else {
      char buf[10];
      std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned>(c) & 0xff);
      str->append(buf);
    }
  }
}

std::string EscapeString(const Slice &value) {
  std::string r;
  AppendEscapedStringTo(&r, value);
  return r;
}

class WriteBatch {
public:
  void Put(const Slice &key, const Slice &value) {
    rep_.push_back('P');
    PutLengthPrefixedSlice(&rep_, key);
    PutLengthPrefixedSlice(&rep_, value);
    ++count_;
  }

  // Appends keys NUL-terminated, as a prefix index does.
  void AppendKeys(const std::vector<std::string> &keys) {
    for (const std::string &key : keys) {
      index_.reserve(index_.size() + key.size() + 1); // EXPECT: heapwise-reserve-in-loop
      index_.append(key);
      index_.push_back('\0');
    }
  }

  template <class Handler> bool Iterate(Handler &handler) const {
    Slice input(rep_);
    while (!input.empty()) {
      input.remove_prefix(1);
      uint32_t klen = 0, vlen = 0;
      if (!GetVarint32(&input, &klen) || input.size() < klen)
        return false;
      Slice key(input.data(), klen);
      input.remove_prefix(klen);
      if (!GetVarint32(&input, &vlen) || input.size() < vlen)
        return false;
      Slice value(input.data(), vlen);
      input.remove_prefix(vlen);
      handler.Put(key, value);
    }
    return true;
  }

  int count() const { return count_; }
  size_t index_size() const { return index_.size(); }

private:
  std::string rep_;
  std::string index_;
  int count_ = 0;
};

class Iterator {
public:
  virtual ~Iterator() = default;
  virtual bool Valid() const = 0;
  virtual void SeekToFirst() = 0;
  virtual void Next() = 0;
  virtual Slice key() const = 0;
  virtual Slice value() const = 0;
};

class MemTable {
public:
  void Put(const Slice &key, const Slice &value) { table_[key.ToString()] = value.ToString(); }
  bool Get(const Slice &key, std::string *value) const {
    auto it = table_.find(key.ToString());
    if (it == table_.end())
      return false;
    *value = it->second;
    return true;
  }

  class MapIterator : public Iterator {
  public:
    explicit MapIterator(const std::map<std::string, std::string> *m) : map_(m), it_(m->end()) {}
    bool Valid() const override { return it_ != map_->end(); }
    void SeekToFirst() override { it_ = map_->begin(); }
    void Next() override { ++it_; }
    Slice key() const override { return Slice(it_->first); }
    Slice value() const override { return Slice(it_->second); }

  private:
    const std::map<std::string, std::string> *map_;
    std::map<std::string, std::string>::const_iterator it_;
  };

  Iterator *NewIterator() const { return new MapIterator(&table_); }

  void MultiGet(const std::vector<Slice> &keys, std::vector<std::string> *values) const {
    for (const Slice &k : keys) {
      std::string v; // MAYBE: heapwise-container-in-loop (hoisting or moving it out save the same)
      Get(k, &v);
      values->push_back(v); // EXPECT: heapwise-copy-on-last-use, heapwise-missing-reserve
    }
  }

private:
  std::map<std::string, std::string> table_;
};

struct Inserter {
  MemTable *mem;
  void Put(const Slice &key, const Slice &value) { mem->Put(key, value); }
};

std::string Key(int i) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "key%06d", i);
  return std::string(buf);
}

std::vector<std::string> MakeKeys(int n) {
  std::vector<std::string> keys;
  for (int i = 0; i < n; ++i)
    keys.push_back(Key(i)); // EXPECT: heapwise-missing-reserve
  return keys;
}

std::vector<std::string> AllKeys(const MemTable &mem) {
  std::vector<std::string> keys;
  std::unique_ptr<Iterator> it(mem.NewIterator()); // NOT: heapwise-small-heap-object (polymorphic)
  for (it->SeekToFirst(); it->Valid(); it->Next())
    keys.push_back(it->key().ToString()); // NOT: heapwise-missing-reserve (unknown count)
  return keys;
}

std::string InternalKeyDebug(const Slice &user_key, uint64_t seq) {
  std::string result = "'";
  result += EscapeString(user_key) + "' @ "; // NOT: heapwise-string-concat-in-loop (no loop)
  result += std::to_string(seq);
  return result;
}

std::string DumpBatch(const std::vector<std::pair<std::string, std::string>> &batch) {
  std::string out;
  for (const auto &kv : batch)
    out += kv.first + "=" + kv.second + "\n"; // EXPECT: heapwise-string-concat-in-loop
  return out;
}

size_t KeyAndValueSize(const Slice &a, const Slice &b) {
  std::vector<Slice> parts; // EXPECT: heapwise-small-vector
  parts.push_back(a);
  parts.push_back(b);
  size_t total = 0;
  for (const Slice &p : parts)
    total += p.size();
  return total;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<std::string> keys = MakeKeys(n);
  WriteBatch batch;
  for (const std::string &k : keys)
    batch.Put(k, "v" + k.substr(3));
  batch.AppendKeys(keys);
  batch.AppendKeys(keys);
  MemTable mem;
  Inserter inserter{&mem};
  bool ok = batch.Iterate(inserter);
  std::vector<Slice> lookups; // NOT: heapwise-small-vector (passed as a std::vector)
  lookups.push_back("key000001");
  lookups.push_back("nokey");
  std::vector<std::string> values;
  mem.MultiGet(lookups, &values);
  mem.MultiGet(lookups, &values);
  std::vector<std::string> all = AllKeys(mem);
  std::vector<std::pair<std::string, std::string>> pairs;
  pairs.emplace_back("a", EscapeString(Slice("x\001y", 3)));
  if (!all.empty())
    pairs.emplace_back(all.front(), all.back());
  std::string dump = DumpBatch(pairs);
  std::printf("ok=%d count=%d index=%zu values=%zu/%s all=%zu debug=%s sizes=%zu\n%s", ok,
              batch.count(), batch.index_size(), values.size(), values.empty() ? "" : values[0].c_str(),
              all.size(), InternalKeyDebug("k\n", 7).c_str(), KeyAndValueSize("ab", "cde"),
              dump.c_str());
}
