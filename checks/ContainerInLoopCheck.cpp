//===- ContainerInLoopCheck.cpp - heapwise-container-in-loop --------------===//

#include "ContainerInLoopCheck.h"
#include "analysis/FixIts.h"
#include "analysis/LoopAnalysis.h"
#include "analysis/UseAnalysis.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::heapwise {

void ContainerInLoopCheck::checkFunction(const FunctionDecl *Fn, ASTContext &AST) {
  llvm::SmallVector<const DeclStmt *, 4> Candidates;
  // Local declarations of one default-constructed container, inside loops.
  forEachStatement(Fn->getBody(), [&](const Stmt *S, bool InLoop) {
    if (const auto *DS = dyn_cast<DeclStmt>(S); DS && InLoop && DS->isSingleDecl())
      if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl());
          VD && VD->isLocalVarDecl() && !VD->isStaticLocal() &&
          !VD->getType()->isReferenceType() && isDefaultConstructed(VD))
        Candidates.push_back(DS);
  });
  llvm::erase_if(Candidates, [&](const DeclStmt *DS) {
    const auto *VD = cast<VarDecl>(DS->getSingleDecl());
    ContainerKind K = model().kindOf(VD->getType());
    return isInMacro(DS) ||
           (K != ContainerKind::Sequence && K != ContainerKind::String);
  });
  if (Candidates.empty())
    return;
  FunctionContext Ctx(AST, Fn->getBody());
  for (const DeclStmt *DS : Candidates)
    reportAnchor(Fn, DS, analyze(DS, cast<VarDecl>(DS->getSingleDecl()), Fn, Ctx));
}

/// Element types whose destruction, once moved from the end of an iteration
/// to the next clear(), nobody can observe: trivially destructible types,
/// strings, and standard containers and pairs of them.
static bool isQuietlyDestroyed(QualType T) {
  T = T.getCanonicalType();
  if (const auto *Array = dyn_cast<ArrayType>(T.getTypePtr()))
    return isQuietlyDestroyed(Array->getElementType());
  if (!T->getAsCXXRecordDecl())
    return true; // Scalars, pointers.
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (RD->hasTrivialDestructor())
    return true;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || !isInStd(RD))
    return false;
  std::string Name = qualifiedTemplateName(RD);
  if (Name == "std::basic_string")
    return true;
  // Containers of such elements, and pairs of them: look at the element
  // types only (std::allocator's destructor is user-provided but empty).
  unsigned Elements = Name == "std::pair" ? 2
                      : llvm::is_contained({"std::vector", "std::array",
                                            "std::optional"}, Name) ? 1 : 0;
  if (Elements == 0 || Spec->getTemplateArgs().size() < Elements)
    return false;
  for (unsigned I = 0; I < Elements; ++I) {
    const TemplateArgument &Arg = Spec->getTemplateArgs()[I];
    if (Arg.getKind() != TemplateArgument::Type || !isQuietlyDestroyed(Arg.getAsType()))
      return false;
  }
  return true;
}

/// The element type of a container class: its first template argument.
static std::optional<QualType> elementType(QualType Container) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Container->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  return Spec->getTemplateArgs()[0].getAsType();
}

/// True when the declared type of \p Var names something declared inside
/// \p Loop (a local alias or class), which the hoisted copy could not see.
static bool typeNamesLocals(const VarDecl *Var, const Stmt *Loop,
                            const SourceManager &SM) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const Stmt *Loop;
    const SourceManager &SM;
    bool Found = false;
    Finder(const Stmt *Loop, const SourceManager &SM) : Loop(Loop), SM(SM) {}
    bool check(const NamedDecl *D) {
      Found |= D && isWithin(D->getSourceRange(), Loop->getSourceRange(), SM);
      return !Found;
    }
    bool VisitTypedefTypeLoc(TypedefTypeLoc TL) { return check(TL.getTypedefNameDecl()); }
    bool VisitTagTypeLoc(TagTypeLoc TL) { return check(TL.getDecl()); }
    bool VisitDecltypeTypeLoc(DecltypeTypeLoc) { return !(Found = true); }
  } F(Loop, SM);
  if (const TypeSourceInfo *TSI = Var->getTypeSourceInfo())
    F.TraverseTypeLoc(TSI->getTypeLoc());
  return F.Found;
}

/// True when hoisting \p Var to function scope could capture or clash with a
/// name: another declaration with its name in the function, or a use of a
/// member or global with its name.
static bool nameIsTaken(const VarDecl *Var, const FunctionDecl *Fn) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const VarDecl *Var;
    bool Found = false;
    explicit Finder(const VarDecl *Var) : Var(Var) {}
    bool sameName(const NamedDecl *D) {
      return D && D != Var && D->getDeclName() == Var->getDeclName();
    }
    bool VisitNamedDecl(NamedDecl *D) { return !(Found |= sameName(D)); }
    bool VisitDeclRefExpr(DeclRefExpr *E) { return !(Found |= sameName(E->getDecl())); }
    bool VisitMemberExpr(MemberExpr *E) {
      return !(Found |= sameName(E->getMemberDecl()));
    }
  } F(Var);
  for (const ParmVarDecl *P : Fn->parameters())
    F.Found |= F.sameName(P);
  F.TraverseStmt(const_cast<Stmt *>(Fn->getBody()));
  return F.Found;
}

/// `v = w` copies into v's buffer (growth worth keeping); `v = f()` and
/// `v = std::move(w)` take another buffer over.
static bool isCopyAssignmentTo(const Expr *Ref, const FunctionContext &Ctx) {
  const auto *Op = Ctx.Parents.parent(*Ref).get<CXXOperatorCallExpr>();
  return Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
         Op->getArg(0)->IgnoreParenImpCasts() == Ref &&
         Op->getArg(1)->isLValue();
}

/// True when \p Ref is filled by a standard function that keeps no
/// reference to it: `std::getline(in, s)`, `in >> s` (both clear it first),
/// `s.assign(...)`.
static bool isFilledInPlace(const Expr *Ref, ContainerKind Kind, const FunctionContext &Ctx) {
  const Expr *E = Ref;
  while (const auto *Paren = Ctx.Parents.parent(*E).get<ParenExpr>())
    E = Paren;
  DynTypedNode Parent = Ctx.Parents.parent(*E);
  if (const auto *Member = Parent.get<MemberExpr>()) {
    const auto *Call = Ctx.Parents.parent(*Member).get<CXXMemberCallExpr>();
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    return Method && isInStd(Method) && !Member->isArrow() &&
           Method->getDeclName().isIdentifier() && Method->getName() == "assign";
  }
  const auto *Call = Parent.get<CallExpr>();
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (Kind != ContainerKind::String || !Callee || !isInStd(Callee) ||
      Call->getNumArgs() < 2 || Call->getArg(1) != E)
    return false;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    return Op->getOperator() == OO_GreaterGreater && !isa<CXXMethodDecl>(Callee);
  return Callee->getDeclName().isIdentifier() && Callee->getName() == "getline";
}

std::vector<FunctionCheck::Finding>
ContainerInLoopCheck::analyze(const DeclStmt *Decl, const VarDecl *Var,
                              const FunctionDecl *Fn, const FunctionContext &Ctx) {
  const SourceManager &SM = Ctx.AST.getSourceManager();
  // Hoist above the outermost loop around the declaration, so that the fixed
  // code has nothing left to hoist.
  const Stmt *Loop = nullptr;
  for (EnclosingLoop Outer = enclosingLoop(Decl, Ctx); Outer.Loop;
       Outer = enclosingLoop(Outer.Loop, Ctx))
    if (!runsAtMostOnce(Outer.Loop, Ctx))
      Loop = Outer.Loop;
  if (!Loop || isInMacro(Loop))
    return {};

  ContainerKind Kind = model().kindOf(Var->getType());
  bool Grown = false, Unsafe = false;
  forEachReference(Fn->getBody(), Var, [&](const Expr *Ref, bool InClosure) {
    if (!InClosure && isFilledInPlace(Ref, Kind, Ctx)) {
      Grown = true;
      return;
    }
    UseKind K = classifyUse(Ref, Kind, Ctx).Kind;
    Grown |= K == UseKind::Growth || K == UseKind::Append || K == UseKind::Reserve ||
             isCopyAssignmentTo(Ref, Ctx);
    // Anything that lets the object or its buffer outlive the iteration, or
    // that could tell a reused buffer from a fresh one.
    Unsafe |= InClosure || K == UseKind::Escape || K == UseKind::MovedFrom ||
              K == UseKind::CapacityQuery;
  });
  if (!Grown || Unsafe)
    return {};
  std::optional<QualType> Element =
      Kind == ContainerKind::String ? std::optional<QualType>(Ctx.AST.CharTy)
                                    : elementType(Var->getType());
  if (!Element || !isQuietlyDestroyed(*Element))
    return {};

  std::string Name = Var->getNameAsString();
  Finding F{Var->getLocation(),
            "'" + Name +
                "' is constructed on every iteration and grows there, allocating "
                "afresh each time; declare it before the loop and clear() it here "
                "to reuse its capacity",
            {}};
  bool Fixable = Ctx.Parents.parent(*Loop).get<CompoundStmt>() &&
                 !typeNamesLocals(Var, Loop, SM) && !nameIsTaken(Var, Fn);
  std::string Declaration = sourceText(Decl->getSourceRange(), Ctx);
  if (Fixable && !Declaration.empty()) {
    F.Fixes.push_back(insertStatementBefore(Loop->getBeginLoc(), Declaration, SM));
    F.Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Decl->getSourceRange()), Name + ".clear();"));
  }
  return {F};
}

} // namespace clang::tidy::heapwise
