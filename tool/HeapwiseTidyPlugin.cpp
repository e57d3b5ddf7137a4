//===- HeapwiseTidyPlugin.cpp - clang-tidy plugin entry point ------------===//
//
// Loading this library into clang-tidy-19 runs the static registration of the
// heapwise module (checks/HeapwiseTidyModule.cpp). The check library is
// static, so the registration object is pulled in through its anchor.
//
//===----------------------------------------------------------------------===//

namespace clang::tidy {
extern volatile int HeapwiseModuleAnchorSource;
[[maybe_unused]] static int HeapwiseModuleAnchorDestination =
    HeapwiseModuleAnchorSource;
} // namespace clang::tidy
