//===- SmallVectorCheck.cpp - heapwise-small-vector -----------------------===//

#include "SmallVectorCheck.h"
#include "analysis/ContainerModel.h"
#include "analysis/LoopAnalysis.h"
#include "analysis/SizeBound.h"
#include "analysis/UseAnalysis.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"

namespace clang::tidy::heapwise {

static constexpr llvm::StringLiteral Header = "heapwise/small_vector.h";

SmallVectorCheck::SmallVectorCheck(StringRef Name, ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      MaxInlineElements(Options.get("MaxInlineElements", 16U)),
      MaxInlineBytes(Options.get("MaxInlineBytes", 256U)) {}

void SmallVectorCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MaxInlineElements", MaxInlineElements);
  Options.store(Opts, "MaxInlineBytes", MaxInlineBytes);
  FunctionCheck::storeOptions(Opts);
}

/// The element type of a std::vector with the default allocator.
static std::optional<QualType> vectorElement(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec || qualifiedTemplateName(Spec) != "std::vector" ||
      Spec->getTemplateArgs().size() != 2)
    return std::nullopt;
  QualType Element = Spec->getTemplateArgs()[0].getAsType();
  const auto *Alloc = Spec->getTemplateArgs()[1].getAsType()->getAsCXXRecordDecl();
  if (Element->isBooleanType() || !Alloc || !isInStd(Alloc) ||
      Alloc->getName() != "allocator")
    return std::nullopt;
  return Element;
}

void SmallVectorCheck::checkFunction(const FunctionDecl *Fn, ASTContext &AST) {
  llvm::SmallVector<const VarDecl *, 4> Locals;
  forEachStatement(Fn->getBody(), [&](const Stmt *S, bool) {
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D);
            VD && VD->isLocalVarDecl() && !VD->isStaticLocal() &&
            vectorElement(VD->getType()))
          Locals.push_back(VD);
  });
  if (Locals.empty())
    return;
  FunctionContext Ctx(AST, Fn->getBody());
  for (const VarDecl *Var : Locals)
    if (const auto *Decl = Ctx.Parents.parent(*Var).get<DeclStmt>(); Decl && !isInMacro(Decl))
      reportAnchor(Fn, Decl, analyze(Var, Fn, Ctx));
}

/// A parameter that takes any type (T, const T&, T&&, deduced), or a
/// std::span: a small_vector fits where the std::vector did.
static bool acceptsAnyContiguousRange(QualType Param) {
  Param = Param.getNonReferenceType().getUnqualifiedType();
  if (isa<TemplateTypeParmType>(Param.getTypePtr()) || Param->isDependentType())
    return isa<TemplateTypeParmType>(Param.getCanonicalType().getTypePtr());
  const CXXRecordDecl *RD = Param->getAsCXXRecordDecl();
  return RD && isInStd(RD) && qualifiedTemplateName(RD) == "std::span";
}

static bool isStdErase(const FunctionDecl *FD) {
  return FD && isInStd(FD) && FD->getDeclName().isIdentifier() &&
         (FD->getName() == "erase" || FD->getName() == "erase_if");
}

/// True when the type of the vector behind \p Ref can change to
/// small_vector without changing what this use compiles to: member calls and
/// subscripts, iteration, and passing it where any range or a span is taken.
static bool survivesTypeChange(const Expr *Ref, const FunctionContext &Ctx) {
  const Expr *E = Ref;
  while (true) {
    DynTypedNode Parent = Ctx.Parents.parent(*E);
    if (const auto *VD = Parent.get<VarDecl>())
      return VD->isImplicit(); // The range of a range-for; not a copy.
    const Stmt *P = Parent.get<Stmt>();
    if (isa_and_nonnull<ParenExpr, ImplicitCastExpr>(P)) {
      E = cast<Expr>(P);
      continue;
    }
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(P))
      return isa<CXXMethodDecl>(ME->getMemberDecl());
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P))
      return Op->getOperator() == OO_Subscript && Op->getArg(0) == E;
    if (const auto *Call = dyn_cast_or_null<CallExpr>(P)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (!FD)
        return false;
      // heapwise/small_vector.h provides std::erase and std::erase_if.
      if (isStdErase(FD))
        return true;
      const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern();
      const FunctionDecl *Declared = Pattern ? Pattern : FD;
      for (unsigned I = 0; I < Call->getNumArgs(); ++I)
        if (Call->getArg(I) == E)
          return I < Declared->getNumParams() &&
                 acceptsAnyContiguousRange(Declared->getParamDecl(I)->getType());
      return false;
    }
    if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(P))
      return acceptsAnyContiguousRange(Construct->getType());
    return false;
  }
}

/// Calls that may shrink a vector but never grow it: clear, pop_back, erase,
/// shrink_to_fit, std::erase and std::erase_if.
static bool onlyShrinks(const Expr *Ref, const FunctionContext &Ctx) {
  DynTypedNode Parent = Ctx.Parents.parent(*Ref);
  if (const auto *Call = Parent.get<CallExpr>())
    return isStdErase(Call->getDirectCallee()) && Call->getArg(0) == Ref;
  const auto *ME = Parent.get<MemberExpr>();
  const auto *MD = ME ? dyn_cast<CXXMethodDecl>(ME->getMemberDecl()) : nullptr;
  return MD && MD->getDeclName().isIdentifier() &&
         llvm::is_contained({"clear", "pop_back", "erase", "shrink_to_fit"},
                            MD->getName());
}

/// True when the function names a member type of \p Var's vector type
/// (`std::vector<int>::iterator it = v.begin();`) or `decltype(v)`: code that
/// would not compile, or would mean something else, after the type changes.
static bool namesVectorType(const VarDecl *Var, const FunctionDecl *Fn) {
  struct Finder : RecursiveASTVisitor<Finder> {
    QualType Vector;
    const VarDecl *Var;
    bool Found = false;
    bool TraverseNestedNameSpecifierLoc(NestedNameSpecifierLoc NNS) {
      if (const Type *T = NNS ? NNS.getNestedNameSpecifier()->getAsType() : nullptr)
        Found |= QualType(T, 0).getCanonicalType() == Vector;
      return !Found && RecursiveASTVisitor::TraverseNestedNameSpecifierLoc(NNS);
    }
    bool VisitDecltypeTypeLoc(DecltypeTypeLoc TL) {
      Found |= TL.getTypePtr()->getUnderlyingType().getCanonicalType().getUnqualifiedType() ==
               Vector;
      return !Found;
    }
  } F;
  F.Vector = Var->getType().getCanonicalType().getUnqualifiedType();
  F.Var = Var;
  F.TraverseStmt(const_cast<Stmt *>(Fn->getBody()));
  return F.Found;
}

/// The text of the type to write: `heapwise::small_vector<T, N>`, with T as
/// the user wrote it when the declaration spells std::vector<T>.
static std::optional<std::pair<SourceRange, std::string>>
replacementType(const VarDecl *Var, QualType Element, uint64_t N,
                const FunctionDecl *Fn, const FunctionContext &Ctx) {
  const TypeSourceInfo *TSI = Var->getTypeSourceInfo();
  if (!TSI)
    return std::nullopt;
  TypeLoc Written = TSI->getTypeLoc().getUnqualifiedLoc();
  if (isa<AutoType>(Written.getType().getTypePtr()) ||
      Written.getType()->getContainedAutoType())
    return std::nullopt;
  std::string ElementText;
  if (auto Elaborated = Written.getAs<ElaboratedTypeLoc>())
    Written = Elaborated.getNamedTypeLoc();
  if (auto Spec = Written.getAs<TemplateSpecializationTypeLoc>();
      Spec && Spec.getNumArgs() == 1) {
    ElementText = sourceText(Spec.getArgLoc(0).getSourceRange(), Ctx);
  } else if (!Fn->getTemplateInstantiationPattern()) {
    // An alias: spell the element type, outside templates only (in one the
    // instantiation's type is not what the pattern says).
    PrintingPolicy Policy = Ctx.AST.getPrintingPolicy();
    Policy.SuppressScope = false;
    Policy.FullyQualifiedName = true;
    ElementText = Element.getAsString(Policy);
  }
  // Qualifiers (const) stay where they are: only the named type changes.
  SourceRange Range = TSI->getTypeLoc().getUnqualifiedLoc().getSourceRange();
  if (ElementText.empty() || Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
    return std::nullopt;
  return std::make_pair(Range, "heapwise::small_vector<" + ElementText + ", " +
                                   std::to_string(N) + ">");
}

std::vector<FunctionCheck::Finding>
SmallVectorCheck::analyze(const VarDecl *Var, const FunctionDecl *Fn,
                          const FunctionContext &Ctx) {
  QualType Element = *vectorElement(Var->getType());
  if (Element->isIncompleteType() || Element->isDependentType())
    return {};

  // Every use must keep working once the type changes, and only the growth
  // sites may add elements.
  llvm::SmallPtrSet<const Stmt *, 8> Sites;
  bool Portable = true;
  forEachReference(Fn->getBody(), Var, [&](const Expr *Ref, bool InClosure) {
    Use U = classifyUse(Ref, ContainerKind::Sequence, Ctx);
    if (InClosure || !survivesTypeChange(Ref, Ctx))
      Portable = false;
    else if (U.Kind == UseKind::Growth && isa<CXXMemberCallExpr>(U.Site))
      Sites.insert(U.Site);
    else if (U.Kind != UseKind::Read && U.Kind != UseKind::ElementAccess &&
             !onlyShrinks(Ref, Ctx))
      Portable = false;
  });
  if (!Portable || namesVectorType(Var, Fn))
    return {};
  std::optional<uint64_t> N = maxSize(Var, Sites, Ctx);
  uint64_t ElementBytes = Ctx.AST.getTypeSizeInChars(Element).getQuantity();
  if (!N || *N == 0 || *N > MaxInlineElements || *N * ElementBytes > MaxInlineBytes)
    return {};

  Finding F{Var->getLocation(),
            "'" + Var->getNameAsString() + "' never holds more than " +
                std::to_string(*N) + " element" + (*N == 1 ? "" : "s") +
                " and stays in this function; heapwise::small_vector<T, " +
                std::to_string(*N) + "> keeps them inline, with no heap allocation",
            {},
            Header.str()};
  if (auto Replacement = replacementType(Var, Element, *N, Fn, Ctx))
    F.Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Replacement->first), Replacement->second));
  return {F};
}

} // namespace clang::tidy::heapwise
