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

llvm::Expected<Baseline> readBaseline(llvm::StringRef Path) {
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
  std::optional<int64_t> Version = Top ? Top->getInteger("version") : std::nullopt;
  if (!Top || Top->getString("tool") != "heapwise" || !Version || *Version < 1 ||
      *Version > 2 || !Findings)
    return Corrupt("not a heapwise baseline (version 1 or 2)");
  Baseline B;
  B.Version = *Version;
  for (const llvm::json::Value &Entry : *Findings) {
    const Object *O = Entry.getAsObject();
    auto Fingerprint = O ? O->getString("fingerprint") : std::nullopt;
    if (!Fingerprint)
      return Corrupt("an entry without a fingerprint");
    B.Fingerprints.insert(Fingerprint->str());
    if (auto File = O->getString("file"))
      B.Files.push_back(File->str());
  }
  return B;
}

std::vector<bool> acceptedBy(const Baseline &B, const std::vector<Finding> &Findings) {
  std::vector<bool> Accepted;
  for (const Finding &F : Findings)
    Accepted.push_back(B.Fingerprints.count(F.Fingerprint));
  if (B.Version != 1)
    return Accepted;
  // The folder a version 1 baseline was made in: where an entry's relative
  // path, put under it, is a finding's file ("" for entries that were
  // absolute paths).
  std::set<std::string> OldRoots;
  for (const std::string &File : B.Files)
    for (const Finding &F : Findings)
      if (llvm::sys::path::is_absolute(File))
        OldRoots.insert("");
      else if (llvm::StringRef(F.File).ends_with("/" + File))
        OldRoots.insert(F.File.substr(0, F.File.size() - File.size() - 1));
  for (const std::string &OldRoot : OldRoots) {
    std::vector<Finding> Old = Findings;
    assignFingerprints(Old, OldRoot); // Same order: it depends on no path.
    for (size_t I = 0; I < Old.size(); ++I)
      if (B.Fingerprints.count(Old[I].Fingerprint))
        Accepted[I] = true;
  }
  return Accepted;
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
                                    {"version", 2},
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
