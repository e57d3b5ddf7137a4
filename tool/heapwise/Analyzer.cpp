//===- Analyzer.cpp -------------------------------------------------------===//

#include "Analyzer.h"
#include "FindingSite.h"
#include "SourceText.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang-tidy/GlobList.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Path.h"
#include <chrono>
#include <map>
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

std::unique_ptr<ClangTidyOptionsProvider>
optionsProvider(const CheckSettings &Settings,
                llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  Defaults.Checks = "-*,heapwise-*";
  ClangTidyOptions Overrides;
  Overrides.Checks = Settings.Checks;
  Overrides.HeaderFilterRegex = Settings.HeaderFilter;
  if (Settings.Config)
    return std::make_unique<ConfigOptionsProvider>(
        ClangTidyGlobalOptions(), Defaults, *Settings.Config, Overrides, FS);
  return std::make_unique<FileOptionsProvider>(ClangTidyGlobalOptions(),
                                               Defaults, Overrides, FS);
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

/// Runs after the checks' consumer, while the AST is still alive.
class SiteConsumer : public ASTConsumer {
public:
  explicit SiteConsumer(SiteRecorder &Recorder) : Recorder(Recorder) {}
  void HandleTranslationUnit(ASTContext &AST) override { Recorder.readSites(AST); }

private:
  SiteRecorder &Recorder;
};

class AnalyzeActionFactory : public tooling::FrontendActionFactory {
public:
  AnalyzeActionFactory(ClangTidyContext &Context, SiteRecorder &Recorder,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS)
      : Checks(Context, std::move(FS)), Recorder(Recorder) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<Action>(*this);
  }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // As clang-tidy does: code guarded by __clang_analyzer__ is seen.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    // No "N warnings generated." on stderr: the findings are the report.
    Invocation->getDiagnosticOpts().ShowCarets = false;
    return FrontendActionFactory::runInvocation(Invocation, Files,
                                                PCHContainerOps, DiagConsumer);
  }

private:
  class Action : public ASTFrontendAction {
  public:
    explicit Action(AnalyzeActionFactory &Factory) : Factory(Factory) {}
    std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &Compiler,
                                                   StringRef File) override {
      std::vector<std::unique_ptr<ASTConsumer>> Consumers;
      Consumers.push_back(Factory.Checks.createASTConsumer(Compiler, File));
      Consumers.push_back(std::make_unique<SiteConsumer>(Factory.Recorder));
      return std::make_unique<MultiplexConsumer>(std::move(Consumers));
    }

  private:
    AnalyzeActionFactory &Factory;
  };

  ClangTidyASTConsumerFactory Checks;
  SiteRecorder &Recorder;
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

FileResult analyzeFile(const CompilationDatabase &DB, const std::string &File,
                       const CheckSettings &Settings,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS) {
  auto Start = std::chrono::steady_clock::now();
  FileResult Result;
  Result.File = File;

  ClangTidyContext Context(optionsProvider(Settings, FS),
                           /*AllowEnablingAnalyzerAlphaCheckers=*/false);
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

  AnalyzeActionFactory Factory(Context, Recorder, FS);
  Result.Failed = Tool.run(&Factory) != 0;

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
  Result.Seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - Start).count();
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
  bool Ok = Tool.run(tooling::newFrontendActionFactory<SyntaxOnlyAction>().get()) == 0;
  OS.flush();
  if (!Ok)
    Errors.push_back(Rendered.empty() ? File + ": error: does not compile" : Rendered);
  return Ok;
}

} // namespace heapwise
