//===- CheckCatalog.cpp ---------------------------------------------------===//

#include "CheckCatalog.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#ifndef HEAPWISE_DOCS_URL
#error "HEAPWISE_DOCS_URL: the folder URL of the check doc pages, ending in '/'"
#endif

namespace heapwise {

static const CheckInfo Catalog[] = {
    {"heapwise-container-in-loop",
     "Container constructed and grown on every loop iteration",
     "A vector or string default-constructed inside a loop body and grown there "
     "allocates its buffer afresh on every iteration. Declare it once before the "
     "loop and clear() it where it was declared, which keeps its capacity."},
    {"heapwise-copy-on-last-use",
     "Allocating local copied at its last use",
     "A string, container or class holding one that is copied where it is used "
     "for the last time (passed by value, pushed into a container, assigned, "
     "returned as a member) allocates a copy only to destroy the original. "
     "std::move it instead."},
    {"heapwise-front-insert-in-loop",
     "Insertion at the front of a vector or string in a loop",
     "v.insert(v.begin(), x) moves every element on each call, so a loop of them "
     "is quadratic. Append in the loop and reverse once after it, or use "
     "std::deque."},
    {"heapwise-missing-reserve",
     "Container grown element by element in a loop with a known trip count",
     "A container that grows one element at a time in a loop whose trip count is "
     "known before the loop starts reallocates log2(n) times. reserve() the count "
     "before the loop."},
    {"heapwise-reserve-in-loop",
     "reserve() inside the loop that grows the container",
     "A reserve() whose argument grows with the loop reallocates to the exact "
     "size on each iteration and defeats geometric growth. Remove it and reserve "
     "the total before the loop."},
    {"heapwise-small-heap-object",
     "Small heap object that never leaves the function",
     "A small object created with make_unique, make_shared or new and owned by a "
     "local smart pointer that never leaves the function can live on the stack."},
    {"heapwise-small-vector",
     "Local vector bounded by a small size",
     "A local std::vector whose size is provably bounded by a small N and that "
     "never leaves the function can be a heapwise::small_vector<T, N>, which "
     "keeps its elements inline with no heap allocation.",
     "heapwise/small_vector.h needs C++17"},
    {"heapwise-string-concat-in-loop",
     "String rebuilt by concatenation in a loop",
     "s = s + x copies the whole string on every iteration. Append in place "
     "with +=."},
};

const CheckInfo *checkInfo(llvm::StringRef Name) {
  const CheckInfo *Found = llvm::find_if(
      Catalog, [&](const CheckInfo &C) { return Name == C.Name; });
  return Found == std::end(Catalog) ? nullptr : Found;
}

std::string docsFolderUrl() { return HEAPWISE_DOCS_URL; }

std::string checkDocUrl(llvm::StringRef Name) {
  return (llvm::Twine(HEAPWISE_DOCS_URL) + Name + ".md").str();
}

} // namespace heapwise
