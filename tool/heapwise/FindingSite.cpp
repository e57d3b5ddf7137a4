//===- FindingSite.cpp ----------------------------------------------------===//

#include "FindingSite.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace heapwise {
using namespace clang;

namespace {

class SiteFinder {
public:
  SiteFinder(ASTContext &Context, SourceLocation Loc)
      : Context(Context), SM(Context.getSourceManager()),
        Loc(SM.getFileLoc(Loc)) {}

  FindingSite find() {
    FindingSite Site;
    Site.Line = SM.getSpellingLineNumber(Loc);
    Site.Column = SM.getSpellingColumnNumber(Loc);
    Site.ScopeFirstLine = Site.ScopeLastLine = Site.Line;
    const FunctionDecl *Fn = enclosingFunction(Context.getTranslationUnitDecl());
    if (!Fn)
      return Site;
    Site.Function = Fn->getQualifiedNameAsString();
    descend(Fn->getBody());
    if (!Statement)
      return Site;
    Site.StatementTokens = normalisedTokens(headText(Statement), Context.getLangOpts());
    SourceRange Scope = Statement->getSourceRange();
    if (isa<DeclStmt>(Statement) && StatementBlock)
      Scope.setEnd(StatementBlock->getEndLoc());
    else if (Loop)
      Scope = Loop->getSourceRange();
    Site.ScopeFirstLine = SM.getSpellingLineNumber(SM.getFileLoc(Scope.getBegin()));
    Site.ScopeLastLine = SM.getSpellingLineNumber(SM.getFileLoc(Scope.getEnd()));
    return Site;
  }

private:
  bool holds(SourceRange R) const {
    if (R.isInvalid())
      return false;
    SourceLocation B = SM.getFileLoc(R.getBegin()), E = SM.getFileLoc(R.getEnd());
    return !SM.isBeforeInTranslationUnit(Loc, B) &&
           !SM.isBeforeInTranslationUnit(E, Loc);
  }

  const FunctionDecl *enclosingFunction(const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      if (!holds(D->getSourceRange()))
        continue;
      if (const auto *T = dyn_cast<FunctionTemplateDecl>(D))
        D = T->getTemplatedDecl();
      else if (const auto *T = dyn_cast<ClassTemplateDecl>(D))
        D = T->getTemplatedDecl();
      if (const auto *Fn = dyn_cast<FunctionDecl>(D)) {
        if (Fn->doesThisDeclarationHaveABody() &&
            holds(Fn->getBody()->getSourceRange()))
          return Fn;
        continue;
      }
      if (const auto *Inner = dyn_cast<DeclContext>(D))
        if (const FunctionDecl *Fn = enclosingFunction(Inner))
          return Fn;
    }
    return nullptr;
  }

  /// A statement of its own: an element of a block or a control statement's
  /// body, as opposed to a sub-expression or a loop's condition.
  static bool isStatementOf(const Stmt *Child, const Stmt *Parent) {
    if (isa<CompoundStmt>(Child))
      return false;
    if (isa<CompoundStmt>(Parent))
      return true;
    if (const auto *F = dyn_cast<ForStmt>(Parent))
      return Child == F->getBody();
    if (const auto *W = dyn_cast<WhileStmt>(Parent))
      return Child == W->getBody();
    if (const auto *D = dyn_cast<DoStmt>(Parent))
      return Child == D->getBody();
    if (const auto *R = dyn_cast<CXXForRangeStmt>(Parent))
      return Child == R->getBody();
    if (const auto *I = dyn_cast<IfStmt>(Parent))
      return Child == I->getThen() || Child == I->getElse();
    if (const auto *S = dyn_cast<SwitchStmt>(Parent))
      return Child == S->getBody();
    return isa<SwitchCase, LabelStmt>(Parent);
  }

  void descend(const Stmt *S) {
    for (const Stmt *Child : S->children()) {
      if (!Child || !holds(Child->getSourceRange()))
        continue;
      if (isStatementOf(Child, S)) {
        Statement = Child;
        StatementBlock = dyn_cast<CompoundStmt>(S);
      }
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(Child))
        Loop = Child;
      descend(Child);
      return;
    }
  }

  /// A control statement's head (up to its body); any other statement whole.
  StringRef headText(const Stmt *S) const {
    SourceLocation Begin = S->getBeginLoc(), End;
    if (const auto *F = dyn_cast<ForStmt>(S))
      End = F->getBody()->getBeginLoc();
    else if (const auto *W = dyn_cast<WhileStmt>(S))
      End = W->getBody()->getBeginLoc();
    else if (const auto *R = dyn_cast<CXXForRangeStmt>(S))
      End = R->getBody()->getBeginLoc();
    else if (const auto *I = dyn_cast<IfStmt>(S))
      End = I->getThen()->getBeginLoc();
    else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
      End = Sw->getBody()->getBeginLoc();
    else if (const auto *D = dyn_cast<DoStmt>(S))
      Begin = D->getWhileLoc();
    CharSourceRange Range =
        End.isValid()
            ? CharSourceRange::getCharRange(SM.getFileLoc(Begin), SM.getFileLoc(End))
            : CharSourceRange::getTokenRange(SM.getFileLoc(Begin),
                                             SM.getFileLoc(S->getEndLoc()));
    return Lexer::getSourceText(Range, SM, Context.getLangOpts());
  }

  ASTContext &Context;
  const SourceManager &SM;
  SourceLocation Loc;
  const Stmt *Statement = nullptr;
  const CompoundStmt *StatementBlock = nullptr;
  const Stmt *Loop = nullptr;
};

} // namespace

FindingSite locateFinding(ASTContext &Context, SourceLocation Loc) {
  return SiteFinder(Context, Loc).find();
}

std::string normalisedTokens(StringRef Text, const LangOptions &LangOpts) {
  Lexer Lex(SourceLocation(), LangOpts, Text.begin(), Text.begin(), Text.end());
  std::string Tokens;
  Token Tok;
  for (bool AtEnd = false; !AtEnd;) {
    AtEnd = Lex.LexFromRawLexer(Tok);
    if (Tok.is(tok::eof))
      break;
    const char *End = Lex.getBufferLocation();
    if (!Tokens.empty())
      Tokens += ' ';
    Tokens.append(End - Tok.getLength(), End);
  }
  return Tokens;
}

} // namespace heapwise
