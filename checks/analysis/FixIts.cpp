//===- FixIts.cpp ---------------------------------------------------------===//

#include "FixIts.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::heapwise {

/// The characters between the start of \p Loc's line and \p Loc.
static llvm::StringRef linePrefix(SourceLocation Loc, const SourceManager &SM) {
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(Loc));
  unsigned Offset = SM.getFileOffset(Loc);
  size_t LineStart = Buffer.rfind('\n', Offset);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  return Buffer.slice(LineStart, Offset);
}

static bool isBlank(llvm::StringRef Text) {
  return Text.find_first_not_of(" \t") == llvm::StringRef::npos;
}

FixItHint insertStatementBefore(SourceLocation Loc, const std::string &Statement,
                                const SourceManager &SM) {
  llvm::StringRef Prefix = linePrefix(Loc, SM);
  std::string After = isBlank(Prefix) ? "\n" + Prefix.str() : " ";
  return FixItHint::CreateInsertion(Loc, Statement + After);
}

std::optional<FixItHint> removeStatement(const Stmt *S, const SourceManager &SM,
                                         const LangOptions &LangOpts) {
  SourceLocation Begin = S->getBeginLoc(), End = S->getEndLoc();
  if (Begin.isMacroID() || End.isMacroID())
    return std::nullopt;
  // A declaration's range ends at its ';', an expression's before it.
  SourceLocation AfterSemi =
      isa<DeclStmt>(S) ? Lexer::getLocForEndOfToken(End, 0, SM, LangOpts)
                       : Lexer::findLocationAfterToken(
                             End, tok::semi, SM, LangOpts,
                             /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (AfterSemi.isInvalid())
    return std::nullopt;
  // Alone on its line: the line goes. Otherwise (a trailing comment, another
  // statement) only the statement and the blanks after it go.
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(AfterSemi));
  unsigned Offset = SM.getFileOffset(AfterSemi);
  size_t LineEnd = Buffer.find('\n', Offset);
  llvm::StringRef Rest = Buffer.slice(Offset, LineEnd);
  llvm::StringRef Prefix = linePrefix(Begin, SM);
  unsigned Blanks = Rest.size() - Rest.ltrim(" \t").size();
  // Take the line break before the line, not the one after it: a removal
  // that ends at the next line's indentation is widened by clang's edit
  // merging, which would eat a character of that indentation.
  unsigned LineStart = SM.getFileOffset(Begin) - Prefix.size();
  if (isBlank(Prefix) && isBlank(Rest) && LineStart > 0)
    Begin = Begin.getLocWithOffset(-static_cast<int>(Prefix.size()) - 1);
  return FixItHint::CreateRemoval(
      CharSourceRange::getCharRange(Begin, AfterSemi.getLocWithOffset(Blanks)));
}

std::optional<FixItHint> insertStatementAfter(const Stmt *S,
                                              const std::string &Statement,
                                              const SourceManager &SM,
                                              const LangOptions &LangOpts) {
  SourceLocation Begin = S->getBeginLoc(), End = S->getEndLoc();
  if (Begin.isMacroID() || End.isMacroID())
    return std::nullopt;
  SourceLocation After = Lexer::findLocationAfterToken(
      End, tok::semi, SM, LangOpts, /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (After.isInvalid())
    After = Lexer::getLocForEndOfToken(End, 0, SM, LangOpts);
  // A trailing line comment stays with the statement it follows.
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(After));
  unsigned Offset = SM.getFileOffset(After);
  llvm::StringRef Rest = Buffer.slice(Offset, Buffer.find('\n', Offset)).rtrim("\r");
  if (Rest.ltrim(" \t").starts_with("//") || isBlank(Rest))
    After = After.getLocWithOffset(Rest.size());
  llvm::StringRef Prefix = linePrefix(Begin, SM);
  std::string Before = isBlank(Prefix) ? "\n" + Prefix.str() : " ";
  return FixItHint::CreateInsertion(After, Before + Statement);
}

} // namespace clang::tidy::heapwise
