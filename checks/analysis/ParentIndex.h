//===- ParentIndex.h - parents of the statements of one function ----------===//
//
// ASTContext::getParents indexes the whole translation unit the first time
// it is asked, system headers included: on a 100k-line TU that costs more
// than the rest of a check's work. heapwise only ever asks about statements
// of the function it analyses, so it indexes just that body.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_CHECKS_ANALYSIS_PARENTINDEX_H
#define HEAPWISE_CHECKS_ANALYSIS_PARENTINDEX_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::heapwise {

class ParentIndex {
public:
  /// Indexes every statement below \p Body (lambda bodies included). When
  /// \p Generic is set, the body \p Instance of one specialisation of that
  /// generic lambda's call operator takes the place of the lambda's own body
  /// (the template's pattern, whose non-dependent nodes the instance shares).
  explicit ParentIndex(const Stmt *Body, const LambdaExpr *Generic = nullptr,
                       const Stmt *Instance = nullptr);

  /// The statement or declaration that directly contains \p S (the VarDecl
  /// for a variable's initialiser, the DeclStmt for a VarDecl); a node of no
  /// kind for the body itself and for nodes outside it.
  DynTypedNode parent(const Stmt &S) const { return lookup(&S); }
  DynTypedNode parent(const Decl &D) const { return lookup(&D); }
  DynTypedNode parent(const DynTypedNode &N) const;

private:
  void index(const Stmt *S);
  const LambdaExpr *Generic;
  const Stmt *Instance;
  DynTypedNode lookup(const void *Node) const {
    auto It = Parents.find(Node);
    return It == Parents.end() ? DynTypedNode() : It->second;
  }
  llvm::DenseMap<const void *, DynTypedNode> Parents;
};

/// What the analyses of one function need: its AST context and the parents
/// of its statements (seen, for \p Generic, with \p Instance as its body: see
/// ParentIndex).
struct FunctionContext {
  FunctionContext(ASTContext &AST, const Stmt *Body,
                  const LambdaExpr *Generic = nullptr, const Stmt *Instance = nullptr)
      : AST(AST), Parents(Body, Generic, Instance) {}
  ASTContext &AST;
  ParentIndex Parents;
};

} // namespace clang::tidy::heapwise

#endif
