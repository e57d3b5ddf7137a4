// Which malloc does this process really use? Asked from inside the process, so
// that a report never credits an allocator whose LD_PRELOAD silently failed.
#pragma once

#include <string>
#include <vector>

namespace heapwise_bench {

struct allocator_info {
  std::string name;     // glibc, jemalloc, mimalloc, tcmalloc or unknown
  std::string library;  // the shared object that defines the `malloc` this process calls
  std::string version;  // as the allocator itself reports it, or empty
  // Every loaded object whose name says it is an allocator (dl_iterate_phdr).
  std::vector<std::string> loaded_allocator_libraries;
};

allocator_info detect_allocator();

}  // namespace heapwise_bench
