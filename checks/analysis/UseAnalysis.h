//===- UseAnalysis.h - how a piece of code uses a variable or member ------===//
//
// Every heapwise check has to answer "what does this code do to `v`?": does
// it only read it, grow it, or could its size change behind our back (a
// non-const reference escapes, an unknown member function runs)? This file
// classifies each reference to a variable or data member by its context.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_CHECKS_ANALYSIS_USEANALYSIS_H
#define HEAPWISE_CHECKS_ANALYSIS_USEANALYSIS_H

#include "ContainerModel.h"
#include "ParentIndex.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang::tidy::heapwise {

enum class UseKind {
  Read,          ///< Value read, const member call, passed by value or const&.
  ElementAccess, ///< Non-const access that keeps the size (v[i], begin(), ...).
  Growth,        ///< Adds one element per evaluation, or back_inserter(v).
  Append,        ///< Adds an unknown number of elements (append, += string,
                 ///< range insert).
  Reserve,       ///< reserve, resize, shrink_to_fit, rehash.
  CapacityQuery, ///< capacity() or bucket_count(): reserving changes the answer.
  MovedFrom,     ///< Bound to an rvalue reference: moved from (std::move(v)).
  Mutation,      ///< Anything else that may change the object.
  Escape,        ///< Its address, a non-const reference or (swap) its buffer
                 ///< leaves our sight.
};

struct Use {
  UseKind Kind;
  /// For Growth: the growing call (push_back, operator+=, back_inserter...).
  const Expr *Site = nullptr;
};

/// Classifies one reference (a DeclRefExpr or `this->member` MemberExpr) by
/// what its context does with it. \p Kind is the kind of the referenced
/// object's type (None for scalars and other classes); for a pointer to a
/// container, the kind of the container: `p->push_back(x)` and
/// `(*p).push_back(x)` grow it, a test of the pointer reads it, and a copy
/// of the pointer lets the container escape.
Use classifyUse(const Expr *Ref, ContainerKind Kind, const FunctionContext &Ctx);

/// True when parameter \p Index of \p FD is declared `T&&` for a deduced T
/// (directly or as part of a pack) in the template FD was instantiated from:
/// a forwarding reference.
bool isForwardingParam(const FunctionDecl *FD, unsigned Index);

/// The variable or data member an lvalue expression names, looking through
/// parentheses, casts and member access: `v`, `this->v`, `s.v` (gives `s`).
/// Null for anything else (calls, pointer dereferences, temporaries).
const ValueDecl *rootDecl(const Expr *E);

/// The variable a DeclRefExpr names, or the data member `this->m` names;
/// null for any other expression.
const ValueDecl *namedDecl(const Expr *E);

/// Calls \p F on each reference to \p D inside \p S. References inside a
/// lambda or block body are reported with \p InClosure set.
void forEachReference(const Stmt *S, const ValueDecl *D,
                      llvm::function_ref<void(const Expr *Ref, bool InClosure)> F);

/// True when \p Inner lies within \p Outer in the source (same file, no macro).
bool isWithin(SourceRange Inner, SourceRange Outer, const SourceManager &SM);

/// Named data that code can change without naming it: data members, globals,
/// static locals, parameters of non-const reference type, and what pointers
/// point to. (A local whose
/// address escapes is shared too; callers find that with classifyUse.)
bool isSharedState(const ValueDecl *D);

/// True when \p S contains a call that might change shared state: a call to a
/// non-const member function of `this`, a call passing `this`, or (when
/// \p IncludeFreeFunctions) a call to any function outside namespace std.
bool hasOpaqueCall(const Stmt *S, bool IncludeFreeFunctions);

/// True when an exception that leaves \p S can find \p D still alive and
/// visible to code that handles it: D is not a local variable of \p Fn with
/// automatic storage (members, globals, statics, references, captures outlive
/// Fn's frame), or a try block of Fn around S does not contain D's
/// declaration.
bool observableAfterThrow(const Stmt *S, const ValueDecl *D,
                          const FunctionDecl *Fn, const FunctionContext &Ctx);

} // namespace clang::tidy::heapwise

#endif
