//===- ReservePlanner.cpp -------------------------------------------------===//

#include "ReservePlanner.h"
#include "LoopAnalysis.h"
#include "UseAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::heapwise {

namespace {

/// What the container holds when the anchor starts.
enum class Start {
  Empty,     ///< A local that nothing has filled yet.
  FilledHere, ///< A local this function put elements in before.
  Arrives,   ///< Members, parameters, globals, pointees, what local
             ///< references name, a lambda's captures: what callers (or
             ///< earlier calls) left.
};

/// One place that grows the container, and by how much each time it runs.
struct GrowthSite {
  const Expr *Expr;
  Count PerRun;
  llvm::SmallVector<const clang::Expr *, 2> Inputs;
};

/// Everything one analysis of (anchor, container) needs to carry around.
class Analysis {
public:
  Analysis(const Stmt *Anchor, const ValueDecl *Container, ContainerKind Kind,
           const FunctionDecl *Fn, const FunctionContext &Ctx,
           const Expr *Ignored)
      : Anchor(Anchor), Container(Container), Kind(Kind), Fn(Fn), Ctx(Ctx),
        SM(Ctx.AST.getSourceManager()), Ignored(Ignored),
        ForEach(isLoop(Anchor) ? nullptr : forEachLambda(Anchor)),
        ForEachBody(ForEach ? calledBody(ForEach) : nullptr) {}

  std::optional<ReservePlan> run();

private:
  void forEachUse(const Stmt *S, const ValueDecl *D,
                  llvm::function_ref<void(const Expr *Ref, bool InClosure)> F);
  bool runsRepeatedly() const { return isLoop(Anchor) || ForEach; }
  bool collectSites();
  bool siteCount(const Expr *Site, GrowthSite &Out);
  bool chainOf(const Expr *Site, llvm::SmallVectorImpl<const Stmt *> &Chain);
  bool inputsInvariant(llvm::ArrayRef<const Expr *> Inputs, bool AtEntry);
  bool mayChangeUnseen(const ValueDecl *D, ContainerKind K);
  std::optional<Count> total(const Stmt *Loop);
  /// What the container holds when the anchor starts, or nullopt when it
  /// was already reserved or sized.
  std::optional<Start> startState();
  unsigned pushesAfter();

  const Stmt *Anchor;
  const ValueDecl *Container;
  ContainerKind Kind;
  const FunctionDecl *Fn;
  const FunctionContext &Ctx;
  const SourceManager &SM;
  const Expr *Ignored;
  /// The lambda of a std::for_each anchor, and the body of it that runs (a
  /// generic lambda's instance, which Ctx indexes in place of its pattern):
  /// the body of the loop in disguise.
  const LambdaExpr *ForEach;
  const Stmt *ForEachBody;
  /// A constant input names a variable declared inside the anchor: the
  /// count must be written as a number, not with the code's names.
  bool ConstantNamesHidden = false;

  llvm::SmallVector<GrowthSite, 4> Sites;
  const Expr *FirstRef = nullptr;
  llvm::DenseMap<const Stmt *, TripCount> Trips;
  /// Growth per iteration of each loop in the anchor: direct sites and inner
  /// loops.
  llvm::MapVector<const Stmt *, std::pair<Count, llvm::SetVector<const Stmt *>>> Tree;
};

} // namespace

/// The call that receives `std::back_inserter(v)` as its output iterator.
static const CallExpr *algorithmOf(const Expr *BackInserter, const FunctionContext &Ctx) {
  const Expr *Cur = BackInserter;
  while (true) {
    const Stmt *P = Ctx.Parents.parent(*Cur).get<Stmt>();
    if (const auto *Call = dyn_cast_or_null<CallExpr>(P))
      return Call;
    if (!isa_and_nonnull<ImplicitCastExpr, CXXConstructExpr, MaterializeTemporaryExpr,
                         CXXBindTemporaryExpr, ParenExpr>(P))
      return nullptr;
    Cur = cast<Expr>(P);
  }
}

/// True when \p Lambda reaches the object \p D itself, not a copy: it
/// captures a variable by reference or a pointer by copy, or a member
/// through `this`.
static bool capturesObject(const LambdaExpr *Lambda, const ValueDecl *D) {
  for (const LambdaCapture &C : Lambda->captures()) {
    if (isa<FieldDecl>(D) && C.capturesThis())
      return C.getCaptureKind() == LCK_This;
    if (C.capturesVariable() && C.getCapturedVar() == D)
      return C.getCaptureKind() == LCK_ByRef || D->getType()->isPointerType();
  }
  return false;
}

/// The lambda whose body contains \p S, or null.
static const LambdaExpr *enclosingLambda(const Stmt *S, const FunctionContext &Ctx) {
  DynTypedNode Cur = DynTypedNode::create(*S);
  while (true) {
    DynTypedNode Parent = Ctx.Parents.parent(Cur);
    if (const auto *Lambda = Parent.get<LambdaExpr>())
      return isLambdaBody(Cur.get<Stmt>(), Lambda) ? Lambda : nullptr;
    if (!Parent.get<Stmt>() && !Parent.get<Decl>())
      return nullptr;
    Cur = Parent;
  }
}

/// forEachReference, where the body of a for_each anchor's lambda is code of
/// the anchor when the lambda reaches \p D itself: references there are not
/// in a closure, and the capture is no use of its own. For a generic lambda,
/// the references are those of the instance that runs, not of the pattern.
void Analysis::forEachUse(const Stmt *S, const ValueDecl *D,
                          llvm::function_ref<void(const Expr *, bool)> F) {
  bool Reached = ForEach && capturesObject(ForEach, D);
  llvm::SmallPtrSet<const Expr *, 4> InPattern;
  bool Generic = ForEach && ForEachBody != ForEach->getBody();
  if (Generic)
    forEachReference(ForEach->getBody(), D,
                     [&](const Expr *Ref, bool) { InPattern.insert(Ref); });
  auto Visit = [&](const Expr *Ref, bool InClosure) {
    if (Reached) {
      const Stmt *Capture = Ref;
      while (const auto *Cast = Ctx.Parents.parent(*Capture).get<ImplicitCastExpr>())
        Capture = Cast;
      if (Ctx.Parents.parent(*Capture).get<LambdaExpr>() == ForEach)
        return;
      if (InClosure && enclosingLambda(Ref, Ctx) == ForEach)
        InClosure = false;
    }
    F(Ref, InClosure);
  };
  forEachReference(S, D, [&](const Expr *Ref, bool InClosure) {
    if (!InPattern.contains(Ref))
      Visit(Ref, InClosure);
  });
  // S contains the anchor: the instance's references are all in a closure.
  if (Generic)
    forEachReference(ForEachBody, D, [&](const Expr *Ref, bool) { Visit(Ref, true); });
}

bool Analysis::siteCount(const Expr *Site, GrowthSite &Out) {
  const auto *Inserter = dyn_cast<CallExpr>(Site);
  if (!Inserter || isa<CXXMemberCallExpr, CXXOperatorCallExpr>(Site)) {
    Out.PerRun = Count::exactly(1);
    return true;
  }
  const CallExpr *Algorithm = algorithmOf(Inserter, Ctx);
  const FunctionDecl *FD = Algorithm ? Algorithm->getDirectCallee() : nullptr;
  if (!FD || !FD->isInStdNamespace() || !FD->getDeclName().isIdentifier())
    return false;
  llvm::StringRef Name = FD->getName();
  unsigned N = Algorithm->getNumArgs();
  // The back_inserter must be the output: argument 2 of copy, copy_n and the
  // unary transform, argument 3 of the binary transform.
  unsigned OutIndex = Name == "transform" && N == 5 ? 3 : 2;
  if (OutIndex >= N || algorithmOf(Inserter, Ctx) != Algorithm ||
      Algorithm->getArg(OutIndex)->IgnoreParenImpCasts()->getBeginLoc() !=
          Inserter->getBeginLoc())
    return false;
  std::optional<Count> C;
  if (Name == "copy_n") {
    C = nonNegativeCount(Algorithm->getArg(1), Ctx);
    Out.Inputs.push_back(Algorithm->getArg(1));
  } else if (Name == "copy" || Name == "transform") {
    const Expr *Source = nullptr;
    C = iteratorRangeSize(Algorithm->getArg(0), Algorithm->getArg(1), Ctx, &Source);
    if (Source) {
      if (rootDecl(Source) == Container)
        return false; // Copying a container into itself.
      Out.Inputs.push_back(Source);
    }
  }
  if (!C)
    return false;
  Out.PerRun = *C;
  return true;
}

bool Analysis::collectSites() {
  bool Ok = true;
  forEachUse(Anchor, Container, [&](const Expr *Ref, bool InClosure) {
    if (!Ok)
      return;
    if (!FirstRef)
      FirstRef = Ref;
    Use U = classifyUse(Ref, Kind, Ctx);
    if (U.Kind == UseKind::Reserve && U.Site == Ignored)
      return;
    if (InClosure || (U.Kind != UseKind::Read && U.Kind != UseKind::ElementAccess &&
                      U.Kind != UseKind::Growth)) {
      Ok = false;
      return;
    }
    if (U.Kind != UseKind::Growth)
      return;
    GrowthSite Site{U.Site, Count::exactly(0), {}};
    if (isInMacro(U.Site) || !siteCount(U.Site, Site)) {
      Ok = false;
      return;
    }
    Sites.push_back(std::move(Site));
  });
  return Ok && !Sites.empty();
}

bool Analysis::chainOf(const Expr *Site,
                       llvm::SmallVectorImpl<const Stmt *> &Chain) {
  if (ForEach) {
    // Once on every call of the lambda: not under a condition or in a loop.
    EnclosingLoop Outer = enclosingLoop(Site, Ctx);
    return Outer.Lambda == ForEach && Outer.EveryIteration;
  }
  if (!isLoop(Anchor))
    return true; // An algorithm call: no loop of ours around it.
  const Stmt *Cur = Site;
  while (true) {
    EnclosingLoop Outer = enclosingLoop(Cur, Ctx);
    if (!Outer.Loop || !Outer.EveryIteration)
      return false;
    Chain.push_back(Outer.Loop);
    if (Outer.Loop == Anchor)
      return true;
    Cur = Outer.Loop;
  }
}

/// True when \p D may change behind the code's back: its address or a
/// non-const reference to it is taken somewhere in the function (we do not
/// follow aliases), or it is shared state and the anchor calls code that may
/// reach it (globals: any function; members and reference parameters: member
/// functions of `this`).
bool Analysis::mayChangeUnseen(const ValueDecl *D, ContainerKind K) {
  // Aliases made after the anchor cannot reach into it: it is the outermost
  // loop of the object's scope.
  SourceLocation End = Anchor->getEndLoc();
  bool Escapes = false;
  forEachUse(Fn->getBody(), D, [&](const Expr *Ref, bool InClosure) {
    if (SM.isBeforeInTranslationUnit(End, Ref->getBeginLoc()))
      return;
    if (InClosure || classifyUse(Ref, K, Ctx).Kind == UseKind::Escape)
      Escapes = true;
  });
  if (Escapes)
    return true;
  if (!isSharedState(D))
    return false;
  const auto *VD = dyn_cast<VarDecl>(D);
  bool Globals = VD && VD->hasGlobalStorage();
  return hasOpaqueCall(Anchor, Globals) ||
         (ForEach && hasOpaqueCall(ForEachBody, Globals));
}

static void collectNamed(const Stmt *S, llvm::SetVector<const ValueDecl *> &Out) {
  if (!S)
    return;
  if (const auto *E = dyn_cast<Expr>(S)) {
    const Expr *Stripped = E->IgnoreParenImpCasts();
    if (isa<DeclRefExpr>(Stripped) ||
        (isa<MemberExpr>(Stripped) &&
         isa<CXXThisExpr>(cast<MemberExpr>(Stripped)->getBase()->IgnoreParenImpCasts())))
      if (const ValueDecl *D = rootDecl(Stripped)) {
        Out.insert(D);
        return;
      }
  }
  for (const Stmt *Child : S->children())
    collectNamed(Child, Out);
}

bool Analysis::inputsInvariant(llvm::ArrayRef<const Expr *> Inputs,
                               bool AtEntry) {
  llvm::SetVector<const ValueDecl *> Named;
  for (const Expr *E : Inputs) {
    if (!E->isIntegerConstantExpr(Ctx.AST)) {
      collectNamed(E, Named);
      continue;
    }
    llvm::SetVector<const ValueDecl *> Constants;
    collectNamed(E, Constants);
    for (const ValueDecl *D : Constants)
      ConstantNamesHidden |= isa<VarDecl>(D) &&
                             isWithin(D->getSourceRange(), Anchor->getSourceRange(), SM);
  }
  for (const ValueDecl *D : Named) {
    // It must be visible where the reserve goes.
    if (isa<VarDecl>(D) && isWithin(D->getSourceRange(), Anchor->getSourceRange(), SM))
      return false;
    if (D == Container)
      return false;
    if (AtEntry)
      continue;
    bool Changes = false;
    forEachUse(Anchor, D, [&](const Expr *Ref, bool) {
      // As ContainerKind::None, any growth counts as a change.
      UseKind U = classifyUse(Ref, ContainerKind::None, Ctx).Kind;
      if (U != UseKind::Read && U != UseKind::ElementAccess)
        Changes = true;
    });
    if (Changes)
      return false;
    if (mayChangeUnseen(D, ContainerKind::None))
      return false;
  }
  return true;
}

std::optional<Count> Analysis::total(const Stmt *Loop) {
  auto It = Tree.find(Loop);
  if (It == Tree.end())
    return std::nullopt;
  Count PerIteration = It->second.first;
  for (const Stmt *Inner : It->second.second) {
    std::optional<Count> InnerTotal = total(Inner);
    if (!InnerTotal)
      return std::nullopt;
    PerIteration = PerIteration + *InnerTotal;
  }
  return Trips.find(Loop)->second.Trips * PerIteration;
}

/// `T v(n)` or `T v(n, x)`: sized on construction.
static bool isCountConstructed(const VarDecl *VD) {
  const auto *Construct =
      dyn_cast_or_null<CXXConstructExpr>(VD->getInit() ? VD->getInit()->IgnoreImplicit() : nullptr);
  return Construct && Construct->getNumArgs() > 0 &&
         !isa<CXXDefaultArgExpr>(Construct->getArg(0)) &&
         Construct->getArg(0)->getType()->isIntegerType() &&
         !Construct->isListInitialization();
}

std::optional<Start> Analysis::startState() {
  SourceLocation Start = Anchor->getBeginLoc();
  bool UsedBefore = false, Reserved = false;
  forEachReference(Fn->getBody(), Container, [&](const Expr *Ref, bool) {
    if (!SM.isBeforeInTranslationUnit(Ref->getBeginLoc(), Start))
      return;
    UsedBefore = true;
    if (classifyUse(Ref, Kind, Ctx).Kind == UseKind::Reserve)
      Reserved = true;
  });
  if (Reserved)
    return std::nullopt;
  const auto *VD = dyn_cast<VarDecl>(Container);
  // A local reference names an object that outlives the call, and a local of
  // the function around a lambda keeps what earlier calls of the lambda put
  // in it.
  if (!VD || !VD->isLocalVarDecl() || VD->isStaticLocal() ||
      VD->getType()->isPointerType() || VD->getType()->isReferenceType() ||
      !VD->getDeclContext()->Equals(Fn))
    return Start::Arrives;
  if (isCountConstructed(VD))
    return std::nullopt;
  return UsedBefore || !isDefaultConstructed(VD) ? Start::FilledHere : Start::Empty;
}

/// The statements right after the anchor in its block that each add one
/// element (`args.push_back(nullptr);` after the loop): an exact reserve
/// must count them, or the last of them reallocates. Counting stops at the
/// first other statement that names the container.
unsigned Analysis::pushesAfter() {
  const auto *Block = Ctx.Parents.parent(*Anchor).get<CompoundStmt>();
  if (!Block)
    return 0;
  unsigned Pushes = 0;
  for (const Stmt *S : llvm::make_range(std::next(llvm::find(Block->body(), Anchor)),
                                        Block->body_end())) {
    unsigned References = 0, AddsOne = 0;
    forEachReference(S, Container, [&](const Expr *Ref, bool InClosure) {
      ++References;
      Use U = classifyUse(Ref, Kind, Ctx);
      AddsOne += !InClosure && U.Kind == UseKind::Growth &&
                 isa<CXXMemberCallExpr, CXXOperatorCallExpr>(U.Site) &&
                 statementOf(U.Site, Ctx) == S;
    });
    if (References == 0)
      continue;
    if (References != 1 || AddsOne != 1)
      break;
    ++Pushes;
  }
  return Pushes;
}

std::optional<ReservePlan> Analysis::run() {
  if (!collectSites())
    return std::nullopt;

  // Which loops run each site, and how often.
  llvm::SetVector<const Stmt *> Loops;
  for (GrowthSite &Site : Sites) {
    llvm::SmallVector<const Stmt *, 4> Chain;
    if (!chainOf(Site.Expr, Chain))
      return std::nullopt;
    for (const Stmt *Loop : Chain)
      Loops.insert(Loop);
    if (Chain.empty()) {
      Tree[Anchor].first = Tree[Anchor].first + Site.PerRun;
      continue;
    }
    Tree[Chain.front()].first = Tree[Chain.front()].first + Site.PerRun;
    for (size_t I = 0; I + 1 < Chain.size(); ++I) {
      Tree[Chain[I + 1]].second.insert(Chain[I]);
      Tree.insert({Chain[I], {Count::exactly(0), {}}});
    }
  }
  if (isLoop(Anchor) && hasEarlyExit(Anchor, Loops.getArrayRef()))
    return std::nullopt;
  if (ForEach) {
    // A return in the lambda is a `continue`.
    std::optional<TripCount> TC = forEachTrips(Anchor, Ctx);
    if (hasEarlyExit(ForEachBody, {}) || !TC ||
        !inputsInvariant(TC->BoundInputs, false) ||
        !inputsInvariant(TC->EntryInputs, true))
      return std::nullopt;
    Trips.insert({Anchor, *TC});
  }

  for (const Stmt *Loop : Loops) {
    std::optional<TripCount> TC = computeTripCount(Loop, Ctx);
    if (!TC || !inputsInvariant(TC->BoundInputs, false) ||
        !inputsInvariant(TC->EntryInputs, Loop == Anchor))
      return std::nullopt;
    Trips.insert({Loop, *TC});
  }
  for (const GrowthSite &Site : Sites)
    if (!inputsInvariant(Site.Inputs, !runsRepeatedly()))
      return std::nullopt;
  if (mayChangeUnseen(Container, Kind))
    return std::nullopt;

  std::optional<Start> State = startState();
  // What arrives with elements may be appended to on every call: only a
  // reserve that keeps growth geometric helps there, and hash containers
  // (whose growth is the library's own) and classes without capacity() have
  // none.
  if (!State ||
      (*State == Start::Arrives && !takesReserveMore(Container->getType(), Kind)))
    return std::nullopt;
  // A hash container's reserve sets its bucket count: on one that holds
  // elements it rehashes, usually to fewer buckets (an allocation measured on
  // every such call), and reserve(0) allocates the buckets an empty one would
  // never have.
  bool Hashed = Kind == ContainerKind::Unordered;
  if (Hashed && *State != Start::Empty)
    return std::nullopt;
  std::optional<Count> Total =
      runsRepeatedly() ? total(Anchor) : std::optional<Count>(Tree[Anchor].first);
  if (!Total || (Total->isConstant() && Total->value() == 0))
    return std::nullopt;
  *Total = *Total + Count::exactly(pushesAfter());

  ReservePlan F;
  F.Container = sourceText(FirstRef, Ctx);
  if (F.Container.empty())
    return std::nullopt;
  F.WarnAt = Sites.front().Expr->getBeginLoc();
  for (const GrowthSite &Site : Sites)
    if (SM.isBeforeInTranslationUnit(Site.Expr->getBeginLoc(), F.WarnAt))
      F.WarnAt = Site.Expr->getBeginLoc();
  bool Spelled = !ConstantNamesHidden;
  switch (*State) {
  case Start::Empty:
    F.Reserve = F.Container + ".reserve(" + Total->str(Spelled) + ")";
    if (Hashed && !Total->isConstant())
      F.Reserve = "if (" + Total->operand(Spelled) + " > 0) " + F.Reserve;
    break;
  case Start::FilledHere:
    F.Reserve = F.Container + ".reserve(" + F.Container + ".size() + " +
                Total->operand(Spelled) + ")";
    break;
  case Start::Arrives:
    F.Reserve = "heapwise::reserve_more(" + F.Container + ", " +
                Total->str(Spelled) + ")";
    F.Include = "heapwise/reserve.h";
    break;
  }
  F.InsertAt = Anchor->getBeginLoc();

  // The reserve becomes a statement of its own right before the anchor, which
  // must therefore be a statement of a block.
  F.Fixable = Ctx.Parents.parent(*Anchor).get<CompoundStmt>();
  return F;
}

const Stmt *statementOf(const Expr *E, const FunctionContext &Ctx) {
  const Stmt *Cur = E;
  while (true) {
    DynTypedNode Parent = Ctx.Parents.parent(*Cur);
    if (Parent.get<CompoundStmt>())
      return Cur;
    if (const auto *VD = Parent.get<VarDecl>()) {
      Cur = Ctx.Parents.parent(*VD).get<DeclStmt>();
      if (!Cur)
        return nullptr;
      continue;
    }
    const Stmt *P = Parent.get<Stmt>();
    if (!isa_and_nonnull<ImplicitCastExpr, ExprWithCleanups, CXXBindTemporaryExpr,
                         MaterializeTemporaryExpr, ParenExpr, CStyleCastExpr>(P))
      return nullptr;
    Cur = P;
  }
}

std::optional<ReservePlan> planReserve(const Stmt *Anchor, const ValueDecl *Container,
                                       ContainerKind Kind, const FunctionDecl *Fn,
                                       const FunctionContext &Ctx,
                                       const Expr *Ignored) {
  return Analysis(Anchor, Container, Kind, Fn, Ctx, Ignored).run();
}

} // namespace clang::tidy::heapwise
