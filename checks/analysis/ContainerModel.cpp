//===- ContainerModel.cpp -------------------------------------------------===//

#include "ContainerModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"
#include <functional>

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

static const CXXRecordDecl *definitionOf(QualType T) {
  const auto *RD = T.getCanonicalType()->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() ? RD->getDefinition() : nullptr;
}

/// Calls \p F on the type of each base and data member of \p RD, until F
/// returns true; true when it did.
static bool anySubobject(const CXXRecordDecl *RD,
                         llvm::function_ref<bool(QualType)> F) {
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (F(Base.getType()))
      return true;
  for (const FieldDecl *Field : RD->fields()) {
    QualType T = Field->getType();
    while (const ArrayType *Array = T->getAsArrayTypeUnsafe())
      T = Array->getElementType();
    if (F(T))
      return true;
  }
  return false;
}

bool copyAllocates(QualType T, llvm::ArrayRef<std::string> AllocatingTypes) {
  const CXXRecordDecl *RD = definitionOf(T);
  if (!RD)
    return false;
  std::string Name = qualifiedTemplateName(RD);
  if (llvm::any_of(AllocatingTypes, [&](const std::string &Listed) {
        return llvm::StringRef(Listed).ltrim(':') == Name;
      }))
    return true;
  if (RD->isTriviallyCopyable())
    return false;
  if (isInStd(RD)) {
    if (llvm::StringSwitch<bool>(Name)
            .Cases("std::basic_string", "std::vector", "std::deque", "std::list",
                   "std::forward_list", true)
            .Cases("std::map", "std::multimap", "std::set", "std::multiset", true)
            .Cases("std::unordered_map", "std::unordered_multimap",
                   "std::unordered_set", "std::unordered_multiset", true)
            .Default(false))
      return true;
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
    if (!Spec || !llvm::is_contained({"std::pair", "std::tuple", "std::optional",
                                      "std::variant", "std::array"},
                                     Name))
      return false;
    std::function<bool(const TemplateArgument &)> Allocates =
        [&](const TemplateArgument &Arg) {
          if (Arg.getKind() == TemplateArgument::Pack)
            return llvm::any_of(Arg.pack_elements(), Allocates);
          return Arg.getKind() == TemplateArgument::Type &&
                 copyAllocates(Arg.getAsType(), AllocatingTypes);
        };
    return llvm::any_of(Spec->getTemplateArgs().asArray(), Allocates);
  }
  return anySubobject(RD, [&](QualType Sub) {
    return copyAllocates(Sub, AllocatingTypes);
  });
}

bool movesCheaply(QualType T, bool Assignment) {
  const CXXRecordDecl *RD = definitionOf(T);
  if (!RD)
    return false;
  if (isInStd(RD)) {
    // std::pair<const std::string, V> (a map's value_type) copies its key
    // even when moved.
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
    return !Spec || llvm::none_of(Spec->getTemplateArgs().asArray(),
                                  [&](const TemplateArgument &Arg) {
                                    return Arg.getKind() == TemplateArgument::Type &&
                                           Arg.getAsType().isConstQualified() &&
                                           copyAllocates(Arg.getAsType(), {});
                                  });
  }
  bool Declared = false;
  for (const CXXMethodDecl *M : RD->methods()) {
    const auto *Ctor = dyn_cast<CXXConstructorDecl>(M);
    bool IsMove = Assignment ? M->isMoveAssignmentOperator()
                             : Ctor && Ctor->isMoveConstructor();
    if (!IsMove)
      continue;
    if (M->isDeleted())
      return false;
    if (M->isUserProvided())
      return true;
    Declared = true;
  }
  bool Implicit = Assignment ? RD->needsImplicitMoveAssignment()
                             : RD->needsImplicitMoveConstructor();
  if (!Declared && !Implicit)
    return false;
  // A defaulted move moves each subobject: one that can only be copied
  // makes it deleted, and overload resolution falls back to the copy.
  return !anySubobject(RD, [&](QualType Sub) {
    const CXXRecordDecl *SubRD = definitionOf(Sub);
    return SubRD && !SubRD->isTriviallyCopyable() && !movesCheaply(Sub, Assignment);
  });
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
