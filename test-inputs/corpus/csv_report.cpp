// A CSV reader and report writer: rows split into fields, per-row scratch
// containers, summaries allocated for the length of one function, a
// most-recently-used list, manual and exact reserves.
// RUN-ARGS: 0 | 1 | 8 | 400
// FLAGS: -std=c++17
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using Row = std::vector<std::string>;

Row SplitRow(const std::string &line) {
  Row fields;
  std::string field;
  for (char c : line) {
    if (c == ',') {
      fields.push_back(field); // EXPECT: heapwise-copy-on-last-use
      field.clear();
    } else {
      field.push_back(c); // NOT: heapwise-missing-reserve (conditional)
    }
  }
  fields.push_back(field); // EXPECT: heapwise-copy-on-last-use
  return fields;
}

std::vector<Row> ReadRows(const std::string &text) {
  std::vector<Row> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    rows.push_back(SplitRow(line)); // NOT: heapwise-missing-reserve (unknown count)
  return rows;
}

double Median(const std::vector<double> &values) {
  if (values.empty())
    return 0;
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  return sorted[sorted.size() / 2];
}

double MedianOfRows(const std::vector<Row> &rows) {
  double total = 0;
  for (const Row &row : rows) {
    std::vector<double> values; // EXPECT: heapwise-container-in-loop
    for (size_t i = 1; i < row.size(); ++i)
      values.push_back(std::atof(row[i].c_str())); // EXPECT: heapwise-missing-reserve
    total += Median(values);
  }
  return total;
}

size_t DistinctKeys(const std::vector<Row> &rows) {
  std::set<std::string> seen;
  size_t distinct = 0;
  for (const Row &row : rows) {
    std::string key; // EXPECT: heapwise-container-in-loop
    for (const std::string &f : row) {
      key += f;
      key += '|';
    }
    if (seen.find(key) == seen.end()) {
      ++distinct;
      seen.insert(key); // MAYBE: heapwise-copy-on-last-use (moving it in or hoisting it both save an allocation)
    }
  }
  return distinct;
}

std::vector<std::vector<double>> Columns(const std::vector<Row> &rows, size_t width) {
  std::vector<std::vector<double>> table;
  for (size_t c = 0; c < width; ++c) {
    std::vector<double> column; // NOT: heapwise-container-in-loop (moved out)
    for (const Row &row : rows)
      if (c < row.size())
        column.push_back(std::atof(row[c].c_str()));
    table.push_back(std::move(column)); // EXPECT: heapwise-missing-reserve
  }
  return table;
}

std::string Join(const std::vector<Row> &rows) {
  std::string out;
  for (const Row &row : rows) {
    for (const std::string &f : row) {
      out.reserve(out.size() + f.size() + 1); // EXPECT: heapwise-reserve-in-loop
      out.append(f);
      out.push_back(';');
    }
  }
  return out;
}

std::string Pack(const std::vector<Row> &rows) {
  std::string out;
  for (const Row &row : rows) {
    for (const std::string &f : row) {
      size_t needed = out.size() + f.size() + 1;
      if (out.capacity() < needed)
        out.reserve(2 * needed); // NOT: heapwise-reserve-in-loop (grows geometrically)
      out.append(f);
      out.push_back(',');
    }
  }
  return out;
}

class RecentFiles {
public:
  void Touch(const std::vector<std::string> &names) {
    for (const std::string &name : names) {
      recent_.insert(recent_.begin(), name); // EXPECT: heapwise-front-insert-in-loop
      if (recent_.size() > 4)
        recent_.pop_back();
    }
  }
  void Append(const std::vector<std::string> &names) {
    for (const std::string &name : names)
      all_.insert(all_.end(), name); // NOT: heapwise-front-insert-in-loop (at the end) EXPECT: heapwise-missing-reserve
  }
  size_t size() const { return recent_.size() + all_.size(); }

private:
  std::vector<std::string> recent_;
  std::vector<std::string> all_;
};

struct Summary {
  double total = 0;
  size_t cells = 0;
};

struct BigTable {
  double cells[512] = {};
};

double Summarize(const std::vector<Row> &rows) {
  std::unique_ptr<Summary> summary(new Summary()); // EXPECT: heapwise-small-heap-object
  for (const Row &row : rows)
    for (const std::string &f : row) {
      summary->total += static_cast<double>(f.size());
      summary->cells++;
    }
  auto big = std::make_unique<BigTable>(); // NOT: heapwise-small-heap-object (4 KiB)
  big->cells[0] = summary->total;
  std::unique_ptr<char[]> scratch(new char[16]); // NOT: heapwise-small-heap-object (an array)
  scratch[0] = 'x';
  return big->cells[0] + static_cast<double>(summary->cells) + (scratch[0] == 'x' ? 1 : 0);
}

std::string Header() {
  std::vector<int> widths = {8, 12, 6}; // EXPECT: heapwise-small-vector
  std::string out;
  for (int w : widths)
    out += std::to_string(w) + " "; // EXPECT: heapwise-string-concat-in-loop
  return out;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::string text;
  for (int i = 0; i < n; ++i)
    text += "r" + std::to_string(i % 17) + "," + std::to_string(i % 5) + "," + std::to_string(i * 3) + "\n"; // EXPECT: heapwise-string-concat-in-loop
  std::vector<Row> rows = ReadRows(text);
  RecentFiles recent;
  std::vector<std::string> names;
  for (const Row &row : rows)
    names.push_back(row[0]); // EXPECT: heapwise-missing-reserve
  recent.Touch(names);
  recent.Append(names);
  recent.Append(names);
  std::printf("rows=%zu median=%g distinct=%zu columns=%zu join=%zu pack=%zu recent=%zu summary=%g %s\n",
              rows.size(), MedianOfRows(rows), DistinctKeys(rows), Columns(rows, 3).size(),
              Join(rows).size(), Pack(rows).size(), recent.size(), Summarize(rows), Header().c_str());
}
