//===- ContainerModel.cpp -------------------------------------------------===//

#include "ContainerModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::heapwise {

std::vector<std::string> parseQualifiedNames(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  List.split(Parts, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::vector<std::string> Names;
  for (llvm::StringRef Name : Parts)
    if (!Name.trim().empty())
      Names.push_back(Name.trim().str());
  return Names;
}

bool isInStd(const Decl *D) {
  for (const DeclContext *DC = D ? D->getDeclContext() : nullptr; DC;
       DC = DC->getParent())
    if (DC->isStdNamespace())
      return true;
  return false;
}

std::string qualifiedTemplateName(const CXXRecordDecl *RD) {
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()->getQualifiedNameAsString();
  return RD->getQualifiedNameAsString();
}

static const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return nullptr;
  // An uninstantiated specialization has no members to look at yet.
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  return RD;
}

bool hasMethod(const CXXRecordDecl *RD, llvm::StringRef Name, unsigned Args) {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (!ND || !ND->getDeclName().isIdentifier() || ND->getName() != Name)
      continue;
    const FunctionDecl *FD = ND->getAsFunction();
    if (FD && FD->getMinRequiredArguments() <= Args &&
        (FD->isVariadic() || FD->getNumParams() >= Args))
      return true;
    if (isa<UsingShadowDecl>(ND) || isa<UsingDecl>(ND))
      return true;
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (hasMethod(Base.getType()->getAsCXXRecordDecl(), Name, Args))
      return true;
  return false;
}

const CXXRecordDecl *sizedRecord(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  return RD && hasMethod(RD, "size", 0) ? RD : nullptr;
}

bool isAssociative(const CXXRecordDecl *RD) {
  std::string Name = qualifiedTemplateName(RD);
  return llvm::StringSwitch<bool>(Name)
      .Cases("std::map", "std::unordered_map", "std::multimap",
             "std::unordered_multimap", true)
      .Cases("std::flat_map", "std::pmr::map", true)
      .Default(false);
}

ContainerKind ContainerModel::kindOf(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return ContainerKind::None;
  std::string Name = qualifiedTemplateName(RD);
  ContainerKind Known = llvm::StringSwitch<ContainerKind>(Name)
                            .Case("std::vector", ContainerKind::Sequence)
                            .Case("std::basic_string", ContainerKind::String)
                            .Cases("std::unordered_map", "std::unordered_set",
                                   "std::unordered_multimap",
                                   "std::unordered_multiset",
                                   ContainerKind::Unordered)
                            .Default(ContainerKind::None);
  if (Known != ContainerKind::None)
    return Known;
  // std::vector<bool> and the rest of namespace std are either covered above
  // or have no reserve (deque, list, forward_list, map, set).
  if (RD->isInStdNamespace())
    return ContainerKind::None;
  for (const std::string &Listed : VectorLikeClasses)
    if (llvm::StringRef(Listed).ltrim(':') == Name)
      return ContainerKind::Sequence;
  if (DetectByShape && hasMethod(RD, "reserve", 1) && hasMethod(RD, "size", 0) &&
      (hasMethod(RD, "push_back", 1) || hasMethod(RD, "emplace_back", 0)))
    return ContainerKind::Sequence;
  return ContainerKind::None;
}

ContainerKind ContainerModel::kindOfTarget(const ValueDecl *D) const {
  QualType T = D->getType();
  if (const auto *Pointer = T->getAs<PointerType>())
    return isa<VarDecl>(D) && !Pointer->getPointeeType().isConstQualified()
               ? kindOf(Pointer->getPointeeType())
               : ContainerKind::None;
  return kindOf(T);
}

bool takesReserveMore(QualType T, ContainerKind Kind) {
  if (const auto *Pointer = T->getAs<PointerType>())
    T = Pointer->getPointeeType();
  const CXXRecordDecl *RD = recordOf(T);
  return Kind != ContainerKind::Unordered && hasMethod(RD, "capacity", 0) &&
         hasMethod(RD, "max_size", 0);
}

bool isDefaultConstructed(const VarDecl *VD) {
  const Expr *Init = VD->getInit();
  if (!Init)
    return true;
  Init = Init->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init))
    return Construct->getNumArgs() == 0 ||
           llvm::all_of(Construct->arguments(),
                        [](const Expr *A) { return isa<CXXDefaultArgExpr>(A); });
  if (const auto *List = dyn_cast<InitListExpr>(Init))
    return List->getNumInits() == 0;
  return false;
}

} // namespace clang::tidy::heapwise
