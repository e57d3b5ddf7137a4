//===- ParentIndex.cpp ----------------------------------------------------===//

#include "ParentIndex.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::heapwise {

ParentIndex::ParentIndex(const Stmt *Body, const LambdaExpr *Generic,
                         const Stmt *Instance)
    : Generic(Generic), Instance(Instance) {
  index(Body);
}

DynTypedNode ParentIndex::parent(const DynTypedNode &N) const {
  if (const auto *S = N.get<Stmt>())
    return parent(*S);
  if (const auto *D = N.get<Decl>())
    return parent(*D);
  return DynTypedNode();
}

void ParentIndex::index(const Stmt *S) {
  if (!S)
    return;
  auto Link = [&](const Stmt *Child, DynTypedNode Parent) {
    if (Child && Parents.try_emplace(Child, Parent).second)
      index(Child);
  };
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    // As in clang's own parent map: init -> VarDecl -> DeclStmt.
    for (const Decl *D : DS->decls()) {
      Parents.try_emplace(D, DynTypedNode::create(*DS));
      if (const auto *VD = dyn_cast<VarDecl>(D))
        Link(VD->getInit(), DynTypedNode::create(*VD));
    }
    return;
  }
  if (S == Generic) {
    for (const Expr *Init : Generic->capture_inits())
      Link(Init, DynTypedNode::create(*S));
    Link(Instance, DynTypedNode::create(*S));
    return;
  }
  for (const Stmt *Child : S->children())
    Link(Child, DynTypedNode::create(*S));
}

} // namespace clang::tidy::heapwise
