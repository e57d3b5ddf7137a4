// A job scheduler: jobs expand into tasks through pointer outputs, members
// filled by member functions called again and again, results returned from
// locals, work lists, and look-alikes that must stay as they are.
// RUN-ARGS: 0 | 1 | 7 | 350
// FLAGS: -std=c++17
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct Task {
  int job;
  int shard;
};

struct Job {
  int id;
  int shards;
  std::string name;
  std::vector<int> deps;
};

struct Result {
  int status = 0;
  std::string log;
};

Result Run(const Job &job) {
  Result r;
  r.status = job.shards % 3;
  r.log = job.name + ":" + std::to_string(job.shards);
  return r;
}

class Scheduler {
public:
  void SetName(std::string name) { name_ = name; } // EXPECT: heapwise-copy-on-last-use

  void Expand(const Job &job, std::vector<Task> *out) const {
    for (int i = 0; i < job.shards; ++i)
      out->push_back(Task{job.id, i}); // EXPECT: heapwise-missing-reserve
  }

  void DependencyNames(std::vector<std::string> *out) const {
    for (auto it = deps_.begin(); it != deps_.end(); ++it)
      (*out).push_back(it->first); // EXPECT: heapwise-missing-reserve
  }

  void AddJobs(const std::vector<Job> &jobs) {
    for (const Job &j : jobs) {
      deps_[j.name] = static_cast<int>(j.deps.size());
      ids_.push_back(j.id); // EXPECT: heapwise-missing-reserve
    }
  }

  std::vector<Task> Plan(const std::vector<Job> &jobs) const {
    std::vector<Task> tasks;
    for (const Job &j : jobs) {
      tasks.reserve(tasks.size() + static_cast<size_t>(j.shards)); // EXPECT: heapwise-reserve-in-loop
      for (int s = 0; s < j.shards; ++s)
        tasks.push_back(Task{j.id, s});
    }
    return tasks;
  }

  // Rows of equal width: the reserve is for a buffer cleared per row.
  size_t Grid(int rows, int cols) const {
    std::vector<int> row;
    size_t total = 0;
    for (int r = 0; r < rows; ++r) {
      row.clear();
      row.reserve(static_cast<size_t>(cols)); // NOT: heapwise-reserve-in-loop (a reused buffer)
      for (int c = 0; c < cols; ++c)
        row.push_back(r * c);
      total += row.size();
    }
    return total;
  }

  size_t CountReady(const std::vector<Job> &jobs, const std::vector<bool> &done) const {
    size_t count = 0;
    for (const Job &j : jobs) {
      std::vector<int> ready; // EXPECT: heapwise-container-in-loop
      for (int d : j.deps)
        if (d >= 0 && static_cast<size_t>(d) < done.size() && done[static_cast<size_t>(d)])
          ready.push_back(d);
      count += ready.size();
    }
    return count;
  }

  std::vector<std::vector<int>> Groups(const std::vector<Job> &jobs) const {
    std::vector<std::vector<int>> groups;
    for (const Job &j : jobs) {
      std::vector<int> group; // NOT: heapwise-container-in-loop (moved out)
      for (int d : j.deps)
        if (d % 2 == 0)
          group.push_back(d);
      groups.push_back(std::move(group)); // EXPECT: heapwise-missing-reserve
    }
    return groups;
  }

  std::string LastLog(const Job &job) const {
    Result r = Run(job);
    if (r.status == 2)
      return std::string("failed");
    return r.log; // EXPECT: heapwise-copy-on-last-use
  }

  Result RunChecked(const Job &job) const {
    Result r = Run(job);
    r.status += 10;
    return r; // NOT: heapwise-copy-on-last-use (implicit move)
  }

  // The order in which jobs become runnable: a work list, no known count.
  std::vector<int> Order(const std::vector<Job> &jobs) const {
    std::vector<int> order;
    std::vector<int> queue;
    for (const Job &j : jobs)
      if (j.deps.empty())
        queue.push_back(j.id); // NOT: heapwise-missing-reserve (conditional)
    size_t head = 0;
    while (head < queue.size()) {
      int id = queue[head++];
      order.push_back(id); // NOT: heapwise-missing-reserve (work list)
      for (const Job &j : jobs)
        if (!j.deps.empty() && j.deps[0] == id)
          queue.push_back(j.id);
    }
    return order;
  }

  void Split(int n, std::vector<int> *evens, std::vector<int> *odds) const {
    std::vector<int> *target = evens;
    for (int i = 0; i < n; ++i) {
      target = (i % 2) ? odds : evens;
      target->push_back(i); // NOT: heapwise-missing-reserve (the pointer is reseated)
    }
  }

  size_t Bounded(int n, size_t limit) const {
    std::vector<int> v;
    size_t grown = 0;
    for (int i = 0; i < n; ++i) {
      size_t before = v.capacity();
      v.push_back(i); // NOT: heapwise-missing-reserve (reads capacity)
      if (v.capacity() != before && v.capacity() > limit)
        ++grown;
    }
    return grown;
  }

  void Label(const std::vector<Job> &jobs, std::vector<std::string> *labels) const {
    for (const Job &j : jobs) {
      const std::string label = j.name + "#" + std::to_string(j.id);
      labels->push_back(label); // NOT: heapwise-copy-on-last-use (const) EXPECT: heapwise-missing-reserve
    }
  }

  size_t Names(const std::vector<Job> &jobs, std::vector<std::string> *names) const {
    size_t prefix = 0;
    for (const Job &j : jobs) {
      std::string name = j.name + "/" + std::to_string(j.shards);
      std::string_view view(name);
      names->push_back(name); // NOT: heapwise-copy-on-last-use (a string_view into it is read after) EXPECT: heapwise-missing-reserve
      prefix += view.substr(0, 2).size();
    }
    return prefix;
  }

  const std::string &name() const { return name_; }
  size_t ids() const { return ids_.size(); }

private:
  std::string name_;
  std::map<std::string, int> deps_;
  std::vector<int> ids_;
};

int main(int argc, char **argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 0;
  std::vector<Job> jobs;
  for (int i = 0; i < n; ++i) {
    Job job{i, i % 5, "job" + std::to_string(i), {}};
    if (i > 0)
      job.deps.push_back(i - 1);
    if (i > 3)
      job.deps.push_back(i / 2);
    jobs.push_back(job); // EXPECT: heapwise-copy-on-last-use, heapwise-missing-reserve
  }
  Scheduler s;
  s.SetName("main-" + std::to_string(n));
  std::vector<Task> tasks;
  for (const Job &j : jobs)
    s.Expand(j, &tasks);
  for (int round = 0; round < 3; ++round)
    s.AddJobs(jobs);
  std::vector<std::string> depNames;
  s.DependencyNames(&depNames);
  std::vector<bool> done(static_cast<size_t>(n), false);
  for (int i = 0; i < n; i += 2)
    done[static_cast<size_t>(i)] = true;
  std::vector<int> evens, odds;
  s.Split(n % 11, &evens, &odds);
  std::vector<std::string> labels, names;
  s.Label(jobs, &labels);
  size_t prefix = s.Names(jobs, &names);
  std::string last = jobs.empty() ? std::string("-") : s.LastLog(jobs.back());
  int checked = jobs.empty() ? 0 : s.RunChecked(jobs.front()).status;
  std::printf("%s tasks=%zu plan=%zu deps=%zu ids=%zu grid=%zu ready=%zu groups=%zu order=%zu\n",
              s.name().c_str(), tasks.size(), s.Plan(jobs).size(), depNames.size(), s.ids(),
              s.Grid(n % 6, 4), s.CountReady(jobs, done), s.Groups(jobs).size(), s.Order(jobs).size());
  std::printf("split=%zu/%zu bounded=%zu labels=%zu names=%zu prefix=%zu last=%s checked=%d\n",
              evens.size(), odds.size(), s.Bounded(n % 100, 16), labels.size(), names.size(), prefix,
              last.c_str(), checked);
}
