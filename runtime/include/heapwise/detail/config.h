// Internal macros shared by the heapwise headers. Not part of the public API.
#pragma once

// `if (x) HEAPWISE_LIKELY {`: the C++20 attribute where it exists (C++17
// compilers warn about it as an extension).
#if __cplusplus > 201703L && __has_cpp_attribute(likely)
#define HEAPWISE_LIKELY [[likely]]
#else
#define HEAPWISE_LIKELY
#endif
