//===- FunctionCheck.cpp --------------------------------------------------===//

#include "FunctionCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include <mutex>

using namespace clang::ast_matchers;

namespace clang::tidy::heapwise {

namespace {
/// The heapwise checks that share one MatchFinder's function matcher. Checks
/// are created, registered and destroyed per translation unit; several runs
/// may go on at once in one process (the heapwise command's -j).
struct CheckGroups {
  std::mutex Lock;
  std::map<MatchFinder *, std::vector<FunctionCheck *>> Members;
};
CheckGroups &groups() {
  static CheckGroups Groups;
  return Groups;
}
std::vector<FunctionCheck *> membersOf(MatchFinder *Finder) {
  CheckGroups &G = groups();
  std::lock_guard<std::mutex> Guard(G.Lock);
  return G.Members[Finder];
}
} // namespace

FunctionCheck::FunctionCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void FunctionCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void FunctionCheck::registerPPCallbacks(const SourceManager &SM,
                                        Preprocessor *PP, Preprocessor *) {
  Sources = &SM;
  Inserter.registerPreprocessor(PP);
}

void FunctionCheck::registerMatchers(MatchFinder *Finder) {
  this->Finder = Finder;
  CheckGroups &G = groups();
  std::lock_guard<std::mutex> Guard(G.Lock);
  std::vector<FunctionCheck *> &Group = G.Members[Finder];
  // Lambdas' call operators are function definitions of their own.
  if (Group.empty())
    Finder->addMatcher(
        functionDecl(isDefinition(), unless(isExpansionInSystemHeader())).bind("fn"),
        this);
  Group.push_back(this);
}

FunctionCheck::~FunctionCheck() {
  if (!Finder)
    return;
  CheckGroups &G = groups();
  std::lock_guard<std::mutex> Guard(G.Lock);
  auto It = G.Members.find(Finder);
  if (It == G.Members.end())
    return;
  llvm::erase(It->second, this);
  if (It->second.empty())
    G.Members.erase(It);
}

void FunctionCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Fn = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  if (!Fn || !Fn->hasBody() || Fn->isDependentContext())
    return;
  for (FunctionCheck *Check : membersOf(Finder))
    Check->checkFunction(Fn, *Result.Context);
}

static std::string keyOf(const FunctionCheck::Finding &F) {
  std::string Key = F.Message;
  for (const FixItHint &Fix : F.Fixes)
    Key += "\n" + Fix.CodeToInsert + "@" +
           std::to_string(Fix.RemoveRange.getBegin().getRawEncoding()) + "-" +
           std::to_string(Fix.RemoveRange.getEnd().getRawEncoding());
  return Key;
}

void FunctionCheck::reportAnchor(const FunctionDecl *Fn, const Stmt *Anchor,
                                 std::vector<Finding> Findings) {
  if (!Fn->getTemplateInstantiationPattern()) {
    for (const Finding &F : Findings)
      emit(F, *Sources);
    return;
  }
  PendingAnchor &P = Pending[Anchor->getBeginLoc()];
  ++P.Instantiations;
  for (Finding &F : Findings) {
    std::string Key = keyOf(F);
    ++P.Findings.try_emplace(Key, 0, std::move(F)).first->second.first;
  }
}

void FunctionCheck::emit(const Finding &F, const SourceManager &SM) {
  // The message is final text: pass it as an argument so that '%' in it is
  // not read as a format directive.
  auto Diag = diag(F.Loc, "%0") << F.Message;
  for (const FixItHint &Fix : F.Fixes)
    Diag << Fix;
  if (!F.Fixes.empty() && !F.Include.empty())
    if (std::optional<FixItHint> Include = Inserter.createIncludeInsertion(
            SM.getFileID(SM.getExpansionLoc(F.Loc)), F.Include))
      Diag << *Include;
}

void FunctionCheck::reportIndifferent(const FunctionDecl *Fn, const Stmt *Anchor) {
  if (Fn->getTemplateInstantiationPattern())
    Pending[Anchor->getBeginLoc()]; // Counted as no instantiation.
}

void FunctionCheck::flushPending(const SourceManager &SM) {
  for (auto &[Loc, P] : Pending)
    for (auto &[Key, Entry] : P.Findings)
      if (Entry.first == P.Instantiations)
        emit(Entry.second, SM);
  Pending.clear();
}

// MatchFinder tells only the check that registered the shared matcher that
// the translation unit ended: it flushes the whole group, so that every
// check reports its template findings whatever other checks run.
void FunctionCheck::onEndOfTranslationUnit() {
  for (FunctionCheck *Check : membersOf(Finder))
    if (Check->Sources)
      Check->flushPending(*Check->Sources);
}

} // namespace clang::tidy::heapwise
