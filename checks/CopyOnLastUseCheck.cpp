//===- CopyOnLastUseCheck.cpp - heapwise-copy-on-last-use -----------------===//

#include "CopyOnLastUseCheck.h"
#include "analysis/ContainerModel.h"
#include "analysis/LastUse.h"
#include "analysis/LoopAnalysis.h"
#include "analysis/UseAnalysis.h"
#include "clang/AST/DeclCXX.h"
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
  if (!S || isa<LambdaExpr>(S)) // A lambda's body is a function of its own.
    return;
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
  llvm::erase_if(Sites, [&](const CopySite &Site) {
    return !isCandidate(Site, Fn, AllocatingTypes);
  });
  bool Instantiation = Fn->getTemplateInstantiationPattern() != nullptr;
  if (Sites.empty() && !Instantiation)
    return;

  FunctionContext Ctx(AST, Fn->getBody());
  FunctionParents Parents(Ctx, Fn);
  std::unique_ptr<Liveness> Live;
  llvm::MapVector<const Stmt *, std::vector<Finding>> Findings;
  for (const CopySite &Site : Sites) {
    if (!Live)
      Live = std::make_unique<Liveness>(Fn);
    if (!isLastUse(Site, Fn, Ctx, Parents, *Live))
      continue;
    std::string Text = sourceText(Site.Source, Ctx);
    SourceLocation End = Lexer::getLocForEndOfToken(
        Site.Source->getEndLoc(), 0, AST.getSourceManager(), AST.getLangOpts());
    if (Text.empty() || End.isInvalid())
      continue;
    Findings[Site.Ref].push_back(
        {Site.Source->getBeginLoc(),
         "'" + Text + "' is copied at its last use, which allocates; move it instead",
         {FixItHint::CreateInsertion(Site.Source->getBeginLoc(), "std::move("),
          FixItHint::CreateInsertion(End, ")")},
         "<utility>"});
  }
  // Every instantiation of a template reports each reference, so that a
  // finding stands only where all of them agree.
  if (Instantiation)
    for (const Stmt *Root : Parents.roots())
      forEachDeclRef(Root, [&](const DeclRefExpr *Ref) {
        reportAnchor(Fn, Ref, std::move(Findings[Ref]));
      });
  else
    for (auto &[Ref, Found] : Findings)
      reportAnchor(Fn, Ref, std::move(Found));
}

} // namespace clang::tidy::heapwise
