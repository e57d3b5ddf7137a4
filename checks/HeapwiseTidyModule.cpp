//===- HeapwiseTidyModule.cpp - the heapwise clang-tidy module -----------===//

#include "ContainerInLoopCheck.h"
#include "CopyOnLastUseCheck.h"
#include "FrontInsertInLoopCheck.h"
#include "MissingReserveCheck.h"
#include "ReserveInLoopCheck.h"
#include "SmallHeapObjectCheck.h"
#include "SmallVectorCheck.h"
#include "StringConcatInLoopCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy {
namespace heapwise {

class HeapwiseModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<ContainerInLoopCheck>("heapwise-container-in-loop");
    Factories.registerCheck<CopyOnLastUseCheck>("heapwise-copy-on-last-use");
    Factories.registerCheck<FrontInsertInLoopCheck>(
        "heapwise-front-insert-in-loop");
    Factories.registerCheck<MissingReserveCheck>("heapwise-missing-reserve");
    Factories.registerCheck<ReserveInLoopCheck>("heapwise-reserve-in-loop");
    Factories.registerCheck<SmallHeapObjectCheck>("heapwise-small-heap-object");
    Factories.registerCheck<SmallVectorCheck>("heapwise-small-vector");
    Factories.registerCheck<StringConcatInLoopCheck>(
        "heapwise-string-concat-in-loop");
  }
};

} // namespace heapwise

static ClangTidyModuleRegistry::Add<heapwise::HeapwiseModule>
    X("heapwise-module", "Checks that find and fix allocation hotspots.");

// Referenced by every binary that links the check library, so that the static
// linker keeps this object file and its registration.
volatile int HeapwiseModuleAnchorSource = 0;

} // namespace clang::tidy
