// heapwise::counting_resource: a std::pmr::memory_resource that forwards to an
// upstream resource and counts what passes through it, optionally reporting
// every event to a callback (for logging).
//
//   heapwise::counting_resource counter;               // upstream: default resource
//   std::pmr::vector<int> v(&counter);
//   v.push_back(1);
//   counter.allocations();                              // 1
//
//   heapwise::counting_resource logged(std::pmr::new_delete_resource(),
//       [](const heapwise::allocation_event& e) { std::printf("%zu\n", e.bytes); });
//
// Not thread-safe: give each thread its own, as for monotonic_buffer_resource.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory_resource>
#include <utility>

namespace heapwise {

struct allocation_event {
  enum class kind { allocate, deallocate };
  kind what;
  void* pointer;
  std::size_t bytes;
  std::size_t alignment;
};

class counting_resource final : public std::pmr::memory_resource {
 public:
  using callback = std::function<void(const allocation_event&)>;

  explicit counting_resource(std::pmr::memory_resource* upstream = std::pmr::get_default_resource(),
                             callback on_event = {})
      : upstream_(upstream), on_event_(std::move(on_event)) {}

  counting_resource(const counting_resource&) = delete;
  counting_resource& operator=(const counting_resource&) = delete;

  // Counts since construction or the last reset_counters().
  std::size_t allocations() const noexcept { return allocations_; }
  std::size_t deallocations() const noexcept { return deallocations_; }
  std::size_t bytes_allocated() const noexcept { return bytes_allocated_; }
  std::size_t bytes_deallocated() const noexcept { return bytes_deallocated_; }
  // Bytes allocated through this resource and not yet deallocated.
  std::size_t bytes_in_use() const noexcept { return bytes_in_use_; }
  // Highest bytes_in_use() since construction or the last reset_counters().
  std::size_t peak_bytes_in_use() const noexcept { return peak_bytes_in_use_; }

  // Zeroes the counts; the peak restarts from what is in use now (which is
  // still tracked, so later deallocations stay consistent).
  void reset_counters() noexcept {
    allocations_ = deallocations_ = bytes_allocated_ = bytes_deallocated_ = 0;
    peak_bytes_in_use_ = bytes_in_use_;
  }

  std::pmr::memory_resource* upstream_resource() const noexcept { return upstream_; }

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override {
    void* p = upstream_->allocate(bytes, alignment);  // a failure is not counted
    const std::size_t peak_before = peak_bytes_in_use_;
    ++allocations_;
    bytes_allocated_ += bytes;
    bytes_in_use_ += bytes;
    peak_bytes_in_use_ = std::max(peak_bytes_in_use_, bytes_in_use_);
    if (on_event_) {
      // A callback that throws fails the allocation: the block goes back to
      // the upstream and the counts are as if it had never been asked for.
      try {
        on_event_({allocation_event::kind::allocate, p, bytes, alignment});
      } catch (...) {
        --allocations_;
        bytes_allocated_ -= bytes;
        bytes_in_use_ -= bytes;
        peak_bytes_in_use_ = peak_before;
        upstream_->deallocate(p, bytes, alignment);
        throw;
      }
    }
    return p;
  }

  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override {
    upstream_->deallocate(p, bytes, alignment);
    ++deallocations_;
    bytes_deallocated_ += bytes;
    bytes_in_use_ -= bytes;
    if (on_event_) on_event_({allocation_event::kind::deallocate, p, bytes, alignment});
  }

  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }

  std::pmr::memory_resource* upstream_;
  callback on_event_;
  std::size_t allocations_ = 0;
  std::size_t deallocations_ = 0;
  std::size_t bytes_allocated_ = 0;
  std::size_t bytes_deallocated_ = 0;
  std::size_t bytes_in_use_ = 0;
  std::size_t peak_bytes_in_use_ = 0;
};

}  // namespace heapwise
