// Counts heap allocations through the global operator new (heap_counter.cpp
// replaces it). A separate translation unit so the compiler cannot inline it
// and then drop the malloc/free pair it would see, leaving only the count.
#pragma once

#include <cstdint>

namespace heapwise_bench {

// operator new calls made by this thread so far.
std::uint64_t heap_allocations() noexcept;
// Bytes those calls asked for.
std::uint64_t heap_bytes() noexcept;

}  // namespace heapwise_bench
