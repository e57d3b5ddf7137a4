//===- Fixer.cpp ----------------------------------------------------------===//

#include "Fixer.h"
#include "Process.h"
#include "Report.h"
#include "SourceText.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <set>
#include <sys/stat.h>

namespace heapwise {

namespace {

/// Fixes can cascade (a front insert turned into push_back gets a reserve on
/// the next pass); the test inputs settle in two passes.
constexpr unsigned MaxPasses = 4;

using Contents = std::map<std::string, std::string>;

llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> overlayOf(const Contents &Files) {
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const auto &[Path, Text] : Files)
    Memory->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Text, Path));
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  FS->pushOverlay(Memory);
  return FS;
}

bool isReadOnly(const std::string &Path) {
  struct stat St;
  return stat(Path.c_str(), &St) == 0 && (St.st_mode & 0222) == 0;
}

/// The same finding in another pass: its fingerprint without the occurrence
/// index (fixes elsewhere in the function may shift the index).
std::string identity(const Finding &F) {
  return F.Check + ' ' + F.Fingerprint.substr(0, F.Fingerprint.find(':'));
}

std::string locationKey(const Finding &F) {
  return F.File + ':' + std::to_string(F.Offset) + ' ' + F.Check + ' ' + F.Message;
}

/// \p Base with the fixes of \p Chosen applied (files read from disk when
/// \p Base does not hold them yet).
Contents withFixes(const Contents &Base, const std::vector<const Finding *> &Chosen) {
  std::map<std::string, std::vector<Edit>> ByFile;
  for (const Finding *F : Chosen)
    for (const Edit &E : F->Fix)
      ByFile[E.File].push_back(E);
  Contents Result = Base;
  for (auto &[Path, Edits] : ByFile) {
    auto It = Result.find(Path);
    std::string Old = It != Result.end()
                          ? It->second
                          : readFile(Path, *llvm::vfs::getRealFileSystem()).value_or("");
    Result[Path] = applyEdits(Old, Edits);
  }
  return Result;
}

/// The units of \p Units that do not compile with \p Files laid over the disk,
/// with their errors.
std::map<std::string, std::vector<std::string>>
failingUnits(const clang::tooling::CompilationDatabase &DB, const Contents &Files,
             const std::vector<std::string> &Units, const RunOptions &Options) {
  auto FS = overlayOf(Files);
  RunOptions Quiet = Options;
  Quiet.Progress = ProgressStyle::None;
  std::map<std::string, std::vector<std::string>> Failing;
  for (FileResult &R : runInChildren(Units, Quiet, [&](const std::string &Unit) {
         FileResult R;
         R.File = Unit;
         R.Failed = !compiles(DB, Unit, FS, R.Errors);
         return R;
       }))
    if (R.Failed)
      Failing[R.File] = std::move(R.Errors);
  return Failing;
}

std::string firstLines(const std::vector<std::string> &Errors, unsigned N) {
  std::string All = llvm::join(Errors, "\n"), Result;
  llvm::SmallVector<llvm::StringRef> Lines;
  llvm::StringRef(All).split(Lines, '\n', -1, false);
  for (unsigned I = 0; I < Lines.size() && I < N; ++I)
    Result += "\n    " + Lines[I].str();
  return Result;
}

} // namespace

FixResult computeFixes(const clang::tooling::CompilationDatabase &DB,
                       const std::vector<std::string> &Files,
                       const CheckSettings &Settings, const RunOptions &Options,
                       llvm::StringRef Root) {
  FixResult Result;
  Contents Current;
  std::set<std::string> Rejected;
  std::vector<Finding> Deferred;
  // Each unit's findings as of its last analysis; after the first pass only
  // the units a fix touched are analysed again.
  std::map<std::string, FileResult> Latest;
  std::vector<std::string> ToAnalyse = Files;
  for (unsigned Pass = 1; Pass <= MaxPasses; ++Pass) {
    for (FileResult &R : analyzeAll(DB, ToAnalyse, Settings, overlayOf(Current), Options)) {
      if (R.Failed && Pass == 1)
        Result.Failed.push_back(R);
      Latest[R.File] = std::move(R);
    }
    std::vector<Finding> All;
    std::map<std::string, std::set<std::string>> UnitsOf;
    for (const auto &[Unit, R] : Latest) {
      if (R.Failed)
        continue;
      for (const Finding &F : R.Findings) {
        UnitsOf[locationKey(F)].insert(Unit);
        All.push_back(F);
      }
    }
    assignFingerprints(All, Root);

    Result.WithoutFix.clear();
    Deferred.clear();
    std::vector<const Finding *> Chosen;
    std::vector<Edit> ChosenEdits;
    for (const Finding &F : All) {
      if (F.Fix.empty()) {
        Result.WithoutFix.push_back(F);
        continue;
      }
      if (Rejected.count(identity(F)))
        continue;
      auto ReadOnly = llvm::find_if(F.Fix, [](const Edit &E) { return isReadOnly(E.File); });
      if (ReadOnly != F.Fix.end()) {
        Rejected.insert(identity(F));
        Result.NotApplied.push_back({F, ReadOnly->File + " is read-only; not written"});
        continue;
      }
      bool Conflicts = llvm::any_of(F.Fix, [&](const Edit &E) {
        return llvm::any_of(ChosenEdits, [&](const Edit &C) { return overlap(E, C); });
      });
      if (Conflicts) {
        Deferred.push_back(F); // Its turn comes in the next pass.
        continue;
      }
      Chosen.push_back(&F);
      ChosenEdits.insert(ChosenEdits.end(), F.Fix.begin(), F.Fix.end());
    }
    if (Chosen.empty())
      break;

    // Verify: every unit that reported a chosen fix compiles with them all.
    auto unitsOf = [&](const std::vector<const Finding *> &Fs) {
      std::set<std::string> Units;
      for (const Finding *F : Fs)
        Units.insert(UnitsOf[locationKey(*F)].begin(), UnitsOf[locationKey(*F)].end());
      return std::vector<std::string>(Units.begin(), Units.end());
    };
    auto Failing = failingUnits(DB, withFixes(Current, Chosen), unitsOf(Chosen), Options);
    if (!Failing.empty()) {
      // Try the fixes of each failing unit alone; drop those that break it.
      std::vector<const Finding *> Kept;
      for (const Finding *F : Chosen) {
        std::vector<std::string> Units = unitsOf({F});
        bool Suspect = llvm::any_of(Units, [&](const std::string &U) { return Failing.count(U); });
        if (!Suspect) {
          Kept.push_back(F);
          continue;
        }
        auto Alone = failingUnits(DB, withFixes(Current, {F}), Units, Options);
        if (Alone.empty()) {
          Kept.push_back(F);
          continue;
        }
        Rejected.insert(identity(*F));
        Result.NotApplied.push_back(
            {*F, "rolled back: the fixed code does not compile" +
                     firstLines(Alone.begin()->second, 6)});
      }
      // Fixes that compile alone but not together are rolled back too.
      if (!failingUnits(DB, withFixes(Current, Kept), unitsOf(Kept), Options).empty()) {
        for (const Finding *F : Kept) {
          Rejected.insert(identity(*F));
          Result.NotApplied.push_back(
              {*F, "rolled back: compiles alone but not with the other fixes of its file"});
        }
        Kept.clear();
      }
      Chosen = std::move(Kept);
    }
    Current = withFixes(Current, Chosen);
    for (const Finding *F : Chosen)
      Result.Applied.push_back(*F);
    if (Pass > 1)
      Result.AppliedAfterFirstPass += Chosen.size();
    for (const std::string &Unit : unitsOf(Chosen))
      Result.VerifiedUnits.insert(Unit);
    std::set<std::string> Next;
    for (const std::string &Unit : unitsOf(Chosen))
      Next.insert(Unit);
    for (const Finding &F : Deferred)
      Next.insert(UnitsOf[locationKey(F)].begin(), UnitsOf[locationKey(F)].end());
    for (const std::string &Unit : Files)
      if (Current.count(Unit))
        Next.insert(Unit);
    ToAnalyse.assign(Next.begin(), Next.end());
  }
  for (const Finding &F : Deferred)
    Result.NotApplied.push_back(
        {F, "overlaps another fix still after " + std::to_string(MaxPasses) + " passes"});
  for (auto &[Unit, R] : Latest)
    Result.Analysed.push_back(std::move(R));

  for (auto &[Path, Text] : Current)
    if (readFile(Path, *llvm::vfs::getRealFileSystem()) != Text)
      Result.Changed[Path] = Text;
  return Result;
}

std::vector<std::string> writeFiles(const Contents &Changed) {
  std::vector<std::string> Errors;
  std::vector<std::pair<std::string, std::string>> Staged; // temp -> target
  auto Discard = [&] {
    for (auto &[Temp, Target] : Staged)
      llvm::sys::fs::remove(Temp);
  };
  for (const auto &[Path, Text] : Changed) {
    struct stat St;
    if (stat(Path.c_str(), &St) != 0) {
      Errors.push_back(Path + ": cannot be read any more");
      break;
    }
    llvm::SmallString<256> Temp;
    int FD;
    llvm::SmallString<256> Model(llvm::sys::path::parent_path(Path));
    llvm::sys::path::append(Model, "." + llvm::sys::path::filename(Path).str() +
                                       ".heapwise-%%%%%%");
    if (auto EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp)) {
      Errors.push_back(Path + ": cannot create a temporary file beside it: " + EC.message());
      break;
    }
    Staged.push_back({std::string(Temp), Path});
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.flush();
    // The new file takes the old one's mode and, where allowed, its owner.
    [[maybe_unused]] int Owned = fchown(FD, St.st_uid, St.st_gid);
    bool Synced = !OS.has_error() && fsync(FD) == 0 && fchmod(FD, St.st_mode & 07777) == 0;
    OS.close();
    if (!Synced || OS.has_error()) {
      Errors.push_back(Path + ": cannot write the temporary file " + std::string(Temp));
      OS.clear_error();
      break;
    }
  }
  if (!Errors.empty()) {
    Discard();
    return Errors;
  }
  for (auto &[Temp, Target] : Staged)
    if (auto EC = llvm::sys::fs::rename(Temp, Target))
      Errors.push_back(Target + ": cannot be replaced: " + EC.message());
  if (!Errors.empty())
    Discard();
  return Errors;
}

std::string unifiedDiff(const Contents &Changed, llvm::StringRef Root) {
  std::string Result;
  for (const auto &[Path, Text] : Changed) {
    llvm::SmallString<128> NewFile;
    llvm::sys::fs::createTemporaryFile("heapwise-new", "", NewFile);
    {
      std::error_code EC;
      llvm::raw_fd_ostream OS(NewFile, EC);
      OS << Text;
    }
    std::string Name = relativePath(Path, Root);
    llvm::Expected<ProgramOutput> Diff = runProgram(
        "diff", {"-u", "--label", "a/" + Name, "--label", "b/" + Name, Path,
                 std::string(NewFile)});
    llvm::sys::fs::remove(NewFile);
    if (!Diff)
      return "heapwise: error: " + llvm::toString(Diff.takeError()) +
             " (diffutils; --dry-run needs it)\n";
    Result += Diff->Out;
  }
  return Result;
}

} // namespace heapwise
