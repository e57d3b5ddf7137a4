//===- Report.cpp ---------------------------------------------------------===//

#include "Report.h"
#include "CheckCatalog.h"
#include "SourceText.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include <map>
#include <set>

#ifndef HEAPWISE_VERSION
#error "HEAPWISE_VERSION must be defined by the build"
#endif

namespace heapwise {
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

static constexpr const char *FingerprintKey = "heapwise/v1";

std::string relativePath(llvm::StringRef Path, llvm::StringRef Root) {
  std::string Prefix = Root.str();
  if (!Root.ends_with("/"))
    Prefix += '/';
  if (!Root.empty() && Path.starts_with(Prefix))
    return Path.drop_front(Prefix.size()).str();
  return Path.str();
}

void assignFingerprints(std::vector<Finding> &Findings, llvm::StringRef Root) {
  llvm::sort(Findings, reportOrder);
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [](const Finding &A, const Finding &B) {
                               return !reportOrder(A, B) && !reportOrder(B, A);
                             }),
                 Findings.end());
  std::map<std::string, unsigned> Seen;
  for (Finding &F : Findings) {
    std::string Key = F.Check + '\0' + relativePath(F.File, Root) + '\0' +
                      F.Function + '\0' +
                      (F.StatementTokens.empty() ? F.Message : F.StatementTokens);
    auto Hash = llvm::SHA1::hash(llvm::arrayRefFromStringRef(Key));
    std::string Base = llvm::toHex(llvm::ArrayRef(Hash).take_front(8), true);
    F.Fingerprint = Base + ":" + std::to_string(Seen[Base]++);
  }
}

namespace {

/// What a reader sees of each file, read once.
class Sources {
public:
  llvm::StringRef text(const std::string &Path) {
    auto [It, New] = Texts.try_emplace(Path);
    if (New)
      It->second = readFile(Path, *llvm::vfs::getRealFileSystem()).value_or("");
    return It->second;
  }

private:
  std::map<std::string, std::string> Texts;
};

/// Length of the identifier (or else the one character) at \p Offset.
unsigned tokenLength(llvm::StringRef Text, unsigned Offset) {
  unsigned End = Offset;
  while (End < Text.size() && (llvm::isAlnum(Text[End]) || Text[End] == '_'))
    ++End;
  return std::max(1u, End - Offset);
}

void writeFixPreview(llvm::raw_ostream &OS, const Finding &F, Sources &Files) {
  std::map<std::string, std::vector<Edit>> ByFile;
  for (const Edit &E : F.Fix)
    ByFile[E.File].push_back(E);
  for (auto &[Path, Edits] : ByFile) {
    llvm::StringRef Text = Files.text(Path);
    // Edits on neighbouring lines are shown as one hunk.
    size_t I = 0;
    while (I < Edits.size()) {
      unsigned First = lineColumn(Text, Edits[I].Offset).first;
      unsigned Last = lineColumn(Text, Edits[I].Offset + Edits[I].Length).first;
      size_t J = I + 1;
      while (J < Edits.size() && lineColumn(Text, Edits[J].Offset).first <= Last + 1)
        Last = std::max(Last, lineColumn(Text, Edits[J].Offset + Edits[J].Length).first), ++J;
      size_t Begin = lineBounds(Text, First).first, End = lineBounds(Text, Last).second;
      std::vector<Edit> Local(Edits.begin() + I, Edits.begin() + J);
      for (Edit &E : Local)
        E.Offset -= Begin;
      std::string After = applyEdits(Text.slice(Begin, End), Local);
      OS << "  fix: " << (Path == F.File ? "" : relativePath(Path, "") + ":")
         << "line " << First << "\n";
      llvm::SmallVector<llvm::StringRef> Lines;
      Text.slice(Begin, End).split(Lines, '\n');
      for (llvm::StringRef L : Lines)
        OS << "    - " << L << "\n";
      llvm::StringRef(After).split(Lines = {}, '\n');
      for (llvm::StringRef L : Lines)
        OS << "    + " << L << "\n";
      I = J;
    }
  }
}

Object physicalLocation(const Finding &F, llvm::StringRef Root, Sources &Files) {
  std::string Relative = relativePath(F.File, Root);
  Object Artifact;
  if (Relative != F.File) {
    Artifact["uri"] = Relative;
    Artifact["uriBaseId"] = "SRCROOT";
  } else {
    Artifact["uri"] = "file://" + F.File;
  }
  unsigned Length = tokenLength(Files.text(F.File), F.Offset);
  return Object{{"artifactLocation", std::move(Artifact)},
                {"region", Object{{"startLine", F.Line},
                                  {"startColumn", F.Column},
                                  {"endLine", F.Line},
                                  {"endColumn", F.Column + Length}}}};
}

Value sarifFixes(const Finding &F, llvm::StringRef Root) {
  std::map<std::string, Array> ByFile;
  for (const Edit &E : F.Fix)
    ByFile[E.File].push_back(Object{
        {"deletedRegion", Object{{"charOffset", E.Offset}, {"charLength", E.Length}}},
        {"insertedContent", Object{{"text", E.Text}}}});
  Array Changes;
  for (auto &[Path, Replacements] : ByFile) {
    std::string Relative = relativePath(Path, Root);
    Object Artifact{{"uri", Relative != Path ? Relative : "file://" + Path}};
    if (Relative != Path)
      Artifact["uriBaseId"] = "SRCROOT";
    Changes.push_back(Object{{"artifactLocation", std::move(Artifact)},
                             {"replacements", std::move(Replacements)}});
  }
  return Array{Object{{"description", Object{{"text", "Apply the heapwise fix-it"}}},
                      {"artifactChanges", std::move(Changes)}}};
}

/// A SARIF log of one heapwise run; \p Notes become the invocation's
/// toolConfigurationNotifications.
Value sarifLog(Array Rules, Value BaseIds, Array Results,
               const std::vector<RunNote> &Notes = {}, Object Properties = {}) {
  Object Driver{{"name", "heapwise"},
                {"version", HEAPWISE_VERSION},
                {"informationUri", docsFolderUrl()},
                {"rules", std::move(Rules)}};
  Object Run{{"tool", Object{{"driver", std::move(Driver)}}},
             {"originalUriBaseIds", std::move(BaseIds)},
             {"results", std::move(Results)}};
  if (!Properties.empty())
    Run["properties"] = std::move(Properties);
  if (!Notes.empty()) {
    Array Notifications;
    for (const RunNote &N : Notes)
      Notifications.push_back(
          Object{{"level", N.Level}, {"message", Object{{"text", N.Text}}}});
    Run["invocations"] = Array{Object{{"executionSuccessful", true},
                                      {"toolConfigurationNotifications",
                                       std::move(Notifications)}}};
  }
  return Object{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", Array{std::move(Run)}}};
}

std::string fileUri(llvm::StringRef Dir) {
  std::string Uri = "file://" + Dir.str();
  if (!llvm::StringRef(Uri).ends_with("/"))
    Uri += '/';
  return Uri;
}

} // namespace

void writeText(llvm::raw_ostream &OS, const Report &R) {
  Sources Files;
  for (const Finding &F : R.Findings) {
    OS << relativePath(F.File, R.Root) << ":" << F.Line << ":" << F.Column
       << ": warning: " << F.Message << " [" << F.Check << "]\n";
    llvm::StringRef Text = Files.text(F.File);
    auto [Begin, End] = lineBounds(Text, F.Line);
    std::string Number = std::to_string(F.Line);
    OS << llvm::right_justify(Number, 6) << " | " << Text.slice(Begin, End) << "\n"
       << std::string(6, ' ') << " | " << std::string(F.Column - 1, ' ') << "^\n";
    if (R.Annotate)
      if (std::string Note = R.Annotate(F).Note; !Note.empty())
        OS << "  " << Note << "\n";
    writeFixPreview(OS, F, Files);
  }
  OS << R.SummaryText;
}

Value jsonReport(const Report &R) {
  Array Findings;
  for (const Finding &F : R.Findings) {
    Object O{{"file", relativePath(F.File, R.Root)},
             {"line", F.Line},
             {"column", F.Column},
             {"check", F.Check},
             {"message", F.Message},
             {"function", F.Function},
             {"fingerprint", F.Fingerprint},
             {"has_fix", !F.Fix.empty()}};
    Array Replacements;
    for (const Edit &E : F.Fix)
      Replacements.push_back(Object{{"file", relativePath(E.File, R.Root)},
                                    {"offset", E.Offset},
                                    {"length", E.Length},
                                    {"text", E.Text}});
    O["replacements"] = std::move(Replacements);
    if (R.Annotate)
      for (auto &[Key, V] : R.Annotate(F).Fields)
        O[Key] = V;
    Findings.push_back(std::move(O));
  }
  Array Notes;
  for (const RunNote &N : R.Notes)
    Notes.push_back(Object{{"level", N.Level}, {"text", N.Text}});
  Object Top{{"tool", "heapwise"},
             {"version", HEAPWISE_VERSION},
             {"root", R.Root},
             {"notes", std::move(Notes)},
             {"findings", std::move(Findings)}};
  for (const auto &[Key, V] : R.Summary)
    Top[Key] = V;
  return Top;
}

Value sarifReport(const Report &R) {
  std::vector<std::string> RuleIds;
  for (const Finding &F : R.Findings)
    if (!llvm::is_contained(RuleIds, F.Check))
      RuleIds.push_back(F.Check);
  llvm::sort(RuleIds);
  Array Rules;
  for (const std::string &Id : RuleIds) {
    const CheckInfo *Info = checkInfo(Id);
    Rules.push_back(Object{
        {"id", Id},
        {"name", Id},
        {"shortDescription", Object{{"text", Info ? Info->ShortDescription : Id}}},
        {"fullDescription", Object{{"text", Info ? Info->FullDescription : Id}}},
        {"helpUri", checkDocUrl(Id)},
        {"defaultConfiguration", Object{{"level", "warning"}}}});
  }
  Sources Files;
  Array Results;
  for (const Finding &F : R.Findings) {
    Object Result{
        {"ruleId", F.Check},
        {"ruleIndex", llvm::find(RuleIds, F.Check) - RuleIds.begin()},
        {"level", "warning"},
        {"message", Object{{"text", F.Message}}},
        {"locations", Array{Object{{"physicalLocation", physicalLocation(F, R.Root, Files)}}}},
        {"partialFingerprints", Object{{FingerprintKey, F.Fingerprint}}}};
    if (!F.Fix.empty())
      Result["fixes"] = sarifFixes(F, R.Root);
    if (R.Annotate)
      if (Object Fields = R.Annotate(F).Fields; !Fields.empty())
        Result["properties"] = std::move(Fields);
    Results.push_back(std::move(Result));
  }
  return sarifLog(std::move(Rules), Object{{"SRCROOT", Object{{"uri", fileUri(R.Root)}}}},
                  std::move(Results), R.Notes, R.Summary);
}

void writeReport(llvm::raw_ostream &OS, const Report &R, Format F) {
  switch (F) {
  case Format::Text:
    writeText(OS, R);
    return;
  case Format::Json:
    OS << llvm::formatv("{0:2}", jsonReport(R)) << "\n";
    return;
  case Format::Sarif:
    OS << llvm::formatv("{0:2}", sarifReport(R)) << "\n";
    return;
  case Format::Markdown:
    llvm_unreachable("only prove writes markdown, with its own report");
  }
}

void writeFixesYaml(llvm::raw_ostream &OS, const std::vector<Finding> &Findings) {
  clang::tooling::TranslationUnitDiagnostics Exported;
  for (const Finding &F : Findings) {
    clang::tooling::DiagnosticMessage Message;
    Message.Message = F.Message;
    Message.FilePath = F.File;
    Message.FileOffset = F.Offset;
    for (const Edit &E : F.Fix) {
      llvm::Error Err = Message.Fix[E.File].add(
          clang::tooling::Replacement(E.File, E.Offset, E.Length, E.Text));
      llvm::consumeError(std::move(Err)); // Edits of one fix never overlap.
    }
    Exported.Diagnostics.emplace_back(F.Check, Message,
                                      llvm::SmallVector<clang::tooling::DiagnosticMessage, 1>(),
                                      clang::tooling::Diagnostic::Warning, "");
  }
  llvm::yaml::Output YAML(OS);
  YAML << Exported;
}

llvm::Expected<Value> mergeSarif(std::vector<Value> Logs) {
  Array Rules, Results;
  std::vector<std::string> RuleIds;
  std::set<std::string> SeenResults;
  Value BaseIds = Object{};
  for (size_t L = 0; L < Logs.size(); ++L) {
    const Object *Log = Logs[L].getAsObject();
    const Array *Runs = Log ? Log->getArray("runs") : nullptr;
    if (!Runs || Log->getString("version") != "2.1.0")
      return llvm::createStringError("input " + std::to_string(L + 1) +
                                     " is not a SARIF 2.1.0 log");
    for (const Value &RunValue : *Runs) {
      const Object *Run = RunValue.getAsObject();
      const Object *Driver = Run ? Run->getObject("tool") : nullptr;
      Driver = Driver ? Driver->getObject("driver") : nullptr;
      if (!Driver || Driver->getString("name") != "heapwise")
        return llvm::createStringError("input " + std::to_string(L + 1) +
                                       " has a run that is not heapwise's");
      if (const Object *Ids = Run->getObject("originalUriBaseIds");
          Ids && BaseIds.getAsObject()->empty())
        BaseIds = Object(*Ids);
      std::vector<std::string> LocalIds;
      if (const Array *RunRules = Driver->getArray("rules"))
        for (const Value &Rule : *RunRules) {
          const Object *RuleObject = Rule.getAsObject();
          auto Id = RuleObject ? RuleObject->getString("id") : std::nullopt;
          if (!Id)
            return llvm::createStringError("a rule without an id");
          LocalIds.push_back(Id->str());
          if (!llvm::is_contained(RuleIds, *Id)) {
            RuleIds.push_back(Id->str());
            Rules.push_back(Rule);
          }
        }
      if (const Array *RunResults = Run->getArray("results"))
        for (const Value &ResultValue : *RunResults) {
          Object Result = *ResultValue.getAsObject();
          auto Id = Result.getString("ruleId");
          if (!Id || !llvm::is_contained(RuleIds, *Id))
            return llvm::createStringError("a result whose rule is not listed");
          Result["ruleIndex"] = llvm::find(RuleIds, *Id) - RuleIds.begin();
          std::string Key;
          llvm::raw_string_ostream(Key)
              << *Id << Value(Result.get("locations") ? *Result.get("locations") : nullptr)
              << Value(Result.get("partialFingerprints")
                           ? *Result.get("partialFingerprints") : nullptr);
          if (SeenResults.insert(Key).second)
            Results.push_back(std::move(Result));
        }
    }
  }
  return sarifLog(std::move(Rules), std::move(BaseIds), std::move(Results));
}

} // namespace heapwise
