//===- FrontInsertInLoopCheck.cpp - heapwise-front-insert-in-loop ---------===//

#include "FrontInsertInLoopCheck.h"
#include "analysis/FixIts.h"
#include "analysis/LoopAnalysis.h"
#include "analysis/UseAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::heapwise {

FrontInsertInLoopCheck::FrontInsertInLoopCheck(StringRef Name,
                                               ClangTidyContext *Context)
    : FunctionCheck(Name, Context), Model({}, /*DetectByShape=*/false) {}

/// The object a member call is made on, when it is a named variable or
/// member (`v.f()`, `this->v.f()`).
static const ValueDecl *objectOf(const CXXMemberCallExpr *Call) {
  const Expr *Object = Call->getImplicitObjectArgument();
  return Object ? namedDecl(Object->IgnoreParenImpCasts()) : nullptr;
}

static bool hasName(const CXXMemberCallExpr *Call,
                    std::initializer_list<llvm::StringRef> Names) {
  const CXXMethodDecl *MD = Call->getMethodDecl();
  return MD && MD->getDeclName().isIdentifier() &&
         llvm::is_contained(Names, MD->getName());
}

/// `v.begin()` or `v.cbegin()` (also converted to a const_iterator).
static const CXXMemberCallExpr *beginOf(const Expr *Pos, const ValueDecl *V) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(Pos->IgnoreUnlessSpelledInSource());
  return Call && Call->getNumArgs() == 0 && hasName(Call, {"begin", "cbegin"}) &&
                 objectOf(Call) == V
             ? Call
             : nullptr;
}

/// The container \p S inserts into at the front: `v.insert(v.begin(), ...)`,
/// `v.emplace(v.begin(), ...)`, or a string's `s.insert(0, ...)`.
static const ValueDecl *frontInsertTarget(const Stmt *S) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
  if (!Call || Call->getNumArgs() < 1 || !hasName(Call, {"insert", "emplace"}))
    return nullptr;
  const ValueDecl *V = objectOf(Call);
  if (!V)
    return nullptr;
  if (beginOf(Call->getArg(0), V))
    return V;
  const auto *Index = dyn_cast<IntegerLiteral>(Call->getArg(0)->IgnoreParenImpCasts());
  return Index && Index->getValue() == 0 ? V : nullptr;
}

/// The element type of a std::vector or std::basic_string.
static QualType elementType(QualType Container) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Container.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return QualType();
  return Spec->getTemplateArgs()[0].getAsType();
}

/// True when copying, moving and swapping values of \p T does nothing anyone
/// can observe but the values: trivially copyable types, and standard library
/// classes of such types. (push_back and reverse move elements differently
/// from front inserts; a user type's move constructor may log or count.)
static bool hasSilentCopies(QualType T, const ASTContext &AST) {
  if (T.isNull())
    return false;
  T = T.getCanonicalType();
  if (T.isTriviallyCopyableType(AST))
    return true;
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD || !isInStd(RD))
    return false;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type &&
          !hasSilentCopies(Arg.getAsType(), AST))
        return false;
  return true;
}

/// A single-element front insert whose value is not used: `v.insert(v.begin(),
/// x)` with x an element (not a count, a range or a braced list), or any
/// `v.emplace(v.begin(), ...)`.
static bool isOneElementStatement(const CXXMemberCallExpr *Call,
                                  const ValueDecl *V, QualType Element,
                                  const FunctionContext &Ctx) {
  if (!beginOf(Call->getArg(0), V))
    return false;
  if (hasName(Call, {"insert"})) {
    const CXXMethodDecl *MD = Call->getMethodDecl();
    if (Call->getNumArgs() != 2 || MD->getNumParams() != 2 ||
        !Ctx.AST.hasSameUnqualifiedType(
            MD->getParamDecl(1)->getType().getNonReferenceType(), Element))
      return false;
  }
  DynTypedNode Parent = Ctx.Parents.parent(*Call);
  if (const auto *Cleanups = Parent.get<ExprWithCleanups>())
    Parent = Ctx.Parents.parent(*Cleanups);
  return Parent.get<Stmt>() && !Parent.get<Expr>();
}

static bool containsGoto(const Stmt *S) {
  if (!S)
    return false;
  if (isa<GotoStmt, IndirectGotoStmt>(S))
    return true;
  return llvm::any_of(S->children(), containsGoto);
}

FunctionCheck::Finding FrontInsertInLoopCheck::analyzeContainer(
    const ValueDecl *V, const Stmt *Loop,
    llvm::ArrayRef<const CXXMemberCallExpr *> Sites, const FunctionDecl *Fn,
    const FunctionContext &Ctx) {
  const SourceManager &SM = Ctx.AST.getSourceManager();
  bool IsString = Model.kindOf(V->getType()) == ContainerKind::String;
  std::string Name = V->getName().str();
  std::string Prefix = "inserting at the front of '" + Name +
                       "' in a loop moves all its elements on every call; ";
  Finding NoFix{Sites.front()->getBeginLoc(),
                Prefix + (IsString ? "append and reverse once after the loop, "
                                     "or collect the pieces"
                                   : "use std::deque, or push_back and reverse "
                                     "once after the loop"),
                {}};

  // push_back + one reverse after the loop gives the same sequence when the
  // container starts empty, the loop only ever front-inserts single elements
  // and nothing sees the container before the reverse, which runs on every
  // way out of the loop.
  const auto *VD = dyn_cast<VarDecl>(V);
  if (!VD || !VD->isLocalVarDecl() || VD->isStaticLocal() ||
      VD->getType()->isReferenceType() || VD->getDeclContext() != Fn ||
      !isDefaultConstructed(VD))
    return NoFix;
  QualType Element = elementType(VD->getType());
  if (!hasSilentCopies(Element, Ctx.AST) ||
      !Ctx.Parents.parent(*Loop).get<CompoundStmt>())
    return NoFix;
  // A goto could run the loop again on a filled container; a return, goto or
  // co_return in the loop would skip the reverse, and a handler of an
  // exception from the loop could see the reversed order.
  if (containsGoto(Fn->getBody()) || hasEarlyExit(Loop, {}) ||
      observableAfterThrow(Loop, V, Fn, Ctx))
    return NoFix;

  llvm::SmallPtrSet<const Expr *, 8> SiteRefs;
  for (const CXXMemberCallExpr *Site : Sites) {
    if (!isOneElementStatement(Site, V, Element, Ctx))
      return NoFix;
    SiteRefs.insert(Site->getImplicitObjectArgument()->IgnoreParenImpCasts());
    SiteRefs.insert(beginOf(Site->getArg(0), V)
                        ->getImplicitObjectArgument()
                        ->IgnoreParenImpCasts());
  }
  bool OtherUse = false;
  SourceLocation Start = Loop->getBeginLoc();
  forEachReference(Fn->getBody(), V, [&](const Expr *Ref, bool InClosure) {
    if (SM.isBeforeInTranslationUnit(Ref->getBeginLoc(), Start))
      OtherUse = true; // Not empty any more, or seen by someone.
    else if (isWithin(Ref->getSourceRange(), Loop->getSourceRange(), SM) &&
             (InClosure || !SiteRefs.count(Ref)))
      OtherUse = true; // Would see the elements in reverse order.
  });
  if (OtherUse)
    return NoFix;

  bool Emplaces = false;
  std::vector<FixItHint> Fixes;
  for (const CXXMemberCallExpr *Site : Sites) {
    const auto *Member = cast<MemberExpr>(Site->getCallee()->IgnoreParens());
    bool IsEmplace = hasName(Site, {"emplace"});
    Emplaces |= IsEmplace;
    SourceLocation From = Member->getMemberLoc();
    SourceLocation To = Site->getNumArgs() > 1 ? Site->getArg(1)->getBeginLoc()
                                               : Site->getRParenLoc();
    if (From.isMacroID() || To.isMacroID())
      return NoFix;
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(From, To),
        IsEmplace ? "emplace_back(" : "push_back("));
  }
  std::optional<FixItHint> Reverse = insertStatementAfter(
      Loop, "std::reverse(" + Name + ".begin(), " + Name + ".end());", SM,
      Ctx.AST.getLangOpts());
  if (!Reverse)
    return NoFix;
  Fixes.push_back(*Reverse);
  return {NoFix.Loc,
          Prefix + (Emplaces ? "emplace_back" : "push_back") +
              " in the loop and reverse once after it",
          std::move(Fixes), "<algorithm>"};
}

void FrontInsertInLoopCheck::checkFunction(const FunctionDecl *Fn,
                                           ASTContext &AST) {
  llvm::SmallVector<const CXXMemberCallExpr *, 4> Sites;
  forEachStatement(Fn->getBody(), [&](const Stmt *S, bool InLoop) {
    if (InLoop && frontInsertTarget(S))
      Sites.push_back(cast<CXXMemberCallExpr>(S));
  });
  if (Sites.empty())
    return;
  FunctionContext Ctx(AST, Fn->getBody());
  // The sites of each container, by the outermost loop they repeat in.
  llvm::MapVector<const Stmt *,
                  llvm::MapVector<const ValueDecl *,
                                  llvm::SmallVector<const CXXMemberCallExpr *, 2>>>
      ByLoop;
  for (const CXXMemberCallExpr *Site : Sites) {
    const ValueDecl *V = frontInsertTarget(Site);
    if (const Stmt *Loop = outermostLoopInScope(Site, V, Ctx))
      ByLoop[Loop][V].push_back(Site);
  }
  for (auto &[Loop, ByContainer] : ByLoop) {
    std::vector<Finding> Findings;
    for (auto &[V, ContainerSites] : ByContainer) {
      ContainerKind Kind = Model.kindOf(V->getType());
      if ((Kind == ContainerKind::Sequence || Kind == ContainerKind::String) &&
          !isInMacro(Loop) && llvm::none_of(ContainerSites, isInMacro))
        Findings.push_back(analyzeContainer(V, Loop, ContainerSites, Fn, Ctx));
    }
    reportAnchor(Fn, Loop, std::move(Findings));
  }
}

} // namespace clang::tidy::heapwise
