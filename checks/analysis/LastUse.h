//===- LastUse.h - is a local read again after this point? ----------------===//
//
// Moving from a local is only invisible when nothing reads it afterwards:
// not the code that follows on any path (Clang's LiveVariables over the
// function's CFG, loops' back edges included), and not a pointer, reference,
// iterator or view into it that outlives the point. This file answers both.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_CHECKS_ANALYSIS_LASTUSE_H
#define HEAPWISE_CHECKS_ANALYSIS_LASTUSE_H

#include "ParentIndex.h"
#include "clang/Analysis/Analyses/LiveVariables.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::heapwise {

/// The parents of every statement of a function: its body (through the
/// FunctionContext's index) and, for a constructor, its member initialisers.
class FunctionParents {
public:
  FunctionParents(const FunctionContext &Ctx, const FunctionDecl *Fn);
  /// A node of no kind for the body and the initialisers themselves.
  DynTypedNode parent(const DynTypedNode &N) const;
  /// The body and the initialisers' expressions.
  llvm::ArrayRef<const Stmt *> roots() const { return Roots; }

private:
  const FunctionContext &Ctx;
  std::vector<const Stmt *> Roots;
  std::vector<ParentIndex> Initializers;
};

/// Liveness of the locals of one function: Clang's LiveVariables over a CFG
/// in which every expression is an element.
class Liveness {
public:
  explicit Liveness(const FunctionDecl *Fn);
  ~Liveness();
  /// True when \p Var (a local, or a structured binding's decomposition) may
  /// be read after \p Ref, a DeclRefExpr of the function, is evaluated; also
  /// when the CFG does not contain Ref (unreachable code, no CFG).
  bool isLiveAfter(const Expr *Ref, const VarDecl *Var) const;

private:
  std::unique_ptr<AnalysisDeclContext> ADC;
  llvm::DenseMap<const Stmt *, std::vector<LiveVariables::LivenessValues>> After;
};

/// Calls \p F on each DeclRefExpr below \p S that names \p Var or, when Var
/// is a structured binding's decomposition, one of its bindings. Lambda
/// bodies are skipped: only their captures are uses here.
void forEachMention(const Stmt *S, const VarDecl *Var,
                    llvm::function_ref<void(const DeclRefExpr *)> F);

/// The locals that may hold a pointer, reference, iterator or view into
/// \p Var (directly or through one another), from the references to Var
/// other than \p Except; nullopt when such a reference may be kept anywhere
/// else (a member, a global, a container, a lambda capture, a returned
/// reference). Functions that take Var by reference or pointer are assumed
/// not to keep it past the call, as clang-tidy's checks assume.
std::optional<std::vector<const VarDecl *>>
localsReferringTo(const VarDecl *Var, const Expr *Except,
                  const FunctionParents &Parents);

} // namespace clang::tidy::heapwise

#endif
