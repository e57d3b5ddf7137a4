//===- Gate.cpp -----------------------------------------------------------===//

#include "Gate.h"
#include "Analyzer.h"
#include "Process.h"
#include "Report.h"
#include "SourceText.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <climits>

namespace heapwise {
using llvm::json::Array;
using llvm::json::Object;

llvm::Expected<std::set<std::string>> readBaseline(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createStringError("cannot read the baseline " + Path.str() + ": " +
                                   Buffer.getError().message() +
                                   " (make one with `heapwise gate --baseline " +
                                   Path.str() + " --update-baseline`)");
  auto Corrupt = [&](const std::string &Why) {
    return llvm::createStringError("the baseline " + Path.str() + " is corrupt: " + Why +
                                   "; rewrite it with --update-baseline");
  };
  llvm::Expected<llvm::json::Value> Json = llvm::json::parse((*Buffer)->getBuffer());
  if (!Json)
    return Corrupt(llvm::toString(Json.takeError()));
  const Object *Top = Json->getAsObject();
  const Array *Findings = Top ? Top->getArray("findings") : nullptr;
  if (!Top || Top->getString("tool") != "heapwise" || Top->getInteger("version") != 1 ||
      !Findings)
    return Corrupt("not a heapwise baseline (version 1)");
  std::set<std::string> Fingerprints;
  for (const llvm::json::Value &Entry : *Findings) {
    const Object *O = Entry.getAsObject();
    auto Fingerprint = O ? O->getString("fingerprint") : std::nullopt;
    if (!Fingerprint)
      return Corrupt("an entry without a fingerprint");
    Fingerprints.insert(Fingerprint->str());
  }
  return Fingerprints;
}

std::string baselineText(const std::vector<Finding> &Findings, llvm::StringRef Root) {
  Array Entries;
  for (const Finding &F : Findings)
    Entries.push_back(Object{{"fingerprint", F.Fingerprint},
                             {"check", F.Check},
                             {"file", relativePath(F.File, Root)},
                             {"line", F.Line},
                             {"function", F.Function},
                             {"message", F.Message}});
  std::string Text;
  llvm::raw_string_ostream(Text)
      << llvm::formatv("{0:2}", llvm::json::Value(Object{
                                    {"tool", "heapwise"},
                                    {"version", 1},
                                    {"findings", std::move(Entries)}}))
      << "\n";
  return Text;
}

namespace {

/// Runs git in \p Dir; its standard output, or the error with its stderr.
llvm::Expected<std::string> git(llvm::StringRef Dir, std::vector<std::string> Args) {
  std::vector<std::string> Argv = {"-C", Dir.str()};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  llvm::Expected<ProgramOutput> Run = runProgram("git", Argv);
  if (!Run)
    return Run.takeError();
  if (Run->Exit != 0)
    return llvm::createStringError("git " + llvm::join(Args, " ") + " failed: " +
                                   llvm::StringRef(Run->Err).trim().str());
  return std::move(Run->Out);
}

} // namespace

std::string gitTopLevel(llvm::StringRef Dir) {
  llvm::Expected<std::string> Top = git(Dir, {"rev-parse", "--show-toplevel"});
  if (!Top) {
    llvm::consumeError(Top.takeError());
    return "";
  }
  return llvm::StringRef(*Top).trim().str();
}

llvm::Expected<ChangedLines> changedSince(llvm::StringRef Revision, llvm::StringRef Root) {
  std::string Top = gitTopLevel(Root);
  if (Top.empty())
    return llvm::createStringError("--changed-since needs a git work tree; " + Root.str() +
                                   " is not in one");
  llvm::Expected<std::string> Diff =
      git(Top, {"-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff",
                "--unified=0", Revision.str(), "--"});
  if (!Diff)
    return Diff.takeError();
  ChangedLines Changed;
  std::string Current;
  llvm::SmallVector<llvm::StringRef> Lines;
  llvm::StringRef(*Diff).split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    if (Line.consume_front("+++ ")) {
      Current = Line.consume_front("b/") ? absolutePath(Line, Top) : "";
    } else if (Line.starts_with("@@ ") && !Current.empty()) {
      // @@ -a,b +c,d @@: d lines from line c of the new version.
      llvm::StringRef New = Line.split(" +").second.split(' ').first;
      auto [StartText, CountText] = New.split(',');
      unsigned Start = 0, Count = 1;
      StartText.getAsInteger(10, Start);
      if (!CountText.empty())
        CountText.getAsInteger(10, Count);
      if (Count > 0)
        Changed[Current].push_back({Start, Start + Count - 1});
    }
  }
  llvm::Expected<std::string> Untracked =
      git(Top, {"ls-files", "--others", "--exclude-standard"});
  if (!Untracked)
    return Untracked.takeError();
  llvm::StringRef(*Untracked).split(Lines = {}, '\n', -1, false);
  for (llvm::StringRef Path : Lines)
    Changed[absolutePath(Path, Top)].push_back({1, UINT_MAX});
  return Changed;
}

bool isChanged(const ChangedLines &Changed, const Finding &F) {
  auto It = Changed.find(F.File);
  return It != Changed.end() &&
         llvm::any_of(It->second, [&](const std::pair<unsigned, unsigned> &R) {
           return R.first <= F.Line && F.Line <= R.second;
         });
}

} // namespace heapwise
