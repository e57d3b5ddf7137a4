//===- SmallHeapObjectCheck.cpp - heapwise-small-heap-object --------------===//

#include "SmallHeapObjectCheck.h"
#include "analysis/ContainerModel.h"
#include "analysis/LoopAnalysis.h"
#include "analysis/UseAnalysis.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::heapwise {

SmallHeapObjectCheck::SmallHeapObjectCheck(StringRef Name, ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      MaxObjectBytes(Options.get("MaxObjectBytes", 256U)) {}

void SmallHeapObjectCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MaxObjectBytes", MaxObjectBytes);
  FunctionCheck::storeOptions(Opts);
}

namespace {
/// How the object is created: the owner's initialiser, taken apart.
struct Creation {
  QualType Type;            ///< The allocated type.
  std::string TypeText;     ///< As written.
  std::string InitText;     ///< "(args)", "{args}", "{}" or "" (default-init).
  bool Shared = false;
};
} // namespace

/// std::unique_ptr<T> (default deleter) or std::shared_ptr<T>: T, or null.
static QualType ownedType(QualType Owner, bool &Shared) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Owner->getAsCXXRecordDecl());
  if (!Spec || !isInStd(Spec))
    return QualType();
  std::string Name = qualifiedTemplateName(Spec);
  Shared = Name == "std::shared_ptr";
  if (Name == "std::unique_ptr") {
    const auto *Deleter = Spec->getTemplateArgs()[1].getAsType()->getAsCXXRecordDecl();
    if (!Deleter || !isInStd(Deleter) || Deleter->getName() != "default_delete")
      return QualType();
  } else if (!Shared) {
    return QualType();
  }
  return Spec->getTemplateArgs()[0].getAsType();
}

/// Arguments that would turn `T p(args);` into a function declaration.
static bool mayParseAsDeclaration(const Expr *Arg) {
  Arg = Arg->IgnoreImplicit();
  if (const auto *Temp = dyn_cast<CXXTemporaryObjectExpr>(Arg))
    return Temp->getNumArgs() == 0 && !Temp->isListInitialization();
  return isa<CXXScalarValueInitExpr>(Arg);
}

static std::string argumentsText(llvm::ArrayRef<const Expr *> Args,
                                 const FunctionContext &Ctx, bool &Ok) {
  if (Args.empty())
    return "";
  for (const Expr *Arg : Args)
    Ok &= !mayParseAsDeclaration(Arg) && !isa<CXXDefaultArgExpr>(Arg);
  return sourceText(SourceRange(Args.front()->getBeginLoc(), Args.back()->getEndLoc()), Ctx);
}

/// `std::make_unique<T>(args)`, `std::make_shared<T>(args)`, `new T(args)`
/// (wrapped in the owner's constructor), with the text to rebuild it.
static std::optional<Creation> creationOf(const VarDecl *Owner, const FunctionContext &Ctx) {
  const Expr *Init = Owner->getInit();
  if (!Init)
    return std::nullopt;
  Init = Init->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
      Construct && Construct->getNumArgs() == 1)
    Init = Construct->getArg(0)->IgnoreImplicit();
  Creation C;
  bool Ok = true;
  if (const auto *New = dyn_cast<CXXNewExpr>(Init)) {
    if (New->isArray() || New->getNumPlacementArgs() != 0 || !New->getAllocatedTypeSourceInfo())
      return std::nullopt;
    C.Type = New->getAllocatedType();
    C.TypeText = sourceText(New->getAllocatedTypeSourceInfo()->getTypeLoc().getSourceRange(), Ctx);
    if (New->hasInitializer()) {
      SourceRange Parens = New->getDirectInitRange();
      const Expr *Initializer = New->getInitializer();
      if (Parens.isValid()) {
        C.InitText = sourceText(Parens, Ctx);
        if (const auto *CE = dyn_cast<CXXConstructExpr>(Initializer))
          for (const Expr *Arg : CE->arguments())
            Ok &= !mayParseAsDeclaration(Arg);
        else if (const auto *PL = dyn_cast<ParenListExpr>(Initializer))
          for (unsigned I = 0; I < PL->getNumExprs(); ++I)
            Ok &= !mayParseAsDeclaration(PL->getExpr(I));
        if (C.InitText == "()")
          C.InitText = "{}"; // new T() value-initialises; T p() declares a function.
      } else if (isa<InitListExpr>(Initializer) ||
                 (isa<CXXConstructExpr>(Initializer) &&
                  cast<CXXConstructExpr>(Initializer)->isListInitialization())) {
        C.InitText = sourceText(Initializer->getSourceRange(), Ctx);
      }
    }
  } else if (const auto *Call = dyn_cast<CallExpr>(Init)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    const auto *Callee = dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreImplicit());
    if (!FD || !isInStd(FD) || !FD->getDeclName().isIdentifier() || !Callee ||
        Callee->getNumTemplateArgs() != 1 ||
        (FD->getName() != "make_unique" && FD->getName() != "make_shared"))
      return std::nullopt;
    C.Shared = FD->getName() == "make_shared";
    const TemplateArgumentLoc &Arg = Callee->getTemplateArgs()[0];
    if (Arg.getArgument().getKind() != TemplateArgument::Type)
      return std::nullopt;
    C.Type = Arg.getArgument().getAsType();
    C.TypeText = sourceText(Arg.getSourceRange(), Ctx);
    llvm::SmallVector<const Expr *, 4> Args(Call->arguments());
    std::string Text = argumentsText(Args, Ctx, Ok);
    // make_unique<T>() value-initialises: T p{}. With arguments it
    // direct-initialises with parentheses: T p(args).
    C.InitText = Args.empty() ? "{}" : "(" + Text + ")";
    if (!Args.empty() && Text.empty())
      Ok = false;
  } else {
    return std::nullopt;
  }
  if (C.TypeText.empty())
    Ok = false;
  if (!Ok)
    C.TypeText.clear(); // Known, but not rewritable: no fix-it.
  return C;
}

void SmallHeapObjectCheck::checkFunction(const FunctionDecl *Fn, ASTContext &AST) {
  llvm::SmallVector<const VarDecl *, 4> Owners;
  forEachStatement(Fn->getBody(), [&](const Stmt *S, bool) {
    bool Shared = false;
    if (const auto *DS = dyn_cast<DeclStmt>(S); DS && DS->isSingleDecl())
      if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl());
          VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getInit() &&
          !ownedType(VD->getType(), Shared).isNull())
        Owners.push_back(VD);
  });
  if (Owners.empty())
    return;
  FunctionContext Ctx(AST, Fn->getBody());
  for (const VarDecl *Owner : Owners)
    if (const auto *Decl = Ctx.Parents.parent(*Owner).get<DeclStmt>(); Decl && !isInMacro(Decl))
      reportAnchor(Fn, Decl, analyze(Owner, Fn, Ctx));
}

namespace {
enum class OwnerUse {
  Arrow,     ///< p->member: becomes p.member.
  Deref,     ///< *p: becomes p.
  GetAsArg,  ///< p.get() passed to a T* parameter: becomes &p.
  Observed,  ///< Reads the pointer (if (p), p.get() kept): fine, no fix-it.
  Escapes,   ///< Returned, moved, released, reset, copied, swapped...
};
} // namespace

/// The member access `p->m` that an `operator->` call serves (through a
/// conversion to a pointer to const for const members), or null.
static const MemberExpr *memberThroughArrow(const Expr *Arrow, const FunctionContext &Ctx) {
  DynTypedNode Up = Ctx.Parents.parent(*Arrow);
  while (const auto *Cast = Up.get<ImplicitCastExpr>())
    Up = Ctx.Parents.parent(*Cast);
  const auto *ME = Up.get<MemberExpr>();
  return ME && ME->isArrow() ? ME : nullptr;
}

static OwnerUse classifyOwnerUse(const Expr *Ref, const FunctionContext &Ctx,
                                 const Expr *&Rewritten) {
  const Expr *E = Ref;
  DynTypedNode Parent = Ctx.Parents.parent(*E);
  while (const auto *Cast = Parent.get<ImplicitCastExpr>()) {
    // The same object: as const, or as the base class that declares the
    // member (std::shared_ptr's operator-> lives in a base).
    if (!llvm::is_contained({CK_NoOp, CK_DerivedToBase, CK_UncheckedDerivedToBase},
                            Cast->getCastKind()))
      return OwnerUse::Escapes;
    E = Cast;
    Parent = Ctx.Parents.parent(*E);
  }
  if (const auto *Op = Parent.get<CXXOperatorCallExpr>()) {
    Rewritten = Op;
    if (Op->getOperator() == OO_Arrow && Op->getArg(0) == E)
      return memberThroughArrow(Op, Ctx) ? OwnerUse::Arrow : OwnerUse::Escapes;
    if (Op->getOperator() == OO_Star && Op->getNumArgs() == 1)
      return OwnerUse::Deref;
    if (llvm::is_contained({OO_EqualEqual, OO_ExclaimEqual}, Op->getOperator()))
      return OwnerUse::Observed; // p == nullptr
    return OwnerUse::Escapes;
  }
  const auto *ME = Parent.get<MemberExpr>();
  const auto *Call = ME ? Ctx.Parents.parent(*ME).get<CXXMemberCallExpr>() : nullptr;
  const CXXMethodDecl *MD = Call ? Call->getMethodDecl() : nullptr;
  if (!MD)
    return OwnerUse::Escapes;
  if (isa<CXXConversionDecl>(MD))
    return OwnerUse::Observed; // if (p)
  if (!MD->getDeclName().isIdentifier() || MD->getName() != "get")
    return OwnerUse::Escapes; // release, reset, swap, use_count...
  Rewritten = Call;
  const Expr *Value = Call;
  DynTypedNode Up = Ctx.Parents.parent(*Value);
  while (const auto *Cast = Up.get<ImplicitCastExpr>()) {
    Value = Cast;
    Up = Ctx.Parents.parent(*Value);
  }
  if (const auto *Callee = Up.get<CallExpr>(); Callee && !isa<CXXOperatorCallExpr>(Callee))
    if (const FunctionDecl *FD = Callee->getDirectCallee())
      for (unsigned I = 0; I < Callee->getNumArgs() && I < FD->getNumParams(); ++I)
        if (Callee->getArg(I) == Value && FD->getParamDecl(I)->getType()->isPointerType())
          return OwnerUse::GetAsArg;
  return OwnerUse::Observed;
}

std::vector<FunctionCheck::Finding>
SmallHeapObjectCheck::analyze(const VarDecl *Owner, const FunctionDecl *Fn,
                              const FunctionContext &Ctx) {
  bool Shared = false;
  QualType Owned = ownedType(Owner->getType(), Shared);
  std::optional<Creation> C = creationOf(Owner, Ctx);
  if (!C || C->Shared != Shared || Owned.isNull() ||
      !Ctx.AST.hasSameType(Owned.getUnqualifiedType(), C->Type.getUnqualifiedType()))
    return {};
  QualType T = C->Type;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (T->isIncompleteType() || T->isDependentType() || T->isArrayType() ||
      (RD && (RD->isPolymorphic() || RD->isAbstract())) ||
      Ctx.AST.getTypeSizeInChars(T).getQuantity() > MaxObjectBytes)
    return {};

  bool Fixable = !C->TypeText.empty();
  std::vector<FixItHint> UseFixes;
  bool Escapes = false;
  std::string Name = Owner->getNameAsString();
  forEachReference(Fn->getBody(), Owner, [&](const Expr *Ref, bool InClosure) {
    const Expr *Rewritten = nullptr;
    OwnerUse U = InClosure ? OwnerUse::Escapes : classifyOwnerUse(Ref, Ctx, Rewritten);
    if (U == OwnerUse::Escapes) {
      Escapes = true;
      return;
    }
    if (U == OwnerUse::Observed || !Rewritten || isInMacro(Rewritten)) {
      Fixable = false;
      return;
    }
    if (U == OwnerUse::Arrow) {
      const MemberExpr *ME = memberThroughArrow(Rewritten, Ctx);
      UseFixes.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(ME->getOperatorLoc(), ME->getOperatorLoc()), "."));
    } else {
      UseFixes.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(Rewritten->getSourceRange()),
          (U == OwnerUse::Deref ? "" : "&") + Name));
    }
  });
  if (Escapes)
    return {};

  bool InLoop = enclosingLoop(Owner->getInit(), Ctx).Loop != nullptr;
  Finding F{Owner->getLocation(),
            "'" + Name + "' owns a " + std::to_string(Ctx.AST.getTypeSizeInChars(T).getQuantity()) +
                "-byte object that never outlives this function; declare it as a "
                "local object instead of allocating it on the heap" +
                (InLoop ? " (here once per iteration of the loop)" : ""),
            {}};
  const auto *Decl = Ctx.Parents.parent(*Owner).get<DeclStmt>();
  if (Fixable && Decl) {
    std::string Const = T.isConstQualified() ? "const " : "";
    F.Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Decl->getSourceRange()),
        Const + C->TypeText + " " + Name + C->InitText + ";"));
    for (FixItHint &Fix : UseFixes)
      F.Fixes.push_back(std::move(Fix));
  }
  return {F};
}

} // namespace clang::tidy::heapwise
