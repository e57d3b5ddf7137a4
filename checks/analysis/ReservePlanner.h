//===- ReservePlanner.h - one reserve() before a loop ---------------------===//
//
// Works out whether a container's growth inside a loop (or a std::copy into a
// back_inserter) has a count known before it starts, and writes the reserve
// that makes it one allocation: every growth site runs on each iteration of
// loops whose trip counts are known and invariant, nothing else changes the
// container or the count, and the container was not reserved or sized before.
//
// The reserve never makes code slower. A container that starts empty in the
// function gets the exact `reserve(n)` (pushes right after the loop
// counted in); one that may arrive with elements (a member, a reference or
// pointer parameter, a global) may be appended to on every call, where an
// exact reserve would reallocate every time: it gets
// `heapwise::reserve_more(c, n)`, which keeps growth geometric, or no
// finding when the container has no capacity() (hash containers).
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_CHECKS_ANALYSIS_RESERVEPLANNER_H
#define HEAPWISE_CHECKS_ANALYSIS_RESERVEPLANNER_H

#include "ContainerModel.h"
#include "ParentIndex.h"
#include <optional>
#include <string>

namespace clang::tidy::heapwise {

struct ReservePlan {
  SourceLocation WarnAt;  ///< The first growth site.
  std::string Container;  ///< As written at its first use in the anchor.
  std::string Reserve;    ///< The statement to insert, without ';'.
  std::string Include;    ///< The header Reserve needs, or empty.
  SourceLocation InsertAt; ///< Where the reserve statement goes.
  bool Fixable = false;    ///< The anchor is a statement of a block.
};

/// Plans one reserve of \p Container (of kind \p Kind, named outside
/// \p Anchor) before \p Anchor: the outermost loop of the container's scope
/// in \p Fn, or a statement calling std::copy, std::copy_n or std::transform
/// into std::back_inserter. \p Ignored is a reserve() call inside the anchor
/// to plan as if it were gone. Nullopt when no safe reserve exists.
std::optional<ReservePlan> planReserve(const Stmt *Anchor, const ValueDecl *Container,
                                       ContainerKind Kind, const FunctionDecl *Fn,
                                       const FunctionContext &Ctx,
                                       const Expr *Ignored = nullptr);

/// The statement of a block that \p E is the whole of (through implicit
/// nodes and a variable's initialiser), or null.
const Stmt *statementOf(const Expr *E, const FunctionContext &Ctx);

} // namespace clang::tidy::heapwise

#endif
