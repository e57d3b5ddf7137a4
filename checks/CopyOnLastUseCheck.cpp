//===- CopyOnLastUseCheck.cpp - heapwise-copy-on-last-use -----------------===//

#include "CopyOnLastUseCheck.h"
#include "analysis/ContainerModel.h"
#include "analysis/FixIts.h"
#include "analysis/LastUse.h"
#include "analysis/LoopAnalysis.h"
#include "analysis/UseAnalysis.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::heapwise {

CopyOnLastUseCheck::CopyOnLastUseCheck(StringRef Name, ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      RawAllocatingTypes(Options.get("AllocatingTypes", "")),
      AllocatingTypes(parseQualifiedNames(RawAllocatingTypes)) {}

void CopyOnLastUseCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AllocatingTypes", RawAllocatingTypes);
  FunctionCheck::storeOptions(Opts);
}

namespace {
/// A copy of (part of) a local that moving the local would avoid.
struct CopySite {
  const Expr *Source;      ///< What std::move wraps: x, x.member, a binding.
  const DeclRefExpr *Ref;  ///< The reference to Var inside Source.
  const VarDecl *Var;      ///< Whose value dies: the local, or the
                           ///< decomposition behind a structured binding.
  const LambdaCapture *Capture = nullptr; ///< For a lambda's `[x]`.
};
} // namespace

/// \p E without parentheses and implicit casts that keep its object (added
/// constness, and with \p ToBase, conversion to a base class).
static const Expr *ignoreNoOpCasts(const Expr *E, bool ToBase) {
  while (true) {
    E = E->IgnoreParens();
    const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
    if (!Cast ||
        (Cast->getCastKind() != CK_NoOp &&
         (!ToBase || (Cast->getCastKind() != CK_UncheckedDerivedToBase &&
                      Cast->getCastKind() != CK_DerivedToBase))))
      return E;
    E = Cast->getSubExpr();
  }
}

/// The copied lvalues that \p E consists of: `x`, `x.a.b`, a structured
/// binding, or each arm of `c ? a : b`.
static void copiedPaths(const Expr *E, llvm::SmallVectorImpl<CopySite> &Out) {
  E = ignoreNoOpCasts(E, false);
  if (const auto *Cond = dyn_cast<ConditionalOperator>(E)) {
    copiedPaths(Cond->getTrueExpr(), Out);
    copiedPaths(Cond->getFalseExpr(), Out);
    return;
  }
  // Whatever is moved must have the copied type: no slicing casts around it.
  const Expr *Path = ignoreNoOpCasts(E, false);
  const Expr *Root = Path;
  while (const auto *Member = dyn_cast<MemberExpr>(Root)) {
    if (Member->isArrow() || !isa<FieldDecl>(Member->getMemberDecl()) ||
        Member->getBase()->getType()->isUnionType())
      return;
    Root = ignoreNoOpCasts(Member->getBase(), true);
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Root);
  if (!Ref || Ref->refersToEnclosingVariableOrCapture())
    return;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl()))
    Var = dyn_cast_or_null<VarDecl>(Binding->getDecomposedDecl());
  if (Var)
    Out.push_back({Path, Ref, Var});
}

/// True when \p FD's overload set has a sibling that takes `T&&` where FD
/// takes `const T&` at \p Index, and the same everywhere else.
static bool hasRvalueSibling(const FunctionDecl *FD, unsigned Index) {
  QualType Wanted = FD->getParamDecl(Index)
                        ->getType()
                        .getNonReferenceType()
                        .getCanonicalType()
                        .getUnqualifiedType();
  const auto *Method = dyn_cast<CXXMethodDecl>(FD);
  for (const NamedDecl *ND : FD->getDeclContext()->lookup(FD->getDeclName())) {
    const auto *Other = dyn_cast<FunctionDecl>(ND->getUnderlyingDecl());
    if (!Other || Other == FD || Other->isDeleted() ||
        Other->getNumParams() != FD->getNumParams())
      continue;
    if (const auto *OtherMethod = dyn_cast<CXXMethodDecl>(Other);
        Method && OtherMethod &&
        (Method->getMethodQualifiers() != OtherMethod->getMethodQualifiers() ||
         Method->getRefQualifier() != OtherMethod->getRefQualifier()))
      continue;
    bool Matches = true;
    for (unsigned I = 0; I < FD->getNumParams() && Matches; ++I) {
      QualType Mine = FD->getParamDecl(I)->getType().getCanonicalType();
      QualType Theirs = Other->getParamDecl(I)->getType().getCanonicalType();
      if (I != Index) {
        Matches = Mine == Theirs;
        continue;
      }
      const auto *RRef = Theirs->getAs<RValueReferenceType>();
      Matches = RRef && RRef->getPointeeType().getCanonicalType() == Wanted;
    }
    if (Matches)
      return true;
  }
  return false;
}

/// True when \p Arg (an argument of type T) binds to `const T&` parameter
/// \p Index of \p FD, which has a `T&&` sibling: push_back, insert...
static bool bindsConstRefWithRvalueSibling(const FunctionDecl *FD, unsigned Index,
                                           const Expr *Arg) {
  QualType Param = FD->getParamDecl(Index)->getType();
  const auto *Ref = Param->getAs<LValueReferenceType>();
  if (!Ref || !Ref->getPointeeType().isConstQualified() ||
      !Ref->getPointeeType()->isRecordType())
    return false;
  QualType ArgType = Arg->IgnoreParenImpCasts()->getType().getCanonicalType();
  return ArgType.getUnqualifiedType() ==
             Ref->getPointeeType().getCanonicalType().getUnqualifiedType() &&
         hasRvalueSibling(FD, Index);
}

/// The user class that the standard forwarder \p FD constructs from its
/// arguments, where the call names it: `make_unique<T>`, `make_shared<T>`,
/// and the element type of `emplace_back`/`emplace_front`. Null otherwise.
static const CXXRecordDecl *constructedUserClass(const FunctionDecl *FD) {
  QualType T;
  StringRef Name = FD->getName();
  if (Name == "make_unique" || Name == "make_shared") {
    const TemplateArgumentList *Args = FD->getTemplateSpecializationArgs();
    if (Args && Args->size() > 0 && Args->get(0).getKind() == TemplateArgument::Type)
      T = Args->get(0).getAsType();
  } else if (Name == "emplace_back" || Name == "emplace_front") {
    const auto *Container = dyn_cast<ClassTemplateSpecializationDecl>(FD->getParent());
    if (Container && Container->getTemplateArgs().size() > 0 &&
        Container->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      T = Container->getTemplateArgs()[0].getAsType();
  }
  const CXXRecordDecl *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && !isInStd(RD) ? RD->getDefinition() : nullptr;
}

/// True when some constructor of \p RD could take an rvalue of class type
/// \p Arg without copying it: a parameter `U&&`, a class by value, a
/// reference to another class (a converting temporary), a constructor
/// template or inherited constructors. False when every constructor takes
/// such an argument only as `const Arg&`: moving it would change nothing.
static bool constructorMayMoveFrom(const CXXRecordDecl *RD, QualType Arg) {
  const CXXRecordDecl *ArgClass = Arg->getAsCXXRecordDecl();
  if (!ArgClass || ArgClass->getCanonicalDecl() == RD->getCanonicalDecl())
    return true;
  for (const Decl *D : RD->decls()) {
    if (isa<ConstructorUsingShadowDecl>(D))
      return true;
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      if (isa<CXXConstructorDecl>(Template->getTemplatedDecl()))
        return true;
  }
  for (const CXXConstructorDecl *Ctor : RD->ctors()) {
    if (Ctor->isCopyOrMoveConstructor() || Ctor->isDeleted())
      continue;
    for (const ParmVarDecl *Param : Ctor->parameters()) {
      QualType P = Param->getType();
      if (P->isRValueReferenceType())
        return true;
      const CXXRecordDecl *Taken = P.getNonReferenceType()->getAsCXXRecordDecl();
      if (Taken && (!P->isReferenceType() ||
                    (Taken->getCanonicalDecl() != ArgClass->getCanonicalDecl() &&
                     !ArgClass->isDerivedFrom(Taken))))
        return true;
    }
  }
  return false;
}

/// True when the standard library function \p FD builds an object from its
/// forwarding parameter \p Index, so that an lvalue argument is copied, and
/// that object could take the argument moved.
static bool forwardsIntoCopy(const FunctionDecl *FD, unsigned Index) {
  if (!isInStd(FD) || !FD->getDeclName().isIdentifier() ||
      !isForwardingParam(FD, Index) ||
      !FD->getParamDecl(Index)->getType()->isLValueReferenceType())
    return false;
  bool Forwards = llvm::StringSwitch<bool>(FD->getName())
      .Cases("emplace", "emplace_back", "emplace_front", "emplace_hint", true)
      .Cases("try_emplace", "insert_or_assign", true)
      .Cases("make_optional", "make_pair", "make_tuple", "make_shared",
             "make_unique", true)
      .Default(false);
  const CXXRecordDecl *Built = constructedUserClass(FD);
  return Forwards &&
         (!Built || constructorMayMoveFrom(
                        Built, FD->getParamDecl(Index)->getType().getNonReferenceType()));
}

/// Adds the copies of lvalues that \p E makes and that a move would avoid:
/// copy construction and assignment, `const T&` arguments with a `T&&`
/// sibling, and the standard library's copying forwarders.
static void copiesMadeBy(const Expr *E, llvm::SmallVectorImpl<CopySite> &Out) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor->isCopyConstructor()) {
      if (Construct->getNumArgs() > 0)
        copiedPaths(Construct->getArg(0), Out);
      return;
    }
    for (unsigned I = 0; I < Construct->getNumArgs() && I < Ctor->getNumParams(); ++I)
      if (bindsConstRefWithRvalueSibling(Ctor, I, Construct->getArg(I)))
        copiedPaths(Construct->getArg(I), Out);
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return;
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  if (Method && Method->isCopyAssignmentOperator()) {
    if (Call->getNumArgs() == 2 &&
        movesCheaply(QualType(Method->getParent()->getTypeForDecl(), 0), true))
      copiedPaths(Call->getArg(1), Out);
    return;
  }
  // Member operators take the object as argument 0 but not as a parameter.
  unsigned Offset = isa<CXXOperatorCallExpr>(Call) && Method ? 1 : 0;
  for (unsigned I = Offset; I < Call->getNumArgs(); ++I) {
    unsigned Param = I - Offset;
    if (Param >= Callee->getNumParams())
      break;
    if (bindsConstRefWithRvalueSibling(Callee, Param, Call->getArg(I)) ||
        forwardsIntoCopy(Callee, Param))
      copiedPaths(Call->getArg(I), Out);
  }
}

static void collectCopies(const Stmt *S, llvm::SmallVectorImpl<CopySite> &Out) {
  if (!S)
    return;
  // A lambda's body is a function of its own; its captures are made here.
  // Only an explicit `[x]` has a place for the move (`[x = std::move(x)]`).
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    for (auto [Capture, Init] : llvm::zip(Lambda->captures(), Lambda->capture_inits())) {
      size_t Before = Out.size();
      collectCopies(Init, Out);
      const auto *Var =
          Capture.capturesVariable() ? dyn_cast<VarDecl>(Capture.getCapturedVar()) : nullptr;
      if (Var && Var->isInitCapture())
        continue;
      if (!Var || !Capture.isExplicit() || Capture.isPackExpansion() ||
          Capture.getCaptureKind() != LCK_ByCopy)
        Out.resize(Before);
      for (size_t I = Before; I < Out.size(); ++I)
        Out[I].Capture = &Capture;
    }
    return;
  }
  if (const auto *E = dyn_cast<Expr>(S))
    copiesMadeBy(E, Out);
  for (const Stmt *Child : S->children())
    collectCopies(Child, Out);
}

static bool hasUserDestructor(QualType T) {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && !isInStd(RD) && RD->hasDefinition() && RD->getDestructor() &&
         RD->getDestructor()->isUserProvided();
}

/// Cheap tests on the site alone: a non-const local (or by-value parameter)
/// of \p Fn whose copied part allocates and moves without copying, written
/// outside macros.
static bool isCandidate(const CopySite &Site, const FunctionDecl *Fn,
                        llvm::ArrayRef<std::string> AllocatingTypes) {
  const VarDecl *Var = Site.Var;
  QualType VarType = Var->getType();
  QualType Copied = Site.Source->getType();
  return Var->hasLocalStorage() && !Var->isImplicit() &&
         Var->getDeclContext() == Fn && !VarType->isReferenceType() &&
         !VarType.isConstQualified() && !VarType.isVolatileQualified() &&
         !Copied.isConstQualified() && !Copied.isVolatileQualified() &&
         !hasUserDestructor(VarType) && copyAllocates(Copied, AllocatingTypes) &&
         movesCheaply(Copied, false) &&
         !isInMacro(Site.Source);
}

static const Expr *fullExpression(const Expr *E, const FunctionParents &Parents) {
  while (const auto *Parent = Parents.parent(DynTypedNode::create(*E)).get<Expr>())
    E = Parent;
  return E;
}

/// True when \p Method leaves its object as a fresh one would be in every
/// member a defaulted move changes: it clear()s or assigns each member that
/// is not trivially copyable (ninja's `EvalString::Clear()`).
static bool reinitialisesObject(const CXXMethodDecl *Method) {
  const CXXRecordDecl *RD = Method->getParent();
  const FunctionDecl *Definition = nullptr;
  if (Method->isConst() || Method->getNumParams() != 0 || RD->getNumBases() != 0 ||
      !Method->hasBody(Definition) || !movesCheaply(QualType(RD->getTypeForDecl(), 0), false))
    return false;
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isMoveConstructor() && Ctor->isUserProvided())
      return false; // Its moved-from state is its own.
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Definition->getBody());
  if (!Body)
    return false;
  llvm::SmallPtrSet<const FieldDecl *, 4> Reset;
  for (const Stmt *S : Body->body()) {
    const auto *E = dyn_cast<Expr>(S);
    const Expr *Target = nullptr;
    if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(E ? E->IgnoreImplicit() : nullptr);
        Call && Call->getMethodDecl() && isInStd(Call->getMethodDecl()) &&
        Call->getMethodDecl()->getDeclName().isIdentifier() &&
        Call->getMethodDecl()->getName() == "clear")
      Target = Call->getImplicitObjectArgument();
    else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(E);
             Op && Op->getOperator() == OO_Equal)
      Target = Op->getArg(0);
    else if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(E);
             Assign && Assign->getOpcode() == BO_Assign)
      Target = Assign->getLHS();
    const auto *Member = Target ? dyn_cast<MemberExpr>(Target->IgnoreParenImpCasts()) : nullptr;
    if (!Member || !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      return false;
    if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
      Reset.insert(Field);
  }
  return llvm::all_of(RD->fields(), [&](const FieldDecl *Field) {
    return Reset.contains(Field) || Field->getType().isTriviallyCopyableType(RD->getASTContext());
  });
}

/// True when \p S gives \p Var a fresh value without reading the old one:
/// `v.clear()`, `v = other`, `v.assign(...)`, or a user method that resets
/// every member (see reinitialisesObject).
static bool isReinitialisation(const Stmt *S, const VarDecl *Var) {
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return false;
  E = E->IgnoreImplicit();
  auto NamesVar = [&](const Expr *Object) {
    const auto *Ref = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts());
    return Ref && Ref->getDecl() == Var;
  };
  auto MentionsVar = [&](const Expr *Arg) {
    bool Found = false;
    forEachMention(Arg, Var, [&](const DeclRefExpr *) { Found = true; });
    return Found;
  };
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    return Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
           NamesVar(Op->getArg(0)) && !MentionsVar(Op->getArg(1));
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !NamesVar(Call->getImplicitObjectArgument()) ||
      llvm::any_of(Call->arguments(), MentionsVar))
    return false;
  if (!isInStd(Method))
    return reinitialisesObject(Method);
  return Method->getDeclName().isIdentifier() &&
         (Method->getName() == "clear" || Method->getName() == "assign");
}

/// True when the statement right after \p Full (an expression statement of
/// a block) reinitialises \p Var.
static bool reinitialisedNext(const Expr *Full, const VarDecl *Var,
                              const FunctionParents &Parents) {
  const auto *Block = Parents.parent(DynTypedNode::create(*Full)).get<CompoundStmt>();
  if (!Block)
    return false;
  const auto *It = llvm::find(Block->body(), Full);
  return It != Block->body_end() && std::next(It) != Block->body_end() &&
         !isInMacro(*std::next(It)) && isReinitialisation(*std::next(It), Var);
}

static bool capturedByReference(const VarDecl *Var, const Stmt *S) {
  if (!S)
    return false;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef &&
          Capture.getCapturedVar() == Var)
        return true;
  return llvm::any_of(S->children(),
                      [&](const Stmt *Child) { return capturedByReference(Var, Child); });
}

/// True when nothing can observe \p Site.Var after the copy at \p Site: no
/// later read on any path (or the next statement resets it), no pointer or
/// reference into it still alive, no exception handler that sees it.
static bool isLastUse(const CopySite &Site, const FunctionDecl *Fn,
                      const FunctionContext &Ctx, const FunctionParents &Parents,
                      const Liveness &Live) {
  const Expr *Full = fullExpression(Site.Ref, Parents);
  unsigned Mentions = 0;
  forEachMention(Full, Site.Var, [&](const DeclRefExpr *) { ++Mentions; });
  // Another mention in the same full-expression may be evaluated after the
  // move: f(x, x.size()) evaluates its arguments in an unspecified order.
  if (Mentions != 1 || observableAfterThrow(Full, Site.Var, Fn, Ctx))
    return false;
  if (llvm::any_of(Parents.roots(), [&](const Stmt *Root) {
        return capturedByReference(Site.Var, Root);
      }))
    return false;
  std::optional<std::vector<const VarDecl *>> Aliases =
      localsReferringTo(Site.Var, Site.Ref, Parents);
  if (!Aliases || llvm::any_of(*Aliases, [&](const VarDecl *Alias) {
        return Live.isLiveAfter(Site.Ref, Alias);
      }))
    return false;
  return !Live.isLiveAfter(Site.Ref, Site.Var) ||
         reinitialisedNext(Full, Site.Var, Parents);
}

/// Calls \p F on every DeclRefExpr below \p S.
static void forEachDeclRef(const Stmt *S, llvm::function_ref<void(const DeclRefExpr *)> F) {
  if (!S)
    return;
  if (isa<LambdaExpr>(S)) // Reported by the lambda's own analysis.
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    F(Ref);
  for (const Stmt *Child : S->children())
    forEachDeclRef(Child, F);
}

// --- A pair built only to be inserted into a map ------------------------

namespace {
/// `m.insert(p)` of a local pair that nothing else uses, or `m.insert({k, v})`
/// of a temporary value_type: the map copies what the pair holds again.
struct PairInsert {
  const CXXMemberCallExpr *Insert;
  const Expr *First, *Second; ///< The pair's constructor arguments.
  const DeclStmt *Declaration; ///< The local pair's; null for a temporary.
  bool UniqueKeys;             ///< std::map, std::unordered_map.
};
} // namespace

/// \p E without the nodes that keep its value: parentheses, no-op casts,
/// temporaries' materialisation and cleanups, functional casts, std::move.
static const Expr *ignoreValueWrappers(const Expr *E) {
  while (true) {
    const Expr *Inner = ignoreNoOpCasts(E, false)->IgnoreImplicit();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Inner);
        Cast && Cast->getCastKind() == CK_ConstructorConversion)
      Inner = Cast->getSubExpr();
    if (const auto *Call = dyn_cast<CallExpr>(Inner); Call && Call->isCallToStdMove())
      Inner = Call->getArg(0);
    if (Inner == E)
      return E;
    E = Inner;
  }
}

/// The two arguments \p Init builds a std::pair from: `pair<K, V>(a, b)`,
/// `{a, b}`, `value_type(a, b)`, `std::make_pair(a, b)`.
static std::optional<std::pair<const Expr *, const Expr *>>
pairArguments(const Expr *Init) {
  Init = ignoreValueWrappers(Init);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init)) {
    if (Construct->isElidable()) // `auto p = std::make_pair(a, b);` before C++17.
      return pairArguments(Construct->getArg(0));
    if (Construct->getConstructor()->isCopyOrMoveConstructor() ||
        Construct->getNumArgs() != 2 || isa<CXXDefaultArgExpr>(Construct->getArg(1)))
      return std::nullopt;
    return std::make_pair(Construct->getArg(0), Construct->getArg(1));
  }
  const auto *Call = dyn_cast<CallExpr>(Init);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !isInStd(Callee) || !Callee->getDeclName().isIdentifier() ||
      Callee->getName() != "make_pair" || Call->getNumArgs() != 2)
    return std::nullopt;
  return std::make_pair(Call->getArg(0), Call->getArg(1));
}

static QualType templateArgument(const ClassTemplateSpecializationDecl *Spec, unsigned I) {
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (I >= Args.size() || Args[I].getKind() != TemplateArgument::Type)
    return {};
  return Args[I].getAsType();
}

/// True when copying, moving and destroying a \p T runs no user code: the
/// fix builds fewer copies and destroys fewer objects.
static bool copiesQuietly(QualType T, llvm::SmallPtrSetImpl<const CXXRecordDecl *> &Open) {
  T = T.getCanonicalType();
  if (const auto *Array = dyn_cast<ArrayType>(T.getTypePtr()))
    return copiesQuietly(Array->getElementType(), Open);
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return !T->isReferenceType();
  if (!RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  // A type that holds itself (a JSON value's vector of values): its answer
  // is its other parts'.
  if (!Open.insert(RD).second)
    return true;
  auto Quiet = [&](QualType Part) { return copiesQuietly(Part, Open); };
  bool Result;
  if (isInStd(RD)) {
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
    Result = !Spec || llvm::all_of(Spec->getTemplateArgs().asArray(),
                                   [&](const TemplateArgument &Arg) {
                                     return Arg.getKind() != TemplateArgument::Type ||
                                            Quiet(Arg.getAsType());
                                   });
  } else {
    Result = !RD->hasUserDeclaredCopyConstructor() && !RD->hasUserDeclaredMoveConstructor() &&
             !RD->hasUserDeclaredDestructor() &&
             llvm::all_of(RD->bases(),
                          [&](const CXXBaseSpecifier &B) { return Quiet(B.getType()); }) &&
             llvm::all_of(RD->fields(), [&](const FieldDecl *F) { return Quiet(F->getType()); });
  }
  Open.erase(RD);
  return Result;
}

static bool copiesQuietly(QualType T) {
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Open;
  return copiesQuietly(T, Open);
}

/// Recognises \p Call as `m.insert([hint,] pair)` of a std map whose pair is
/// built only for it (see PairInsert), and whose element, built in place,
/// saves a copy that allocates.
static std::optional<PairInsert>
pairInsert(const CXXMemberCallExpr *Call, const FunctionDecl *Fn,
           const FunctionParents &Parents, const LangOptions &LangOpts,
           llvm::ArrayRef<std::string> AllocatingTypes) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || !Method->getDeclName().isIdentifier() || Method->getName() != "insert" ||
      Call->getNumArgs() < 1 || Call->getNumArgs() > 2)
    return std::nullopt;
  const auto *Map = dyn_cast<ClassTemplateSpecializationDecl>(Method->getParent());
  if (!Map || !isInStd(Map))
    return std::nullopt;
  std::string Name = qualifiedTemplateName(Map);
  bool Unique = Name == "std::map" || Name == "std::unordered_map";
  // try_emplace, which looks the key up before building anything, is C++17;
  // emplace would build (and free) a node for a key already there.
  if (!(Unique ? LangOpts.CPlusPlus17
               : Name == "std::multimap" || Name == "std::unordered_multimap"))
    return std::nullopt;
  const Expr *Value = Call->getArg(Call->getNumArgs() - 1);
  const Expr *Stripped = ignoreValueWrappers(Value);
  const auto *PairType = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Stripped->getType()->getAsCXXRecordDecl());
  if (!PairType || qualifiedTemplateName(PairType) != "std::pair")
    return std::nullopt;
  QualType Key = templateArgument(Map, 0), Mapped = templateArgument(Map, 1);
  QualType First = templateArgument(PairType, 0), Second = templateArgument(PairType, 1);
  ASTContext &AST = Fn->getASTContext();
  if (Key.isNull() || Mapped.isNull() || First.isNull() || Second.isNull() ||
      !AST.hasSameUnqualifiedType(First, Key) || !AST.hasSameType(Second, Mapped) ||
      !copiesQuietly(Key) || !copiesQuietly(Mapped))
    return std::nullopt;

  PairInsert Found{Call, nullptr, nullptr, nullptr, Unique};
  // An lvalue pair is copied whole; an rvalue one moved, but a const key
  // is copied even then.
  bool Copied = false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Stripped)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->hasLocalStorage() || Var->getDeclContext() != Fn ||
        isa<ParmVarDecl>(Var) || Var->getType()->isReferenceType() || !Var->hasInit())
      return std::nullopt;
    unsigned Mentions = 0;
    for (const Stmt *Root : Parents.roots())
      forEachMention(Root, Var, [&](const DeclRefExpr *) { ++Mentions; });
    const auto *Declaration = Parents.parent(DynTypedNode::create(*Var)).get<DeclStmt>();
    std::optional<std::pair<const Expr *, const Expr *>> Args = pairArguments(Var->getInit());
    if (Mentions != 1 || !Declaration || !Declaration->isSingleDecl() ||
        isInMacro(Declaration) || !Args)
      return std::nullopt;
    std::tie(Found.First, Found.Second) = *Args;
    Found.Declaration = Declaration;
    Copied = Value->isLValue(); // Not std::move(p).
  } else if (std::optional<std::pair<const Expr *, const Expr *>> Args =
                 pairArguments(Stripped)) {
    std::tie(Found.First, Found.Second) = *Args;
  } else {
    return std::nullopt;
  }
  bool Saves = (First.isConstQualified() || Copied) && copyAllocates(Key, AllocatingTypes);
  Saves |= Copied && copyAllocates(Mapped, AllocatingTypes);
  if (!Saves || isInMacro(Call))
    return std::nullopt;
  return Found;
}

/// True when \p E names the same object whenever it is evaluated: a
/// variable, or a member of one or of `this`.
static bool isStableObject(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (isa<DeclRefExpr, CXXThisExpr>(E))
    return true;
  const auto *Member = dyn_cast<MemberExpr>(E);
  return Member && isa<FieldDecl>(Member->getMemberDecl()) &&
         (!Member->isArrow() || isa<CXXThisExpr>(Member->getBase()->IgnoreImpCasts())) &&
         isStableObject(Member->getBase());
}

/// True when nothing \p Effects (an expression with side effects) does can
/// change what \p Pure (an expression without) reads: Pure reads only
/// locals that Effects does not name and that no pointer or reference
/// reaches.
static bool independentOf(const Expr *Pure, const Expr *Effects,
                          const FunctionParents &Parents) {
  bool Independent = true;
  forEachDeclRef(Pure, [&](const DeclRefExpr *Ref) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var) {
      Independent &= isa<EnumConstantDecl>(Ref->getDecl());
      return;
    }
    bool Named = false;
    forEachMention(Effects, Var, [&](const DeclRefExpr *) { Named = true; });
    std::optional<std::vector<const VarDecl *>> Aliases =
        localsReferringTo(Var, nullptr, Parents);
    Independent &= Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
                   !Named && Aliases && Aliases->empty();
  });
  return Independent && !hasOpaqueCall(Pure, false);
}

/// \p E without an implicit conversion between standard types around it
/// (iterator to const_iterator).
static const Expr *ignoreStdConversion(const Expr *E) {
  E = E->IgnoreImplicit();
  if (const auto *Convert = dyn_cast<CXXConstructExpr>(E);
      Convert && !isa<CXXTemporaryObjectExpr>(Convert) && Convert->getNumArgs() == 1 &&
      isInStd(Convert->getConstructor()))
    return Convert->getArg(0)->IgnoreImplicit();
  return E;
}

/// True for `m.end()` or `m.cend()` of a container named by \p E: an
/// iterator that stays the same whatever else runs.
static bool isEndIterator(const Expr *E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(ignoreStdConversion(E));
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  return Method && isInStd(Method) && Method->getDeclName().isIdentifier() &&
         llvm::is_contained({"end", "cend"}, Method->getName()) &&
         isStableObject(Call->getImplicitObjectArgument());
}

/// True when \p Exprs may be evaluated in any order with the same result:
/// at most one of them has side effects, and the others read nothing it
/// can change.
static bool orderIndependent(llvm::ArrayRef<const Expr *> Exprs, const ASTContext &AST,
                             const FunctionParents &Parents) {
  const Expr *Effects = nullptr;
  for (const Expr *E : Exprs)
    if (!isEndIterator(E) && ignoreStdConversion(E)->HasSideEffects(AST)) {
      if (Effects)
        return false;
      Effects = E;
    }
  return !Effects || llvm::all_of(Exprs, [&](const Expr *E) {
    const Expr *Value = ignoreStdConversion(E);
    return E == Effects || isEndIterator(E) || isa<StringLiteral>(Value) ||
           (isPureExpr(Value) && independentOf(Value, Effects, Parents));
  });
}

/// True when \p Call is what its statement \p S evaluates first: the
/// statement itself, a variable's initialiser, a return value, an `if`
/// condition; through `.first`, `.second`, `!` and implicit nodes. A
/// declared name must not be one the call's arguments use.
static bool evaluatedFirst(const CXXMemberCallExpr *Call, const Stmt *S,
                           const FunctionParents &Parents) {
  const Stmt *E = Call;
  while (E != S) {
    DynTypedNode P = Parents.parent(DynTypedNode::create(*E));
    const Stmt *Parent = P.get<Stmt>();
    if (const auto *Var = P.get<VarDecl>()) {
      bool Shadows = false;
      forEachDeclRef(Call, [&](const DeclRefExpr *Ref) {
        Shadows |= Ref->getDecl()->getDeclName() == Var->getDeclName();
      });
      return !Shadows && Parents.parent(P).get<Stmt>() == S;
    }
    if (Parent == S && !isa<Expr>(S)) {
      if (const auto *If = dyn_cast<IfStmt>(S))
        return If->getCond() == E && !If->getInit() && !If->getConditionVariable();
      return isa<ReturnStmt>(S);
    }
    const auto *PE = dyn_cast_or_null<Expr>(Parent);
    // `hint = m.insert(hint, p)`: assigning to a name reads nothing first.
    if (const auto *Assign = dyn_cast_or_null<CXXOperatorCallExpr>(PE);
        Assign && Assign->getOperator() == OO_Equal && Assign->getNumArgs() == 2 &&
        Assign->getArg(1) == E && isa<DeclRefExpr>(Assign->getArg(0)->IgnoreImpCasts())) {
      E = PE;
      continue;
    }
    const auto *Member = dyn_cast_or_null<MemberExpr>(PE);
    const auto *Not = dyn_cast_or_null<UnaryOperator>(PE);
    if (!PE || !(isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                     CXXBindTemporaryExpr, ExprWithCleanups>(PE) ||
                 (Member && isa<FieldDecl>(Member->getMemberDecl())) ||
                 (Not && Not->getOpcode() == UO_LNot)))
      return false;
    E = PE;
  }
  return true; // The expression statement itself.
}

/// The statement of \p Block that contains \p E.
static const Stmt *statementOf(const Expr *E, const CompoundStmt *&Block,
                               const FunctionParents &Parents) {
  DynTypedNode Cur = DynTypedNode::create(*E);
  while (true) {
    DynTypedNode P = Parents.parent(Cur);
    if (P.getNodeKind().isNone())
      return nullptr;
    if ((Block = P.get<CompoundStmt>()))
      return Cur.get<Stmt>();
    Cur = P;
  }
}

static void collectInserts(const Stmt *S, llvm::SmallVectorImpl<const CXXMemberCallExpr *> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
    Out.push_back(Call);
  for (const Stmt *Child : S->children())
    collectInserts(Child, Out);
}

/// True when \p Arg, the key argument, gives try_emplace a `key_type` as the
/// pair's constructor would have: the key type itself, or a character
/// string for a std::basic_string key (a converting constructor that is
/// not explicit).
static bool convertsToKey(const Expr *Arg, QualType Key, const ASTContext &AST) {
  QualType T = Arg->getType();
  if (AST.hasSameUnqualifiedType(T, Key))
    return true;
  const CXXRecordDecl *RD = Key->getAsCXXRecordDecl();
  QualType Pointee = T->isArrayType() ? QualType(T->getArrayElementTypeNoTypeQual(), 0)
                     : T->isPointerType() ? T->getPointeeType()
                                          : QualType();
  return RD && isInStd(RD) && qualifiedTemplateName(RD) == "std::basic_string" &&
         !Pointee.isNull() && Pointee->isAnyCharacterType();
}

/// The finding for \p PI, with a fix-it that builds the element in place
/// when that is exact; the references the fix moves from go to \p Moved.
static FunctionCheck::Finding
pairInsertFinding(const PairInsert &PI, const FunctionDecl *Fn, const FunctionContext &Ctx,
                  const FunctionParents &Parents, const Liveness &Live,
                  llvm::ArrayRef<std::string> AllocatingTypes,
                  llvm::SmallPtrSetImpl<const Expr *> &Moved) {
  const CXXMemberCallExpr *Call = PI.Insert;
  const Expr *Object = Call->getImplicitObjectArgument();
  const Expr *Hint = Call->getNumArgs() == 2 ? Call->getArg(0) : nullptr;
  llvm::StringRef Method = PI.UniqueKeys ? "try_emplace" : Hint ? "emplace_hint" : "emplace";
  std::string MapText = sourceText(Object, Ctx);
  std::string PairText = PI.Declaration
                             ? "'" + cast<VarDecl>(PI.Declaration->getSingleDecl())->getNameAsString() + "'"
                             : std::string("this pair");
  FunctionCheck::Finding F{Call->getExprLoc(),
            PairText + " is built only to be inserted into " +
                (MapText.empty() ? std::string("the map") : "'" + MapText + "'") +
                ", which copies its key again, and that allocates; build the element in "
                "place with " + Method.str(),
            {}, "<utility>"};

  // Where the pair was a variable, its arguments move to the insert: nothing
  // may run between them.
  const CompoundStmt *Block = nullptr;
  const Stmt *S = statementOf(Call, Block, Parents);
  bool Adjacent = !PI.Declaration;
  if (PI.Declaration && S && Block) {
    const auto *It = llvm::find(Block->body(), S);
    Adjacent = It != Block->body_begin() && *std::prev(It) == PI.Declaration &&
               evaluatedFirst(Call, S, Parents);
  }
  const auto *Map = cast<ClassTemplateSpecializationDecl>(Call->getMethodDecl()->getParent());
  llvm::SmallVector<const Expr *, 3> Evaluated{PI.First, PI.Second};
  if (Hint)
    Evaluated.push_back(Hint);
  bool Exact = Adjacent && isStableObject(Object) && !MapText.empty() &&
               llvm::none_of(Evaluated, [&](const Expr *E) {
                 return isa<InitListExpr>(E->IgnoreImplicit()) || sourceText(E, Ctx).empty();
               }) &&
               (!PI.UniqueKeys || convertsToKey(PI.First, templateArgument(Map, 0), Ctx.AST)) &&
               orderIndependent(Evaluated, Ctx.AST, Parents);
  if (!Exact)
    return F;

  // Each argument at its last use is moved into the element.
  llvm::SmallVector<const Expr *, 2> MovedHere;
  auto ArgumentText = [&](const Expr *Arg) {
    std::string Text = sourceText(Arg, Ctx);
    llvm::SmallVector<CopySite, 1> Sites;
    copiedPaths(Arg, Sites);
    if (Sites.size() == 1 && Sites[0].Source == ignoreNoOpCasts(Arg, false) &&
        isCandidate(Sites[0], Fn, AllocatingTypes) &&
        isLastUse(Sites[0], Fn, Ctx, Parents, Live)) {
      MovedHere.push_back(Sites[0].Ref);
      return "std::move(" + Text + ")";
    }
    return Text;
  };
  std::string Args = (Hint ? sourceText(Hint, Ctx) + ", " : std::string()) +
                     ArgumentText(PI.First) + ", " + ArgumentText(PI.Second);
  const auto *Member = dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens());
  if (!Member)
    return F;
  F.Fixes.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Member->getMemberLoc(), Call->getRParenLoc()),
      (Method + "(" + Args + ")").str()));
  if (PI.Declaration) {
    std::optional<FixItHint> Removal =
        removeStatement(PI.Declaration, Ctx.AST.getSourceManager(), Ctx.AST.getLangOpts());
    if (!Removal) {
      F.Fixes.clear();
      return F;
    }
    F.Fixes.push_back(*Removal);
  }
  Moved.insert(MovedHere.begin(), MovedHere.end());
  if (MovedHere.empty())
    F.Include.clear();
  return F;
}

/// \p Ref names a local scalar whose value is read (converted to an rvalue,
/// or bound to a const reference): wrapped in std::move it compiles to the
/// same code.
static bool isScalarRead(const DeclRefExpr *Ref, const FunctionParents &Parents) {
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || !Var->hasLocalStorage() || !Var->getType()->isScalarType() ||
      Var->getType().isVolatileQualified())
    return false;
  // Parentheses and added constness keep the object.
  const Expr *Arg = Ref;
  DynTypedNode Parent = Parents.parent(DynTypedNode::create(*Ref));
  while (true) {
    const auto *Cast = Parent.get<ImplicitCastExpr>();
    if (Cast && Cast->getCastKind() == CK_LValueToRValue)
      return true;
    if (!Parent.get<ParenExpr>() && !(Cast && Cast->getCastKind() == CK_NoOp))
      break;
    Arg = Parent.get<Expr>();
    Parent = Parents.parent(Parent);
  }
  // Operator calls number the object as an argument; scalars use builtins.
  const auto *Call = Parent.get<CallExpr>();
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || isa<CXXOperatorCallExpr>(Call))
    return false;
  for (unsigned I = 0; I < Call->getNumArgs() && I < Callee->getNumParams(); ++I)
    if (Call->getArg(I) == Arg) {
      QualType Param = Callee->getParamDecl(I)->getType();
      return Param->isLValueReferenceType() && Param.getNonReferenceType().isConstQualified();
    }
  return false;
}

void CopyOnLastUseCheck::checkFunction(const FunctionDecl *Fn, ASTContext &AST) {
  // A function-try-block's handlers see the parameters after any throw.
  if (isa<CXXTryStmt>(Fn->getBody()))
    return;
  llvm::SmallVector<CopySite, 8> Sites;
  collectCopies(Fn->getBody(), Sites);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Fn))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten())
        collectCopies(Init->getInit(), Sites);
  // `[x = std::move(x)]` is C++14.
  llvm::erase_if(Sites, [&](const CopySite &Site) {
    return !isCandidate(Site, Fn, AllocatingTypes) ||
           (Site.Capture && !AST.getLangOpts().CPlusPlus14);
  });
  llvm::SmallVector<const CXXMemberCallExpr *, 8> Calls;
  collectInserts(Fn->getBody(), Calls);
  bool Instantiation = Fn->getTemplateInstantiationPattern() != nullptr;
  if (Sites.empty() && Calls.empty() && !Instantiation)
    return;

  FunctionContext Ctx(AST, Fn->getBody());
  FunctionParents Parents(Ctx, Fn);
  std::unique_ptr<Liveness> Live;
  llvm::MapVector<const Stmt *, std::vector<Finding>> Findings;
  // A pair's constructor arguments that its emplace fix moves from.
  llvm::SmallPtrSet<const Expr *, 4> Moved;
  for (const CXXMemberCallExpr *Call : Calls) {
    std::optional<PairInsert> PI =
        pairInsert(Call, Fn, Parents, AST.getLangOpts(), AllocatingTypes);
    if (!PI)
      continue;
    if (!Live)
      Live = std::make_unique<Liveness>(Fn);
    // Templates compare findings by anchor: the first name in the call.
    const DeclRefExpr *Anchor = nullptr;
    forEachDeclRef(Call, [&](const DeclRefExpr *Ref) { Anchor = Anchor ? Anchor : Ref; });
    if (Instantiation && !Anchor)
      continue;
    Findings[Anchor ? static_cast<const Stmt *>(Anchor) : Call].push_back(
        pairInsertFinding(*PI, Fn, Ctx, Parents, *Live, AllocatingTypes, Moved));
  }
  for (const CopySite &Site : Sites) {
    if (Moved.contains(Site.Ref))
      continue;
    if (!Live)
      Live = std::make_unique<Liveness>(Fn);
    if (!isLastUse(Site, Fn, Ctx, Parents, *Live))
      continue;
    std::string Text = sourceText(Site.Source, Ctx);
    SourceLocation End = Lexer::getLocForEndOfToken(
        Site.Source->getEndLoc(), 0, AST.getSourceManager(), AST.getLangOpts());
    if (Text.empty() || End.isInvalid())
      continue;
    std::vector<FixItHint> Fixes;
    if (Site.Capture)
      Fixes.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(Site.Capture->getLocation()),
          Text + " = std::move(" + Text + ")"));
    else
      Fixes = {FixItHint::CreateInsertion(Site.Source->getBeginLoc(), "std::move("),
               FixItHint::CreateInsertion(End, ")")};
    Findings[Site.Ref].push_back(
        {Site.Source->getBeginLoc(),
         "'" + Text + "' is copied at its last use, which allocates; move it instead",
         std::move(Fixes), "<utility>"});
  }
  // Every instantiation of a template reports each reference, so that a
  // finding stands only where all of them agree; one where the local is a
  // scalar read as a value gains nothing from std::move and loses nothing.
  if (Instantiation)
    for (const Stmt *Root : Parents.roots())
      forEachDeclRef(Root, [&](const DeclRefExpr *Ref) {
        if (Findings[Ref].empty() && isScalarRead(Ref, Parents))
          reportIndifferent(Fn, Ref);
        else
          reportAnchor(Fn, Ref, std::move(Findings[Ref]));
      });
  else
    for (auto &[Ref, Found] : Findings)
      reportAnchor(Fn, Ref, std::move(Found));
}

} // namespace clang::tidy::heapwise
