//===- Analyzer.cpp -------------------------------------------------------===//

#include "Analyzer.h"
#include "FindingSite.h"
#include "Report.h"
#include "SourceText.h"
#include "analysis/ContainerModel.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang-tidy/GlobList.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include <chrono>
#include <map>
#include <set>
#include <tuple>

namespace clang::tidy {
// Keeps the check library's registration object in the link (see
// checks/HeapwiseTidyModule.cpp).
extern volatile int HeapwiseModuleAnchorSource;
[[maybe_unused]] static int HeapwiseModuleAnchorDestination =
    HeapwiseModuleAnchorSource;
} // namespace clang::tidy

namespace heapwise {
using namespace clang;
using namespace clang::tidy;
using clang::tooling::ClangTool;
using clang::tooling::CompilationDatabase;

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> Result(Path);
  if (!llvm::sys::path::is_absolute(Result)) {
    Result = Base;
    llvm::sys::path::append(Result, Path);
  }
  llvm::sys::path::remove_dots(Result, /*remove_dot_dot=*/true);
  return std::string(Result);
}

std::vector<std::string> registeredChecks() {
  ClangTidyCheckFactories Factories;
  for (const ClangTidyModuleRegistry::entry &Module :
       ClangTidyModuleRegistry::entries())
    Module.instantiate()->addCheckFactories(Factories);
  std::vector<std::string> Names;
  for (const auto &Factory : Factories)
    Names.push_back(Factory.getKey().str());
  llvm::sort(Names);
  return Names;
}

std::string validateCheckGlob(llvm::StringRef Glob, bool SharedWithClangTidy) {
  std::vector<std::string> Known = registeredChecks();
  llvm::SmallVector<llvm::StringRef> Patterns;
  Glob.split(Patterns, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Pattern : Patterns) {
    Pattern = Pattern.trim();
    if (Pattern.empty() || Pattern.starts_with("-") || Pattern.contains('*') ||
        Pattern.starts_with("clang-diagnostic-") ||
        (SharedWithClangTidy && !Pattern.starts_with("heapwise-")))
      continue;
    if (!llvm::is_contained(Known, Pattern))
      return "unknown check '" + Pattern.str() +
             "' in --checks; the checks are: " + llvm::join(Known, ", ");
  }
  GlobList Enabled(("-*,heapwise-*," + Glob).str());
  if (llvm::none_of(Known, [&](const std::string &C) { return Enabled.contains(C); }))
    return "--checks='" + Glob.str() + "' enables no heapwise check";
  return "";
}

namespace {

/// \p Text with line \p Line (1-based) blanked, and the lines after it
/// that are indented deeper than \p Column: one YAML mapping entry.
std::string withoutEntry(llvm::StringRef Text, unsigned Line, unsigned Column) {
  llvm::SmallVector<llvm::StringRef> Lines;
  Text.split(Lines, '\n');
  for (unsigned I = Line - 1; I < Lines.size(); ++I) {
    size_t Indent = Lines[I].find_first_not_of(' ');
    if (I != Line - 1 && Indent != llvm::StringRef::npos && Indent <= Column)
      break;
    Lines[I] = "";
  }
  return llvm::join(Lines, "\n");
}

/// Reads a .clang-tidy file as clang-tidy does, but without printing a parse
/// error for every unit: an unknown key (one clang-tidy 19 no longer knows,
/// such as AnalyzeTemporaryDtors) is dropped and the rest of the file used;
/// a file that is not valid YAML is ignored whole, its folder inheriting the
/// parent folders' configuration (clang-tidy's fallback). Each is recorded
/// in \p Problems, for the run to report once.
ClangTidyOptions parseLeniently(llvm::MemoryBufferRef Config,
                                std::vector<ConfigProblem> &Problems) {
  std::string Text = Config.getBuffer().str();
  std::vector<std::string> Dropped;
  while (true) {
    std::optional<llvm::SMDiagnostic> First;
    llvm::ErrorOr<ClangTidyOptions> Parsed = parseConfigurationWithDiags(
        llvm::MemoryBufferRef(Text, Config.getBufferIdentifier()),
        [&](const llvm::SMDiagnostic &D) {
          if (!First)
            First = D;
        });
    llvm::SmallString<256> Path;
    if (llvm::sys::fs::real_path(Config.getBufferIdentifier(), Path))
      Path = Config.getBufferIdentifier();
    if (Parsed) {
      if (!Dropped.empty())
        Problems.push_back({std::string(Path),
                            "ignored " + llvm::join(Dropped, ", ") +
                                "; the rest of the file applies"});
      return *Parsed;
    }
    llvm::StringRef Message = First ? First->getMessage() : "";
    std::string Where = First ? " (line " + std::to_string(First->getLineNo()) + ")" : "";
    if (Message.starts_with("unknown key ") && First->getLineNo() > 0 &&
        Dropped.size() < 100) {
      Dropped.push_back("the " + Message.str() + Where);
      Text = withoutEntry(Text, First->getLineNo(), First->getColumnNo());
      continue;
    }
    Problems.push_back(
        {std::string(Path),
         "ignored the whole file: " +
             (Message.empty() ? Parsed.getError().message() : Message.str()) + Where +
             "; the parent folders' configuration applies"});
    ClangTidyOptions Inherit;
    Inherit.InheritParentConfig = true;
    return Inherit;
  }
}

class LenientFileOptionsProvider : public FileOptionsProvider {
public:
  LenientFileOptionsProvider(ClangTidyOptions Defaults, ClangTidyOptions Overrides,
                             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                             std::vector<ConfigProblem> &Problems)
      : FileOptionsProvider(ClangTidyGlobalOptions(), std::move(Defaults),
                            std::move(Overrides), std::move(FS)) {
    ConfigHandlers = {{".clang-tidy", [&Problems](llvm::MemoryBufferRef Config) {
                         return llvm::ErrorOr<ClangTidyOptions>(
                             parseLeniently(Config, Problems));
                       }}};
  }
};

std::unique_ptr<ClangTidyOptionsProvider>
optionsProvider(const CheckSettings &Settings,
                llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                std::vector<ConfigProblem> &Problems) {
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  Defaults.Checks = "-*,heapwise-*";
  ClangTidyOptions Overrides;
  Overrides.Checks = Settings.Checks;
  // --header-filter is matched by analyzeFile, against root-relative paths.
  if (Settings.HeaderFilter)
    Overrides.HeaderFilterRegex = Settings.HeaderFilter->empty() ? "" : ".*";
  if (Settings.Config)
    return std::make_unique<ConfigOptionsProvider>(
        ClangTidyGlobalOptions(), Defaults, *Settings.Config, Overrides, FS);
  return std::make_unique<LenientFileOptionsProvider>(Defaults, Overrides, FS, Problems);
}

/// A file that several targets compile has a command for each; analysing it
/// once is enough (the others would repeat the same findings, at the same
/// cost: leveldb's util/testutil.cc has 30).
class FirstCommandOnly : public CompilationDatabase {
public:
  explicit FirstCommandOnly(const CompilationDatabase &Base) : Base(Base) {}
  std::vector<tooling::CompileCommand>
  getCompileCommands(StringRef File) const override {
    std::vector<tooling::CompileCommand> Commands = Base.getCompileCommands(File);
    if (Commands.size() > 1)
      Commands.resize(1);
    return Commands;
  }
  std::vector<std::string> getAllFiles() const override { return Base.getAllFiles(); }

private:
  const CompilationDatabase &Base;
};

using SiteKey = std::tuple<std::string, unsigned, std::string>;

/// Passes every diagnostic on to clang-tidy's consumer and keeps the
/// locations of the checks' warnings, whose sites are read once the checks
/// have run.
class SiteRecorder : public DiagnosticConsumer {
public:
  SiteRecorder(DiagnosticConsumer &Next, ClangTidyContext &Context)
      : Next(Next), Context(Context) {}

  void BeginSourceFile(const LangOptions &LO, const Preprocessor *PP) override {
    Next.BeginSourceFile(LO, PP);
  }
  void EndSourceFile() override { Next.EndSourceFile(); }
  void finish() override { Next.finish(); }

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level == DiagnosticsEngine::Warning && Info.getLocation().isValid()) {
      std::string Check = Context.getCheckName(Info.getID());
      if (llvm::StringRef(Check).starts_with("heapwise-"))
        Pending.push_back({Info.getLocation(), std::move(Check)});
    }
    Next.HandleDiagnostic(Level, Info);
  }

  /// Reads the sites of the warnings recorded so far.
  void readSites(ASTContext &AST) {
    SourceManager &SM = AST.getSourceManager();
    auto Cwd = SM.getFileManager().getVirtualFileSystem().getCurrentWorkingDirectory();
    for (auto &[Loc, Check] : Pending) {
      SourceLocation FileLoc = SM.getFileLoc(Loc);
      SiteKey Key{absolutePath(SM.getFilename(FileLoc), Cwd ? *Cwd : ""),
                  SM.getFileOffset(FileLoc), Check};
      Sites.try_emplace(Key, locateFinding(AST, Loc));
    }
    Pending.clear();
  }

  std::map<SiteKey, FindingSite> Sites;

private:
  DiagnosticConsumer &Next;
  ClangTidyContext &Context;
  std::vector<std::pair<SourceLocation, std::string>> Pending;
};

/// The enabled heapwise checks that do not run in a unit of this language.
std::vector<std::string> inactiveChecks(ClangTidyContext &Context,
                                        const LangOptions &LangOpts) {
  ClangTidyCheckFactories Factories;
  for (const ClangTidyModuleRegistry::entry &Module : ClangTidyModuleRegistry::entries())
    Module.instantiate()->addCheckFactories(Factories);
  std::vector<std::string> Inactive;
  for (const auto &Factory : Factories) {
    llvm::StringRef Name = Factory.getKey();
    if (Name.starts_with("heapwise-") && Context.isCheckEnabled(Name) &&
        !Factory.getValue()(Name, &Context)->isLanguageVersionSupported(LangOpts))
      Inactive.push_back(Name.str());
  }
  llvm::sort(Inactive);
  return Inactive;
}

std::string languageName(const LangOptions &LO) {
  if (!LO.CPlusPlus)
    return LO.ObjC ? "Objective-C" : "C";
  return LO.CPlusPlus26   ? "C++26"
         : LO.CPlusPlus23 ? "C++23"
         : LO.CPlusPlus20 ? "C++20"
         : LO.CPlusPlus17 ? "C++17"
         : LO.CPlusPlus14 ? "C++14"
         : LO.CPlusPlus11 ? "C++11"
                          : "C++98";
}

/// What is wrong with the class \p Name as a VectorLikeClasses entry in this
/// unit; empty when it is declared with reserve and push_back/emplace_back.
std::string vectorLikeProblem(ASTContext &AST, llvm::StringRef Name) {
  llvm::SmallVector<llvm::StringRef> Parts;
  Name.ltrim(':').split(Parts, "::");
  const DeclContext *Scope = AST.getTranslationUnitDecl();
  const NamedDecl *Found = nullptr;
  for (llvm::StringRef Part : Parts) {
    Found = nullptr;
    if (Scope)
      for (const NamedDecl *D : Scope->lookup(&AST.Idents.get(Part)))
        if (isa<NamespaceDecl, RecordDecl, ClassTemplateDecl, TypedefNameDecl>(D)) {
          Found = D;
          break;
        }
    if (!Found)
      return "is not declared";
    if (const auto *Template = dyn_cast<ClassTemplateDecl>(Found))
      Found = Template->getTemplatedDecl();
    Scope = dyn_cast<DeclContext>(Found);
  }
  const auto *Record = dyn_cast_or_null<CXXRecordDecl>(Found);
  if (!Record)
    return "is not a class";
  if (!Record->hasDefinition())
    return "is not declared";
  std::vector<std::string> Missing;
  if (!tidy::heapwise::hasMethod(Record, "reserve", 1))
    Missing.push_back("reserve(n)");
  if (!tidy::heapwise::hasMethod(Record, "push_back", 1) &&
      !tidy::heapwise::hasMethod(Record, "emplace_back", 0))
    Missing.push_back("push_back(x) or emplace_back(...)");
  return Missing.empty() ? "" : "has no " + llvm::join(Missing, " and no ");
}

/// What the run learns of a unit besides the checks' diagnostics.
struct UnitFacts {
  std::string Language;
  std::vector<std::string> InactiveChecks;
  std::vector<ListedClass> VectorLikeClasses;
  std::vector<Dependency> Dependencies;
};

/// Runs after the checks' consumer, while the AST is still alive.
class UnitObserver : public ASTConsumer {
public:
  UnitObserver(SiteRecorder &Recorder, ClangTidyContext &Context, UnitFacts &Facts)
      : Recorder(Recorder), Context(Context), Facts(Facts) {}

  void HandleTranslationUnit(ASTContext &AST) override {
    Recorder.readSites(AST);
    std::set<std::string> Listed;
    for (const auto &[Key, Value] : Context.getOptions().CheckOptions) {
      auto [Check, Option] = Key.split('.');
      if (Option == "VectorLikeClasses" && Check.starts_with("heapwise-") &&
          Context.isCheckEnabled(Check))
        for (const std::string &Name : tidy::heapwise::parseQualifiedNames(Value.Value))
          Listed.insert(Name);
    }
    for (const std::string &Name : Listed)
      Facts.VectorLikeClasses.push_back({Name, vectorLikeProblem(AST, Name)});

    SourceManager &SM = AST.getSourceManager();
    auto Cwd = SM.getFileManager().getVirtualFileSystem().getCurrentWorkingDirectory();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      std::optional<llvm::MemoryBufferRef> Buffer = It->second->getBufferIfLoaded();
      if (!Buffer)
        continue;
      // Not absolutePath: `..` after a symbolic link (/lib/gcc/...) is not
      // the lexical parent.
      llvm::SmallString<256> Path(It->first.getFileEntry().tryGetRealPathName());
      if (Path.empty()) {
        Path = It->first.getName();
        if (!llvm::sys::path::is_absolute(Path) && Cwd)
          llvm::sys::fs::make_absolute(*Cwd, Path);
      }
      Facts.Dependencies.push_back({std::string(Path), contentHash(Buffer->getBuffer())});
    }
  }

private:
  SiteRecorder &Recorder;
  ClangTidyContext &Context;
  UnitFacts &Facts;
};

/// Runs \p Action as FrontendActionFactory::runInvocation does, without the
/// "N warnings/errors generated." the compiler prints straight to stderr:
/// heapwise reports findings and errors itself. \p Action must outlive the
/// compiler instance made here.
static bool runQuietly(std::shared_ptr<CompilerInvocation> Invocation, FileManager *Files,
                       std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                       DiagnosticConsumer *DiagConsumer, FrontendAction &Action) {
  CompilerInstance Compiler(std::move(PCHContainerOps));
  Compiler.setInvocation(std::move(Invocation));
  Compiler.setFileManager(Files);
  Compiler.createDiagnostics(DiagConsumer, /*ShouldOwnClient=*/false);
  if (!Compiler.hasDiagnostics())
    return false;
  Compiler.createSourceManager(*Files);
  Compiler.setVerboseOutputStream(std::make_unique<llvm::raw_null_ostream>());
  bool Ok = Compiler.ExecuteAction(Action);
  Files->clearStatCache();
  return Ok;
}

/// -fsyntax-only, quietly (compiles() renders the errors).
class QuietSyntaxOnly : public tooling::ToolAction {
public:
  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation, FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    SyntaxOnlyAction Action;
    return runQuietly(std::move(Invocation), Files, std::move(PCHContainerOps), DiagConsumer,
                      Action);
  }
};

class AnalyzeActionFactory : public tooling::FrontendActionFactory {
public:
  AnalyzeActionFactory(ClangTidyContext &Context, SiteRecorder &Recorder,
                       UnitFacts &Facts,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS)
      : Checks(Context, std::move(FS)), Context(Context), Recorder(Recorder),
        Facts(Facts) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(*this);
  }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // As clang-tidy does: code guarded by __clang_analyzer__ is seen.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    std::unique_ptr<FrontendAction> Analysis = create();
    return runQuietly(std::move(Invocation), Files, std::move(PCHContainerOps),
                      DiagConsumer, *Analysis);
  }

private:
  class Action : public ASTFrontendAction {
  public:
    explicit Action(AnalyzeActionFactory &Factory) : Factory(Factory) {}
    std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &Compiler,
                                                   StringRef File) override {
      std::vector<std::unique_ptr<ASTConsumer>> Consumers;
      Consumers.push_back(Factory.Checks.createASTConsumer(Compiler, File));
      Factory.Facts.Language = languageName(Compiler.getLangOpts());
      Factory.Facts.InactiveChecks = inactiveChecks(Factory.Context, Compiler.getLangOpts());
      Consumers.push_back(
          std::make_unique<UnitObserver>(Factory.Recorder, Factory.Context, Factory.Facts));
      return std::make_unique<MultiplexConsumer>(std::move(Consumers));
    }

  private:
    AnalyzeActionFactory &Factory;
  };

  ClangTidyASTConsumerFactory Checks;
  ClangTidyContext &Context;
  SiteRecorder &Recorder;
  UnitFacts &Facts;
};

/// Adds the ExtraArgs/ExtraArgsBefore of the file's clang-tidy options, as
/// clang-tidy does.
tooling::ArgumentsAdjuster extraArgs(ClangTidyContext &Context) {
  return [&Context](const tooling::CommandLineArguments &Args,
                    StringRef Filename) {
    ClangTidyOptions Opts = Context.getOptionsForFile(Filename);
    tooling::CommandLineArguments Adjusted = Args;
    if (Opts.ExtraArgsBefore) {
      auto I = Adjusted.begin();
      if (I != Adjusted.end() && !StringRef(*I).starts_with("-"))
        ++I;
      Adjusted.insert(I, Opts.ExtraArgsBefore->begin(), Opts.ExtraArgsBefore->end());
    }
    if (Opts.ExtraArgs)
      Adjusted.insert(Adjusted.end(), Opts.ExtraArgs->begin(), Opts.ExtraArgs->end());
    return Adjusted;
  };
}

std::vector<Edit> editsOf(const ClangTidyError &Error) {
  std::vector<Edit> Edits;
  for (const auto &Entry : Error.Message.Fix)
    for (const tooling::Replacement &R : Entry.getValue())
      Edits.push_back({absolutePath(R.getFilePath(), Error.BuildDirectory),
                       R.getOffset(), R.getLength(), R.getReplacementText().str()});
  llvm::sort(Edits, [](const Edit &A, const Edit &B) {
    return std::tie(A.File, A.Offset) < std::tie(B.File, B.Offset);
  });
  return Edits;
}

std::string renderCompilerError(const ClangTidyError &Error,
                                llvm::vfs::FileSystem &FS) {
  std::string Path = absolutePath(Error.Message.FilePath, Error.BuildDirectory);
  if (Error.Message.FilePath.empty())
    return "error: " + Error.Message.Message;
  auto [Line, Column] = lineColumn(readFile(Path, FS).value_or(""),
                                   Error.Message.FileOffset);
  return Path + ":" + std::to_string(Line) + ":" + std::to_string(Column) +
         ": error: " + Error.Message.Message;
}

} // namespace

namespace {

/// The cache key of \p File: everything its result depends on but the
/// files it includes (which the entry lists).
std::optional<std::string> cacheKey(const CompilationDatabase &DB, const std::string &File,
                                    const CheckSettings &Settings,
                                    ClangTidyContext &Context, llvm::vfs::FileSystem &FS) {
  std::optional<std::string> Main = readFile(File, FS);
  std::vector<tooling::CompileCommand> Commands = DB.getCompileCommands(File);
  if (Settings.Cache.Dir.empty() || !Main || Commands.empty())
    return std::nullopt;
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  OS << Settings.Cache.BuildId << '\0' << File << '\0' << contentHash(*Main) << '\0'
     << Commands.front().Directory << '\0' << llvm::join(Commands.front().CommandLine, "\1")
     << '\0' << configurationAsText(Context.getOptionsForFile(File)) << '\0'
     << Settings.HeaderFilter.value_or("\1") << '\0' << Settings.Root;
  return contentHash(Key);
}

} // namespace

FileResult analyzeFile(const CompilationDatabase &DB, const std::string &File,
                       const CheckSettings &Settings,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS) {
  auto Start = std::chrono::steady_clock::now();
  auto Elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  };
  FileResult Result;
  Result.File = File;

  std::vector<ConfigProblem> ConfigProblems;
  ClangTidyContext Context(optionsProvider(Settings, FS, ConfigProblems),
                           /*AllowEnablingAnalyzerAlphaCheckers=*/false);
  std::optional<std::string> Key = cacheKey(DB, File, Settings, Context, *FS);
  if (Key)
    if (std::optional<FileResult> Cached = readCached(Settings.Cache, *Key, *FS)) {
      Cached->ConfigProblems = std::move(ConfigProblems);
      Cached->Seconds = Elapsed();
      return std::move(*Cached);
    }

  FirstCommandOnly OneCommand(DB);
  ClangTool Tool(OneCommand, {File}, std::make_shared<PCHContainerOperations>(), FS);
  Tool.appendArgumentsAdjuster(extraArgs(Context));
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());
  Tool.setPrintErrorMessage(false);

  ClangTidyDiagnosticConsumer TidyConsumer(Context, nullptr,
                                           /*RemoveIncompatibleErrors=*/true,
                                           /*GetFixesFromNotes=*/false);
  SiteRecorder Recorder(TidyConsumer, Context);
  DiagnosticsEngine DE(new DiagnosticIDs(), new DiagnosticOptions(), &Recorder,
                       /*ShouldOwnClient=*/false);
  Context.setDiagnosticsEngine(&DE);
  Tool.setDiagnosticConsumer(&TidyConsumer);

  UnitFacts Facts;
  AnalyzeActionFactory Factory(Context, Recorder, Facts, FS);
  Result.Failed = Tool.run(&Factory) != 0;
  Result.Language = Facts.Language;
  Result.InactiveChecks = Facts.InactiveChecks;
  Result.VectorLikeClasses = Facts.VectorLikeClasses;

  std::optional<llvm::Regex> HeaderFilter;
  if (Settings.HeaderFilter && !Settings.HeaderFilter->empty())
    HeaderFilter.emplace(*Settings.HeaderFilter);
  for (const ClangTidyError &Error : TidyConsumer.take()) {
    if (Error.DiagLevel == tooling::Diagnostic::Error &&
        llvm::StringRef(Error.DiagnosticName).starts_with("clang-diagnostic-")) {
      Result.Errors.push_back(renderCompilerError(Error, *FS));
      Result.Failed = true;
      continue;
    }
    if (!llvm::StringRef(Error.DiagnosticName).starts_with("heapwise-"))
      continue;
    Finding F;
    F.Check = Error.DiagnosticName;
    F.Message = Error.Message.Message;
    F.File = absolutePath(Error.Message.FilePath, Error.BuildDirectory);
    if (HeaderFilter && F.File != File && !HeaderFilter->match(F.File) &&
        !HeaderFilter->match(relativePath(F.File, Settings.Root)))
      continue;
    F.Offset = Error.Message.FileOffset;
    F.Fix = editsOf(Error);
    auto Site = Recorder.Sites.find({F.File, F.Offset, F.Check});
    if (Site != Recorder.Sites.end()) {
      const FindingSite &S = Site->second;
      F.Line = S.Line;
      F.Column = S.Column;
      F.Function = S.Function;
      F.StatementTokens = S.StatementTokens;
      F.ScopeFirstLine = S.ScopeFirstLine;
      F.ScopeLastLine = S.ScopeLastLine;
    } else {
      std::tie(F.Line, F.Column) =
          lineColumn(readFile(F.File, *FS).value_or(""), F.Offset);
      F.ScopeFirstLine = F.ScopeLastLine = F.Line;
    }
    Result.Findings.push_back(std::move(F));
  }
  if (Result.Failed && Result.Errors.empty())
    Result.Errors.push_back(File + ": error: could not be compiled with its compile command");
  // A unit that does not compile may compile once a missing header exists,
  // which no dependency would notice: it is analysed again next time.
  if (Key && !Result.Failed)
    writeCached(Settings.Cache, *Key, Facts.Dependencies, Result);
  Result.ConfigProblems = std::move(ConfigProblems);
  Result.Seconds = Elapsed();
  return Result;
}

bool compiles(const CompilationDatabase &DB, const std::string &File,
              llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS,
              std::vector<std::string> &Errors) {
  FirstCommandOnly OneCommand(DB);
  ClangTool Tool(OneCommand, {File}, std::make_shared<PCHContainerOperations>(), FS);
  Tool.appendArgumentsAdjuster(tooling::getClangSyntaxOnlyAdjuster());
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());
  Tool.setPrintErrorMessage(false);
  std::string Rendered;
  llvm::raw_string_ostream OS(Rendered);
  TextDiagnosticPrinter Printer(OS, new DiagnosticOptions());
  Tool.setDiagnosticConsumer(&Printer);
  QuietSyntaxOnly Check;
  bool Ok = Tool.run(&Check) == 0;
  OS.flush();
  if (!Ok)
    Errors.push_back(Rendered.empty() ? File + ": error: does not compile" : Rendered);
  return Ok;
}

} // namespace heapwise
