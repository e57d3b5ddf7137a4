//===- StackReading.h - what an allocation's call stack says --------------===//
//
// heaptrack's frames carry demangled names with their parameters
// ("std::vector<int, std::allocator<int> >::_M_realloc_insert<int>(...)").
// These helpers read them: which library path an allocation went through
// (growth, copy, node insertion, ...), and where the project's own code
// called it. libstdc++'s internal names are what is matched; other standard
// libraries give "other".
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_TOOL_STACKREADING_H
#define HEAPWISE_TOOL_STACKREADING_H

#include "HeapProfile.h"
#include <optional>
#include <string>
#include <string_view>

namespace heapwise {

/// The library path an allocation went through, read from the frames
/// between the project's call and the allocation function.
enum class AllocationCause {
  VectorGrowth,     ///< vector/deque reallocation, reserve, resize
  StringGrowth,     ///< append, +=, reserve, resize of a string
  StringConcat,     ///< operator+ building a new string
  StringCopy,       ///< a string's copy constructor or copy assignment
  StringBuild,      ///< a string made from characters (literal, char*, substr)
  ContainerCopy,    ///< a container's copy constructor or copy assignment
  MapNode,          ///< node insertion into std::map/set/multimap/multiset
  HashNode,         ///< node insertion into, or rehash of, std::unordered_*
  ListNode,         ///< node insertion into std::list/forward_list
  Stream,           ///< construction or growth of a string stream
  SharedObject,     ///< make_shared/allocate_shared
  Function,         ///< std::function storing its callable
  NewObject,        ///< new-expression or make_unique of an object
  Other,
};

/// "vector growth", "node insertion into std::map", ...
std::string_view describe(AllocationCause C);
/// The kind of fix that removes such allocations, one line; empty when
/// there is no general one.
std::string_view suggestion(AllocationCause C);

/// Reads \p Stack's frames inward from \p CallerIndex (the project frame
/// that called into the library) down to the allocation function.
AllocationCause causeOf(const std::vector<profile::Frame> &Stack, size_t CallerIndex);

/// "Builder::AddTarget" for "Builder::AddTarget(Node*, std::string const&)":
/// without template arguments, ABI tags and parameters.
std::string shortFunctionName(std::string_view Name);

/// True for `T::T(T const&)` and `T::operator=(T const&)`.
bool isCopyOperation(std::string_view Name);
/// A copy operation, or the frame a string copy shows as when its copy
/// constructor was tail-called.
bool isCopyPath(std::string_view Name);

/// True for the library's buffer (re)allocation paths of vectors, strings,
/// deques and hash tables' bucket arrays: what a reserve avoids.
bool isGrowthPath(std::string_view Name);

/// Frames the project wrote: with a file and line, in a module that is not a
/// system library, and (for absolute paths) below \p Root and not in /usr.
bool isProjectFrame(const profile::Frame &F, std::string_view Root);

/// Where the project's code called what allocated: the innermost project
/// frame, passing over copy constructors and copy assignments (a class's
/// implicit copy constructor is "at" its definition; the copy is made where
/// it is called).
std::optional<size_t> callSite(const std::vector<profile::Frame> &Stack, std::string_view Root);

} // namespace heapwise

#endif
