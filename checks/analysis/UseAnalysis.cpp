//===- UseAnalysis.cpp ----------------------------------------------------===//

#include "UseAnalysis.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::heapwise {

const ValueDecl *rootDecl(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return isa<VarDecl>(DRE->getDecl()) ? DRE->getDecl() : nullptr;
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (!isa<FieldDecl>(ME->getMemberDecl()))
      return nullptr;
    const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Base))
      return ME->getMemberDecl();
    return ME->isArrow() ? nullptr : rootDecl(Base);
  }
  return nullptr;
}

const ValueDecl *namedDecl(const Expr *E) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return isa<VarDecl>(DRE->getDecl()) ? DRE->getDecl() : nullptr;
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (isa<FieldDecl>(ME->getMemberDecl()) &&
        isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return ME->getMemberDecl();
  return nullptr;
}

static bool refersTo(const Stmt *S, const ValueDecl *D) {
  const auto *E = dyn_cast<Expr>(S);
  return E && namedDecl(E) == D;
}

static void walkReferences(const Stmt *S, const ValueDecl *D, bool InClosure,
                           llvm::function_ref<void(const Expr *, bool)> F) {
  if (!S)
    return;
  if (refersTo(S, D)) {
    F(cast<Expr>(S), InClosure);
    return;
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    // Captures by copy read the variable at the lambda; the body sees a copy
    // or a reference we can no longer follow.
    for (const Expr *Init : Lambda->capture_inits())
      walkReferences(Init, D, InClosure, F);
    walkReferences(Lambda->getBody(), D, true, F);
    return;
  }
  for (const Stmt *Child : S->children())
    walkReferences(Child, D, InClosure, F);
}

void forEachReference(const Stmt *S, const ValueDecl *D,
                      llvm::function_ref<void(const Expr *, bool)> F) {
  walkReferences(S, D, false, F);
}

bool isWithin(SourceRange Inner, SourceRange Outer, const SourceManager &SM) {
  SourceLocation IB = Inner.getBegin(), IE = Inner.getEnd();
  SourceLocation OB = Outer.getBegin(), OE = Outer.getEnd();
  if (IB.isMacroID() || IE.isMacroID() || OB.isMacroID() || OE.isMacroID())
    return false;
  if (SM.getFileID(IB) != SM.getFileID(OB))
    return false;
  return !SM.isBeforeInTranslationUnit(IB, OB) &&
         !SM.isBeforeInTranslationUnit(OE, IE);
}

bool isSharedState(const ValueDecl *D) {
  if (isa<FieldDecl>(D))
    return true;
  const auto *VD = dyn_cast<VarDecl>(D);
  if (!VD)
    return true;
  QualType T = VD->getType();
  if (T.isConstQualified())
    return false; // Nothing may change a const object.
  if (VD->hasGlobalStorage() || T->isPointerType())
    return true;
  return T->isReferenceType() && !T.getNonReferenceType().isConstQualified();
}

static bool passesThis(const CallExpr *Call) {
  for (const Expr *Arg : Call->arguments()) {
    const Expr *A = Arg->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(A))
      A = UO->getSubExpr()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(A))
      return true;
  }
  return false;
}

static bool isOpaqueCall(const Stmt *S, bool IncludeFreeFunctions) {
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return false;
  if (passesThis(Call))
    return true;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const auto *MD = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    bool OnThis = Obj && isa<CXXThisExpr>(Obj->IgnoreParenImpCasts());
    return OnThis && (!MD || !MD->isConst());
  }
  if (isa<CXXOperatorCallExpr>(Call))
    return false; // Operators on named objects are classified at the object.
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (isInStd(Callee) || (Callee && Callee->getBuiltinID() != 0))
    return false;
  return IncludeFreeFunctions;
}

bool hasOpaqueCall(const Stmt *S, bool IncludeFreeFunctions) {
  if (!S)
    return false;
  if (isOpaqueCall(S, IncludeFreeFunctions))
    return true;
  if (isa<LambdaExpr>(S))
    return false; // Defining a lambda runs nothing; calling it is a call.
  for (const Stmt *Child : S->children())
    if (hasOpaqueCall(Child, IncludeFreeFunctions))
      return true;
  return false;
}

// --- classifyUse ---------------------------------------------------------

static bool isCharType(QualType T) {
  T = T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  return T->isAnyCharacterType();
}

/// How passing an argument to a parameter of type \p ParamT uses it.
static UseKind passedAs(QualType ParamT) {
  if (ParamT.isNull())
    return UseKind::Escape;
  if (const auto *Ref = ParamT->getAs<ReferenceType>()) {
    if (isa<RValueReferenceType>(Ref))
      return UseKind::MovedFrom;
    return Ref->getPointeeType().isConstQualified() ? UseKind::Read
                                                     : UseKind::Escape;
  }
  return UseKind::Read; // A copy.
}

bool isForwardingParam(const FunctionDecl *FD, unsigned Index) {
  const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern();
  if (!Pattern)
    return false;
  const ParmVarDecl *Param = nullptr;
  for (unsigned I = 0; I < Pattern->getNumParams() && !Param; ++I)
    if (I == Index || Pattern->getParamDecl(I)->isParameterPack())
      Param = Pattern->getParamDecl(I);
  if (!Param)
    return false;
  QualType T = Param->getType();
  if (const auto *Pack = T->getAs<PackExpansionType>())
    T = Pack->getPattern();
  // Written `T&&` for a parameter T of this function template: not the
  // class's `value_type&&`, which only binds rvalues.
  const auto *RRef = dyn_cast<RValueReferenceType>(T.getTypePtr());
  const FunctionTemplateDecl *Template = Pattern->getDescribedFunctionTemplate();
  if (!RRef || !Template || RRef->getPointeeType().hasQualifiers())
    return false;
  const auto *Deduced =
      dyn_cast<TemplateTypeParmType>(RRef->getPointeeTypeAsWritten().getTypePtr());
  return Deduced &&
         Deduced->getDepth() == Template->getTemplateParameters()->getDepth();
}

static UseKind classifyArgument(const Expr *Arg, const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return UseKind::Escape;
  unsigned Index = 0;
  while (Index < Call->getNumArgs() && Call->getArg(Index) != Arg)
    ++Index;
  // Member operators take the object as argument 0 but not as a parameter.
  if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(FD)) {
    if (Index == 0)
      return UseKind::Escape;
    --Index;
  }
  if (Index >= FD->getNumParams())
    return UseKind::Escape; // Variadic.
  // The standard library's forwarding parameters (emplace_back(Args&&...),
  // make_pair...) copy from an lvalue argument; they do not keep or change it.
  if (isInStd(FD) && isForwardingParam(FD, Index))
    return UseKind::Read;
  return passedAs(FD->getParamDecl(Index)->getType());
}

static UseKind classifyConstructArgument(const Expr *Arg,
                                         const CXXConstructExpr *Construct) {
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  for (unsigned I = 0; I < Construct->getNumArgs(); ++I) {
    if (Construct->getArg(I) != Arg)
      continue;
    if (I >= Ctor->getNumParams())
      return UseKind::Escape;
    // As for calls: std::span(R&&) and the like view or copy their argument.
    if (isInStd(Ctor) && isForwardingParam(Ctor, I))
      return UseKind::Read;
    return passedAs(Ctor->getParamDecl(I)->getType());
  }
  return UseKind::Escape;
}

static bool isElementAccessor(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("at", "front", "back", "data", true)
      .Cases("begin", "end", "rbegin", "rend", true)
      .Cases("cbegin", "cend", "crbegin", "crend", true)
      .Cases("find", "equal_range", "lower_bound", "upper_bound", true)
      .Default(false);
}

static bool isInitializerList(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && isInStd(RD) && RD->getName() == "initializer_list";
}

/// `c.insert(c.end(), x)` or `c.emplace(c.end(), args...)`: one element
/// added at the end of the same object, as push_back does.
static bool insertsOneAtEnd(llvm::StringRef Name, const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *MD = Call->getMethodDecl();
  if ((Name != "insert" && Name != "emplace") || Call->getNumArgs() < 1 ||
      (Name == "insert" && (MD->getNumParams() != 2 ||
                            !(MD->getParamDecl(1)->getType()->isReferenceType() ||
                              isCharType(MD->getParamDecl(1)->getType())))))
    return false;
  const Expr *Pos = Call->getArg(0)->IgnoreImplicit();
  if (const auto *Convert = dyn_cast<CXXConstructExpr>(Pos); Convert && Convert->getNumArgs() == 1)
    Pos = Convert->getArg(0)->IgnoreImplicit();
  const auto *End = dyn_cast<CXXMemberCallExpr>(Pos);
  const CXXMethodDecl *EndMD = End ? End->getMethodDecl() : nullptr;
  const ValueDecl *Object = namedDecl(Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
  return EndMD && EndMD->getDeclName().isIdentifier() &&
         (EndMD->getName() == "end" || EndMD->getName() == "cend") && Object &&
         namedDecl(End->getImplicitObjectArgument()->IgnoreParenImpCasts()) == Object;
}

static bool isGrowthMethod(llvm::StringRef Name, const CXXMemberCallExpr *Call,
                           ContainerKind Kind) {
  switch (Kind) {
  case ContainerKind::Sequence:
    return Name == "push_back" || Name == "emplace_back" || insertsOneAtEnd(Name, Call);
  case ContainerKind::String:
    return Name == "push_back" || insertsOneAtEnd(Name, Call);
  case ContainerKind::Unordered:
    if (Name == "emplace" || Name == "try_emplace" || Name == "emplace_hint")
      return true;
    // insert(value) adds one element; insert(first, last), insert(hint, v)
    // and insert(initializer_list) are other shapes.
    return Name == "insert" && Call->getNumArgs() == 1 &&
           !isInitializerList(Call->getArg(0)->getType());
  case ContainerKind::None:
    return false;
  }
  return false;
}

static Use classifyMemberCall(const CXXMemberCallExpr *Call, ContainerKind Kind) {
  const CXXMethodDecl *MD = Call->getMethodDecl();
  if (!MD || !MD->getDeclName().isIdentifier())
    return {UseKind::Mutation};
  llvm::StringRef Name = MD->getName();
  if (isGrowthMethod(Name, Call, Kind))
    return {UseKind::Growth, Call};
  if (Kind != ContainerKind::None &&
      llvm::is_contained({"append", "insert", "emplace", "push_back",
                          "emplace_back", "push_front", "emplace_front"},
                         Name))
    return {UseKind::Append, Call};
  if (Name == "reserve" || Name == "resize" || Name == "shrink_to_fit" ||
      Name == "rehash")
    return {UseKind::Reserve, Call};
  if (Name == "capacity" || Name == "bucket_count")
    return {UseKind::CapacityQuery, Call};
  if (Name == "swap")
    return {UseKind::Escape}; // The buffer goes to the other object.
  if (MD->isConst())
    return {UseKind::Read};
  if (isElementAccessor(Name))
    return {UseKind::ElementAccess};
  return {UseKind::Mutation};
}

static Use classifyOperator(const CXXOperatorCallExpr *Op, const Expr *Object,
                            ContainerKind Kind) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
  if (Op->getNumArgs() == 0 || Op->getArg(0) != Object)
    return {classifyArgument(Object, Op)};
  switch (Op->getOperator()) {
  case OO_Subscript: {
    const CXXRecordDecl *RD =
        Object->getType().getNonReferenceType()->getAsCXXRecordDecl();
    if (RD && isAssociative(RD))
      return {UseKind::Mutation}; // map[key] inserts.
    return {MD && MD->isConst() ? UseKind::Read : UseKind::ElementAccess};
  }
  case OO_PlusEqual:
    if (Kind == ContainerKind::String && Op->getNumArgs() == 2 &&
        isCharType(Op->getArg(1)->IgnoreImpCasts()->getType()))
      return {UseKind::Growth, Op};
    return {Kind == ContainerKind::None ? UseKind::Mutation : UseKind::Append, Op};
  default:
    if (MD)
      return {MD->isConst() ? UseKind::Read : UseKind::Mutation};
    // A free operator (==, <, <<): by how it takes the object.
    return {classifyArgument(Object, Op)};
  }
}

/// std::move(x), std::forward<T>(x), std::as_const(x): the same object,
/// passed on; what matters is what their caller does with it.
static bool isPassThrough(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  return FD && isInStd(FD) && FD->getDeclName().isIdentifier() &&
         Call->getNumArgs() == 1 &&
         llvm::is_contained({"move", "forward", "as_const"}, FD->getName());
}

static bool isBackInserter(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  return FD && isInStd(FD) && FD->getDeclName().isIdentifier() &&
         FD->getName() == "back_inserter";
}

/// How the container behind the pointer value \p Value (the pointer variable,
/// read) is used.
static Use classifyPointee(const Expr *Value, ContainerKind Kind,
                           const FunctionContext &Ctx) {
  DynTypedNode Parent = Ctx.Parents.parent(*Value);
  if (const auto *ME = Parent.get<MemberExpr>()) {
    if (!ME->isArrow() || !isa<CXXMethodDecl>(ME->getMemberDecl()))
      return {UseKind::Escape};
    if (const auto *Call = Ctx.Parents.parent(*ME).get<CXXMemberCallExpr>())
      return classifyMemberCall(Call, Kind);
    return {UseKind::Escape};
  }
  if (const auto *UO = Parent.get<UnaryOperator>())
    return UO->getOpcode() == UO_Deref ? classifyUse(UO, Kind, Ctx)
                                       : Use{UseKind::Read}; // !p
  if (const auto *Cast = Parent.get<ImplicitCastExpr>())
    if (Cast->getCastKind() == CK_PointerToBoolean)
      return {UseKind::Read};
  if (const auto *BO = Parent.get<BinaryOperator>())
    if (BO->isEqualityOp())
      return {UseKind::Read};
  if (const auto *Paren = Parent.get<ParenExpr>())
    return classifyPointee(Paren, Kind, Ctx);
  return {UseKind::Escape}; // Copied: the container may change through it.
}

/// How a reference \p Ref to a pointer to a container of kind \p Kind uses
/// the container: only what reads the pointer's value can reach it; binding
/// the pointer itself anywhere copies or changes it.
static Use classifyPointerUse(const Expr *Ref, ContainerKind Kind,
                              const FunctionContext &Ctx) {
  const Expr *E = Ref;
  while (const auto *Paren = Ctx.Parents.parent(*E).get<ParenExpr>())
    E = Paren;
  DynTypedNode Parent = Ctx.Parents.parent(*E);
  if (const auto *Cast = Parent.get<ImplicitCastExpr>();
      Cast && Cast->getCastKind() == CK_LValueToRValue)
    return classifyPointee(Cast, Kind, Ctx);
  if (const auto *BO = Parent.get<BinaryOperator>();
      BO && BO->isAssignmentOp() && BO->getLHS() == E)
    return {UseKind::Mutation};
  return {UseKind::Escape};
}

Use classifyUse(const Expr *Ref, ContainerKind Kind, const FunctionContext &Ctx) {
  if (Kind != ContainerKind::None && Ref->getType()->isPointerType())
    return classifyPointerUse(Ref, Kind, Ctx);
  const Expr *E = Ref;
  while (true) {
    DynTypedNode Parent = Ctx.Parents.parent(*E);
    if (const auto *VD = Parent.get<VarDecl>()) {
      QualType T = VD->getType();
      if (VD->isImplicit() && T->isReferenceType())
        return {UseKind::ElementAccess}; // The range of a range-for.
      if (T->isReferenceType())
        return {T.getNonReferenceType().isConstQualified() ? UseKind::Read
                                                           : UseKind::Escape};
      return {UseKind::Read}; // A copy.
    }
    const Stmt *P = Parent.get<Stmt>();
    if (!P)
      return {UseKind::Escape};

    if (isa<ParenExpr, MaterializeTemporaryExpr, ExprWithCleanups>(P)) {
      E = cast<Expr>(P);
      continue;
    }
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P)) {
      switch (Cast->getCastKind()) {
      case CK_LValueToRValue:
        return {UseKind::Read};
      case CK_NoOp:
      case CK_DerivedToBase:
      case CK_UncheckedDerivedToBase:
        E = Cast;
        continue;
      default:
        return {UseKind::Escape};
      }
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      if (isa<FieldDecl>(ME->getMemberDecl())) {
        E = ME; // `s.count`: how the field is used is how `s` is used.
        Kind = ContainerKind::None;
        continue;
      }
      if (const auto *Call = Ctx.Parents.parent(*ME).get<CXXMemberCallExpr>())
        return classifyMemberCall(Call, Kind);
      return {UseKind::Escape};
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P))
      return classifyOperator(Op, E, Kind);
    if (const auto *Call = dyn_cast<CallExpr>(P)) {
      if (isPassThrough(Call)) {
        E = Call;
        continue;
      }
      if (isBackInserter(Call))
        return {Kind == ContainerKind::None ? UseKind::Escape : UseKind::Growth,
                Call};
      return {classifyArgument(E, Call)};
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(P))
      return {classifyConstructArgument(E, Construct)};
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() == UO_AddrOf)
        return {UseKind::Escape};
      if (UO->isIncrementDecrementOp())
        return {UseKind::Mutation};
      return {UseKind::Read};
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->isAssignmentOp() && BO->getLHS() == E)
        return {UseKind::Mutation};
      return {UseKind::Read};
    }
    return {UseKind::Escape};
  }
}

bool observableAfterThrow(const Stmt *S, const ValueDecl *D,
                          const FunctionDecl *Fn, const FunctionContext &Ctx) {
  const auto *VD = dyn_cast<VarDecl>(D);
  if (!VD || !VD->hasLocalStorage() || VD->getType()->isReferenceType() ||
      VD->getDeclContext() != Fn)
    return true;
  const SourceManager &SM = Ctx.AST.getSourceManager();
  DynTypedNode Cur = DynTypedNode::create(*S);
  while (true) {
    DynTypedNode Parent = Ctx.Parents.parent(Cur);
    if (Parent.get<VarDecl>()) {
      Cur = Parent; // An initialiser: continue at its DeclStmt.
      continue;
    }
    const Stmt *P = Parent.get<Stmt>();
    if (!P)
      return false;
    if (const auto *Try = dyn_cast<CXXTryStmt>(P))
      if (Cur.get<Stmt>() == Try->getTryBlock() &&
          !isWithin(D->getSourceRange(), Try->getTryBlock()->getSourceRange(), SM))
        return true;
    Cur = Parent;
  }
}

} // namespace clang::tidy::heapwise
