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

/// True for std::string: std::basic_string<char> with the standard traits and
/// allocator.
static bool isStdString(QualType T, const ASTContext &AST) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec || qualifiedTemplateName(Spec) != "std::basic_string" ||
      Spec->getTemplateArgs().size() != 3 ||
      !AST.hasSameType(Spec->getTemplateArgs()[0].getAsType(), AST.CharTy))
    return false;
  const auto *Alloc = Spec->getTemplateArgs()[2].getAsType()->getAsCXXRecordDecl();
  return Alloc && isInStd(Alloc) && Alloc->getName() == "allocator";
}

/// The most characters a std::string keeps in the object itself (the
/// small-string buffer: libstdc++'s _M_local_buf, libc++'s __data_): the
/// largest char array among its fields, minus the terminating null.
static uint64_t inlineCapacity(const RecordDecl *RD, const ASTContext &AST) {
  uint64_t Capacity = 0;
  for (const FieldDecl *Field : RD->fields()) {
    QualType T = Field->getType();
    if (const auto *Array = AST.getAsConstantArrayType(T);
        Array && AST.hasSameType(Array->getElementType(), AST.CharTy))
      Capacity = std::max<uint64_t>(Capacity, Array->getSize().getZExtValue() - 1);
    else if (const RecordDecl *Member = T->getAsRecordDecl();
             Member && Member->getDefinition())
      Capacity = std::max(Capacity, inlineCapacity(Member->getDefinition(), AST));
  }
  return Capacity;
}

void SmallVectorCheck::checkFunction(const FunctionDecl *Fn, ASTContext &AST) {
  llvm::SmallVector<const VarDecl *, 4> Locals;
  forEachStatement(Fn->getBody(), [&](const Stmt *S, bool) {
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D);
            VD && VD->isLocalVarDecl() && !VD->isStaticLocal() &&
            (vectorElement(VD->getType()) || isStdString(VD->getType(), AST)))
          Locals.push_back(VD);
  });
  if (Locals.empty())
    return;
  FunctionContext Ctx(AST, Fn->getBody());
  for (const VarDecl *Var : Locals)
    if (const auto *Decl = Ctx.Parents.parent(*Var).get<DeclStmt>(); Decl && !isInMacro(Decl))
      reportAnchor(Fn, Decl, chooseFinding(Var, Fn, Ctx));
}

std::vector<FunctionCheck::Finding>
SmallVectorCheck::chooseFinding(const VarDecl *Var, const FunctionDecl *Fn,
                                const FunctionContext &Ctx) {
  std::optional<Finding> Array = analyzeScratchBuffer(Var, Fn, Ctx);
  std::vector<Finding> Small =
      vectorElement(Var->getType()) ? analyze(Var, Fn, Ctx) : std::vector<Finding>{};
  // A std::array is the better suggestion, unless only small_vector has a fix.
  if (Array && (!Array->Fixes.empty() || Small.empty() || Small.front().Fixes.empty()))
    return {*Array};
  return Small;
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

/// Where the declaration of \p Var spells its type, and how to spell its
/// element type there: as the user wrote it when the declaration spells
/// std::vector<T>, else (an alias, std::string) printed in full.
static std::optional<std::pair<SourceRange, std::string>>
elementSpelling(const VarDecl *Var, QualType Element, const FunctionDecl *Fn,
                const FunctionContext &Ctx) {
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
  return std::make_pair(Range, ElementText);
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
  if (auto Spelling = elementSpelling(Var, Element, Fn, Ctx))
    F.Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Spelling->first),
        "heapwise::small_vector<" + Spelling->second + ", " + std::to_string(*N) + ">"));
  return {F};
}

/// A construction with a constant count: `std::vector<T> v(N)`,
/// `std::vector<T> v(N, x)`, `std::string s(N, c)`.
struct ConstantSizeInit {
  uint64_t Size;
  /// The count as written: `36`, `kDigits`.
  const Expr *SizeExpr;
  /// The elements start as value-initialised ones (zero): `std::array<T, N> a{}`
  /// starts the same.
  bool ZeroFilled;
  SourceRange Parens;
};

static std::optional<ConstantSizeInit> constantSizeInit(const VarDecl *Var,
                                                        const ASTContext &AST) {
  if (Var->getInitStyle() != VarDecl::CallInit || !Var->getInit())
    return std::nullopt;
  const auto *Construct = dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit());
  if (!Construct || Construct->getParenOrBraceRange().isInvalid())
    return std::nullopt;
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  // The count constructor may be a template (libstdc++ constrains the
  // allocator); the iterator-pair one's first parameter is a template's.
  const FunctionTemplateDecl *Template = Ctor->getPrimaryTemplate();
  const FunctionDecl *Declared = Template ? Template->getTemplatedDecl() : Ctor;
  unsigned Written = 0;
  while (Written < Construct->getNumArgs() &&
         !isa<CXXDefaultArgExpr>(Construct->getArg(Written)))
    ++Written;
  if (Written == 0 || Written > 2 || Declared->getNumParams() < Written ||
      !Declared->getParamDecl(0)->getType()->isIntegerType() ||
      (Written == 2 && Ctor->getParamDecl(1)->getType().getNonReferenceType()->isRecordType()))
    return std::nullopt;
  std::optional<llvm::APSInt> Size = Construct->getArg(0)->getIntegerConstantExpr(AST);
  if (!Size || Size->isNegative())
    return std::nullopt;
  bool ZeroFilled = true;
  if (Written == 2) {
    std::optional<llvm::APSInt> Fill =
        Construct->getArg(1)->IgnoreImpCasts()->getIntegerConstantExpr(AST);
    ZeroFilled = Fill && Fill->isZero();
  }
  return ConstantSizeInit{Size->getZExtValue(), Construct->getArg(0), ZeroFilled,
                          Construct->getParenOrBraceRange()};
}

namespace {
/// What one use of a scratch buffer says about replacing it with a std::array.
enum class ArrayFit {
  Same,     ///< Compiles and behaves the same on a std::array.
  Differs,  ///< Needs a change (c_str(), an index not below N, a C string).
  Excludes, ///< It grows, escapes or is used as a whole: no finding.
};

class ScratchUses {
public:
  ScratchUses(uint64_t Size, bool IsString, const FunctionContext &Ctx)
      : Size(Size), IsString(IsString), Ctx(Ctx) {}

  ArrayFit fit(const Expr *Ref) const {
    const Expr *E = Ref;
    DynTypedNode Parent = parentOf(E);
    if (const auto *VD = Parent.get<VarDecl>())
      return VD->isImplicit() ? ArrayFit::Same : ArrayFit::Excludes; // range-for
    if (const auto *Op = Parent.get<CXXOperatorCallExpr>()) {
      if (Op->getOperator() != OO_Subscript || Op->getArg(0)->IgnoreParenImpCasts() != Ref)
        return ArrayFit::Excludes;
      // s[s.size()] is the terminating null of a string, past the end of an array.
      ArrayFit IndexFit = indexBelowSize(Op->getArg(1), Ref) ? ArrayFit::Same : ArrayFit::Differs;
      return std::max(IndexFit, elementFit(Op));
    }
    const auto *ME = Parent.get<MemberExpr>();
    const auto *MD = ME ? dyn_cast<CXXMethodDecl>(ME->getMemberDecl()) : nullptr;
    const auto *Call = ME ? Ctx.Parents.parent(*ME).get<CXXMemberCallExpr>() : nullptr;
    if (!Call || !MD->getDeclName().isIdentifier())
      return ArrayFit::Excludes;
    StringRef Name = MD->getName();
    if (Name == "size" || Name == "empty")
      return ArrayFit::Same;
    if (Name == "front" || Name == "back")
      return elementFit(Call);
    if (Name == "data")
      return pointerFit(Call, /*IsIterator=*/false);
    if (llvm::is_contained({"begin", "end", "cbegin", "cend"}, Name))
      return pointerFit(Call, /*IsIterator=*/true);
    // std::array has neither; c_str() also promises a terminating null.
    if (IsString && (Name == "c_str" || Name == "length"))
      return ArrayFit::Differs;
    return ArrayFit::Excludes;
  }

private:
  /// A constant below the size, or the counter of an enclosing
  /// `for (...; i < v.size(); ++i)` (or `i < M`, M <= size) that only the
  /// increment changes.
  bool indexBelowSize(const Expr *Index, const Expr *Ref) const {
    if (std::optional<llvm::APSInt> Value = Index->getIntegerConstantExpr(Ctx.AST))
      return !Value->isNegative() && Value->getZExtValue() < Size;
    const auto *Counter = dyn_cast<DeclRefExpr>(Index->IgnoreParenImpCasts());
    const auto *I = Counter ? dyn_cast<VarDecl>(Counter->getDecl()) : nullptr;
    if (!I)
      return false;
    const Stmt *S = Index;
    const ForStmt *Loop = nullptr;
    while (!Loop) {
      S = Ctx.Parents.parent(*S).get<Stmt>();
      if (!S)
        return false;
      if (const auto *For = dyn_cast<ForStmt>(S);
          For && For->getConditionVariable() == nullptr && For->getInit() &&
          isa<DeclStmt>(For->getInit()) && cast<DeclStmt>(For->getInit())->isSingleDecl() &&
          cast<DeclStmt>(For->getInit())->getSingleDecl() == I)
        Loop = For;
    }
    const auto *Cond = dyn_cast_or_null<BinaryOperator>(Loop->getCond());
    const auto *Inc = dyn_cast_or_null<UnaryOperator>(Loop->getInc());
    if (!Cond || Cond->getOpcode() != BO_LT || !Inc || !Inc->isIncrementOp() ||
        namedDecl(Cond->getLHS()->IgnoreParenImpCasts()) != I ||
        namedDecl(Inc->getSubExpr()->IgnoreParenImpCasts()) != I ||
        !boundsCounter(Cond->getRHS()->IgnoreParenImpCasts(), Ref))
      return false;
    bool OnlyRead = true;
    forEachReference(Loop->getBody(), I, [&](const Expr *Use, bool) {
      const auto *Cast = Ctx.Parents.parent(*Use).get<ImplicitCastExpr>();
      OnlyRead &= Cast && Cast->getCastKind() == CK_LValueToRValue;
    });
    return OnlyRead;
  }

  /// `v.size()` of the buffer \p Ref names, or a constant no larger than it.
  bool boundsCounter(const Expr *Bound, const Expr *Ref) const {
    if (std::optional<llvm::APSInt> Value = Bound->getIntegerConstantExpr(Ctx.AST))
      return !Value->isNegative() && Value->getZExtValue() <= Size;
    const auto *Call = dyn_cast<CXXMemberCallExpr>(Bound);
    const CXXMethodDecl *MD = Call ? Call->getMethodDecl() : nullptr;
    return MD && MD->getDeclName().isIdentifier() && MD->getName() == "size" &&
           namedDecl(Call->getImplicitObjectArgument()->IgnoreParenImpCasts()) ==
               namedDecl(Ref);
  }

  DynTypedNode parentOf(const Expr *&E) const {
    while (true) {
      DynTypedNode Parent = Ctx.Parents.parent(*E);
      const auto *Cast = Parent.get<ImplicitCastExpr>();
      if (Parent.get<ParenExpr>() ||
          (Cast && Cast->getCastKind() != CK_LValueToRValue)) {
        E = Parent.get<Expr>();
        continue;
      }
      return Parent;
    }
  }

  /// An element (`s[i]`, `v.front()`): read, assigned, incremented or its
  /// address passed on; a reference to it that outlives the expression
  /// excludes the buffer.
  ArrayFit elementFit(const Expr *Element) const {
    const Expr *E = Element;
    DynTypedNode Parent = parentOf(E);
    if (const auto *Cast = Parent.get<ImplicitCastExpr>())
      return Cast->getCastKind() == CK_LValueToRValue ? ArrayFit::Same : ArrayFit::Excludes;
    if (const auto *BO = Parent.get<BinaryOperator>())
      return BO->isAssignmentOp() && BO->getLHS() == E ? ArrayFit::Same : ArrayFit::Excludes;
    if (const auto *UO = Parent.get<UnaryOperator>()) {
      if (UO->getOpcode() == UO_AddrOf)
        return pointerFit(UO, /*IsIterator=*/false);
      return UO->isIncrementDecrementOp() ? ArrayFit::Same : ArrayFit::Excludes;
    }
    return ArrayFit::Excludes;
  }

  /// A pointer into the buffer (`s.data()`, `&s[0]`) or an iterator: it must
  /// go straight into a call, so it does not outlive the statement.
  ArrayFit pointerFit(const Expr *Pointer, bool IsIterator) const {
    const Expr *E = Pointer;
    DynTypedNode Parent = parentOf(E);
    if (const auto *BO = Parent.get<BinaryOperator>();
        BO && !IsIterator && BO->isAdditiveOp() && BO->getLHS() == E)
      return pointerFit(BO, IsIterator);
    const FunctionDecl *Callee = nullptr;
    ArrayRef<const Expr *> Args;
    if (const auto *Call = Parent.get<CallExpr>();
        Call && !isa<CXXOperatorCallExpr>(Call)) {
      Callee = Call->getDirectCallee();
      Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
    } else if (const auto *Construct = Parent.get<CXXConstructExpr>()) {
      Callee = Construct->getConstructor();
      Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
    }
    const auto *Found = llvm::find(Args, E);
    if (!Callee || Found == Args.end())
      return ArrayFit::Excludes;
    unsigned Index = Found - Args.begin();
    const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
    const FunctionDecl *Declared = Pattern ? Pattern : Callee;
    if (Index >= Declared->getNumParams())
      return ArrayFit::Differs; // Through `...`: printf("%s", s.data()).
    // A std::vector iterator is a class, a std::array one a pointer: only a
    // deduced parameter takes both.
    if (IsIterator)
      return isa<TemplateTypeParmType>(
                 Declared->getParamDecl(Index)->getType().getNonReferenceType()
                     .getCanonicalType().getTypePtr())
                 ? ArrayFit::Same
                 : ArrayFit::Differs;
    // A string's characters end in a null at [N], an array's do not: only a
    // pointer passed with a length after it (snprintf(p, n, ...),
    // append(p, n), read(fd, p, n)) cannot read up to it.
    if (IsString && (Index + 1 >= Callee->getNumParams() ||
                     !Callee->getParamDecl(Index + 1)->getType()->isIntegerType()))
      return ArrayFit::Differs;
    return ArrayFit::Same;
  }

  uint64_t Size;
  bool IsString;
  const FunctionContext &Ctx;
};
} // namespace

std::optional<FunctionCheck::Finding>
SmallVectorCheck::analyzeScratchBuffer(const VarDecl *Var, const FunctionDecl *Fn,
                                       const FunctionContext &Ctx) {
  // In a template the pattern's size and element type may differ between
  // instantiations.
  if (Fn->getTemplateInstantiationPattern())
    return std::nullopt;
  bool IsString = isStdString(Var->getType(), Ctx.AST);
  QualType Element = IsString ? Ctx.AST.CharTy : *vectorElement(Var->getType());
  std::optional<ConstantSizeInit> Init = constantSizeInit(Var, Ctx.AST);
  // A string no longer than its small-string buffer does not allocate.
  uint64_t Inline = IsString ? inlineCapacity(Var->getType()->getAsRecordDecl(), Ctx.AST) : 0;
  if (!Element->isScalarType() || !Init || Init->Size <= Inline ||
      Init->Size * Ctx.AST.getTypeSizeInChars(Element).getQuantity() > MaxInlineBytes)
    return std::nullopt;

  ScratchUses Uses(Init->Size, IsString, Ctx);
  ArrayFit Fit = Init->ZeroFilled ? ArrayFit::Same : ArrayFit::Differs;
  forEachReference(Fn->getBody(), Var, [&](const Expr *Ref, bool InClosure) {
    Fit = std::max(Fit, InClosure ? ArrayFit::Excludes : Uses.fit(Ref));
  });
  if (Fit == ArrayFit::Excludes)
    return std::nullopt;

  std::string Size = std::to_string(Init->Size);
  std::string ElementText = Element.getAsString(Ctx.AST.getPrintingPolicy());
  Finding F{Var->getLocation(),
            "'" + Var->getNameAsString() + "' always holds " + Size +
                (IsString ? " characters" : " elements") +
                " and never grows; std::array<" + ElementText + ", " + Size +
                "> keeps them on the stack, with no heap allocation",
            {},
            "<array>"};
  // A named constant keeps its name; other expressions (`a > b ? 8 : 4`
  // would end the template argument list) become their value.
  const Expr *Written = Init->SizeExpr->IgnoreParenImpCasts();
  std::string SizeText = isa<DeclRefExpr>(Written) ? sourceText(Written, Ctx) : Size;
  if (Fit == ArrayFit::Same && !namesVectorType(Var, Fn) && !SizeText.empty() &&
      !Init->Parens.getBegin().isMacroID() && !Init->Parens.getEnd().isMacroID())
    if (auto Spelling = elementSpelling(Var, Element, Fn, Ctx)) {
      F.Fixes.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(Spelling->first),
          "std::array<" + Spelling->second + ", " + SizeText + ">"));
      F.Fixes.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(Init->Parens), "{}"));
    }
  return F;
}

} // namespace clang::tidy::heapwise
