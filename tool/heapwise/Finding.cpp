//===- Finding.cpp --------------------------------------------------------===//

#include "Finding.h"
#include <climits>
#include <tuple>

namespace heapwise {
using llvm::json::Object;
using llvm::json::ObjectMapper;
using llvm::json::Path;
using llvm::json::Value;

Value toJSON(const Edit &E) {
  return Object{{"file", E.File},
                {"offset", E.Offset},
                {"length", E.Length},
                {"text", E.Text}};
}

Value toJSON(const Finding &F) {
  return Object{{"check", F.Check},
                {"message", F.Message},
                {"file", F.File},
                {"offset", F.Offset},
                {"line", F.Line},
                {"column", F.Column},
                {"function", F.Function},
                {"statement", F.StatementTokens},
                {"scope_first_line", F.ScopeFirstLine},
                {"scope_last_line", F.ScopeLastLine},
                {"fix", F.Fix},
                {"fingerprint", F.Fingerprint}};
}

Value toJSON(const ConfigProblem &C) {
  return Object{{"file", C.File}, {"ignored", C.Ignored}};
}

Value toJSON(const ListedClass &C) {
  return Object{{"name", C.Name}, {"problem", C.Problem}};
}

Value toJSON(const FileResult &R) {
  return Object{{"file", R.File},
                {"findings", R.Findings},
                {"errors", R.Errors},
                {"failed", R.Failed},
                {"language", R.Language},
                {"inactive_checks", R.InactiveChecks},
                {"config_problems", R.ConfigProblems},
                {"vector_like_classes", R.VectorLikeClasses},
                {"cached", R.Cached},
                {"seconds", R.Seconds},
                {"max_rss_kib", R.MaxRssKiB}};
}

// llvm::json reads no unsigned int.
static bool mapNumber(ObjectMapper &O, llvm::StringLiteral Key, unsigned &Out) {
  int64_t Value = 0;
  if (!O.map(Key, Value) || Value < 0 || Value > UINT_MAX)
    return false;
  Out = static_cast<unsigned>(Value);
  return true;
}

bool fromJSON(const Value &V, Edit &E, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("file", E.File) && mapNumber(O, "offset", E.Offset) &&
         mapNumber(O, "length", E.Length) && O.map("text", E.Text);
}

bool fromJSON(const Value &V, Finding &F, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("check", F.Check) && O.map("message", F.Message) &&
         O.map("file", F.File) && mapNumber(O, "offset", F.Offset) &&
         mapNumber(O, "line", F.Line) && mapNumber(O, "column", F.Column) &&
         O.map("function", F.Function) &&
         O.map("statement", F.StatementTokens) &&
         mapNumber(O, "scope_first_line", F.ScopeFirstLine) &&
         mapNumber(O, "scope_last_line", F.ScopeLastLine) && O.map("fix", F.Fix) &&
         O.map("fingerprint", F.Fingerprint);
}

bool fromJSON(const Value &V, ConfigProblem &C, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("file", C.File) && O.map("ignored", C.Ignored);
}

bool fromJSON(const Value &V, ListedClass &C, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("name", C.Name) && O.map("problem", C.Problem);
}

bool fromJSON(const Value &V, FileResult &R, Path P) {
  ObjectMapper O(V, P);
  return O && O.map("file", R.File) && O.map("findings", R.Findings) &&
         O.map("errors", R.Errors) && O.map("failed", R.Failed) &&
         O.map("language", R.Language) &&
         O.map("inactive_checks", R.InactiveChecks) &&
         O.map("config_problems", R.ConfigProblems) &&
         O.map("vector_like_classes", R.VectorLikeClasses) &&
         O.map("cached", R.Cached) &&
         O.map("seconds", R.Seconds) && O.map("max_rss_kib", R.MaxRssKiB);
}

bool reportOrder(const Finding &A, const Finding &B) {
  return std::tie(A.File, A.Offset, A.Check, A.Message) <
         std::tie(B.File, B.Offset, B.Check, B.Message);
}

} // namespace heapwise
