//===- SizeBound.h - the largest size a local container can reach ---------===//

#ifndef HEAPWISE_CHECKS_ANALYSIS_SIZEBOUND_H
#define HEAPWISE_CHECKS_ANALYSIS_SIZEBOUND_H

#include "ParentIndex.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::heapwise {

/// The most elements the local container \p Var can hold: its initial
/// elements (an initializer list, a constant count) plus, for each statement
/// of its scope, the growth sites in \p Sites (calls that add one element)
/// times the constant trip counts of the loops around them; the branches of an
/// `if` or `?:` count as the larger one. Nullopt when a growth site is in a
/// loop whose trip count is not a constant, or the initial size is unknown.
/// Callers make sure nothing else grows the container.
std::optional<uint64_t> maxSize(const VarDecl *Var,
                                const llvm::SmallPtrSetImpl<const Stmt *> &Sites,
                                const FunctionContext &Ctx);

} // namespace clang::tidy::heapwise

#endif
