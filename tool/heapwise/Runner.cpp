//===- Runner.cpp ---------------------------------------------------------===//

#include "Runner.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <cstring>
#include <map>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace heapwise {

namespace {

std::string clock(double Seconds) {
  unsigned S = static_cast<unsigned>(Seconds + 0.5);
  return std::to_string(S / 60) + ":" + (S % 60 < 10 ? "0" : "") +
         std::to_string(S % 60);
}

class Progress {
public:
  Progress(ProgressStyle Style, size_t Total)
      : Style(Style), Total(Total), Start(std::chrono::steady_clock::now()) {}

  void fileDone(const FileResult &R) {
    ++Done;
    double Elapsed = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - Start).count();
    if (Style == ProgressStyle::Lines) {
      llvm::errs() << "heapwise: [" << Done << "/" << Total << "] " << R.File
                   << (R.Failed ? " (failed)" : "") << "\n";
    } else if (Style == ProgressStyle::Bar) {
      constexpr unsigned Width = 30;
      unsigned Filled = Total ? Width * Done / Total : Width;
      double Eta = Done ? Elapsed / Done * (Total - Done) : 0;
      llvm::errs() << "\r[" << std::string(Filled, '#')
                   << std::string(Width - Filled, ' ') << "] " << Done << "/"
                   << Total << " files  " << clock(Elapsed) << " elapsed  ETA "
                   << clock(Eta) << "   ";
      if (Done == Total)
        llvm::errs() << "\n";
    }
  }

private:
  ProgressStyle Style;
  size_t Total, Done = 0;
  std::chrono::steady_clock::time_point Start;
};

FileResult failure(const std::string &File, std::string Error) {
  FileResult R;
  R.File = File;
  R.Failed = true;
  R.Errors.push_back(File + ": error: " + Error);
  return R;
}

FileResult childFailure(const std::string &File, int Status) {
  return failure(File, "heapwise " +
                           (WIFSIGNALED(Status)
                                ? "crashed (signal " + std::to_string(WTERMSIG(Status)) + ")"
                                : "failed (exit " + std::to_string(WEXITSTATUS(Status)) + ")") +
                           " while analysing this file");
}

} // namespace

std::vector<FileResult>
runInChildren(const std::vector<std::string> &Files, const RunOptions &Options,
              const std::function<FileResult(const std::string &)> &Task) {
  std::vector<FileResult> Results(Files.size());
  struct Child {
    size_t Index;
    std::string Output;
  };
  std::map<pid_t, Child> Running;
  Progress Bar(Options.Progress, Files.size());
  size_t Next = 0;
  llvm::outs().flush();
  llvm::errs().flush();

  while (Next < Files.size() || !Running.empty()) {
    while (Next < Files.size() && Running.size() < std::max(1u, Options.Jobs)) {
      llvm::SmallString<128> Output;
      if (auto EC = llvm::sys::fs::createTemporaryFile("heapwise", "json", Output)) {
        Results[Next] = failure(Files[Next], "cannot create a temporary file: " + EC.message());
        ++Next;
        continue;
      }
      pid_t Pid = fork();
      if (Pid == 0) {
        FileResult R = Task(Files[Next]);
        std::error_code EC;
        llvm::raw_fd_ostream OS(Output, EC);
        OS << llvm::json::Value(toJSON(R));
        OS.close();
        _exit(EC || OS.has_error() ? 1 : 0);
      }
      if (Pid < 0) {
        Results[Next] = failure(Files[Next], std::string("cannot start a process: ") +
                                                 std::strerror(errno));
        llvm::sys::fs::remove(Output);
        ++Next;
        continue;
      }
      Running[Pid] = {Next++, std::string(Output)};
    }
    if (Running.empty())
      break;

    int Status = 0;
    struct rusage Usage {};
    pid_t Pid = wait4(-1, &Status, 0, &Usage);
    if (Pid < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    auto It = Running.find(Pid);
    if (It == Running.end())
      continue;
    auto [Index, Output] = It->second;
    Running.erase(It);
    FileResult &R = Results[Index];
    auto Buffer = llvm::MemoryBuffer::getFile(Output);
    llvm::Expected<llvm::json::Value> Json =
        Buffer ? llvm::json::parse((*Buffer)->getBuffer())
               : llvm::Expected<llvm::json::Value>(
                     llvm::createStringError(Buffer.getError(), "unreadable"));
    llvm::json::Path::Root Root;
    if (!(WIFEXITED(Status) && WEXITSTATUS(Status) == 0 && Json &&
          fromJSON(*Json, R, Root))) {
      if (!Json)
        llvm::consumeError(Json.takeError());
      R = childFailure(Files[Index], Status);
    }
    R.MaxRssKiB = Usage.ru_maxrss;
    llvm::sys::fs::remove(Output);
    Bar.fileDone(R);
  }
  return Results;
}

std::vector<FileResult>
analyzeAll(const clang::tooling::CompilationDatabase &DB,
           const std::vector<std::string> &Files, const CheckSettings &Settings,
           llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS,
           const RunOptions &Options) {
  return runInChildren(Files, Options, [&](const std::string &File) {
    return analyzeFile(DB, File, Settings, FS);
  });
}

} // namespace heapwise
