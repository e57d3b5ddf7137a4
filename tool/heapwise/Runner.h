//===- Runner.h - analyse many translation units in parallel --------------===//
//
// Each translation unit is analysed in a child process: -j N of them at
// once, a crash costs one file and not the run, and the kernel reports each
// child's peak memory (--stats).
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_TOOL_RUNNER_H
#define HEAPWISE_TOOL_RUNNER_H

#include "Analyzer.h"
#include <functional>

namespace heapwise {

enum class ProgressStyle { None, Lines, Bar };

struct RunOptions {
  unsigned Jobs = 1;
  ProgressStyle Progress = ProgressStyle::None;
};

/// Runs \p Task on each of \p Files in a child process, at most Jobs at a
/// time; the results come back in the order of \p Files.
std::vector<FileResult>
runInChildren(const std::vector<std::string> &Files, const RunOptions &Options,
              const std::function<FileResult(const std::string &)> &Task);

/// Analyses every file (see analyzeFile) in parallel.
std::vector<FileResult>
analyzeAll(const clang::tooling::CompilationDatabase &DB,
           const std::vector<std::string> &Files, const CheckSettings &Settings,
           llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS,
           const RunOptions &Options);

} // namespace heapwise

#endif
