//===- Analyzer.h - run the heapwise checks on one translation unit -------===//
//
// The in-process equivalent of `clang-tidy-19 --load=libheapwise-tidy.so`:
// the same check library, the same option sources (.clang-tidy files, or one
// --config-file), NOLINT handled by clang-tidy's own diagnostic consumer.
// Besides clang-tidy's diagnostics it records each finding's site (see
// FindingSite.h) while the AST is still alive.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_TOOL_ANALYZER_H
#define HEAPWISE_TOOL_ANALYZER_H

#include "Cache.h"
#include "Finding.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <optional>
#include <string>
#include <vector>

namespace heapwise {

struct CheckSettings {
  std::optional<std::string> Checks;       ///< --checks, over the config's.
  /// --header-filter: findings in headers whose path, absolute or relative
  /// to Root, it matches are reported.
  std::optional<std::string> HeaderFilter;
  std::string Root;
  /// --config-file, parsed; when set, .clang-tidy files are not read.
  std::optional<clang::tidy::ClangTidyOptions> Config;
  CacheSettings Cache;
};

/// Every check the heapwise module registers, sorted.
std::vector<std::string> registeredChecks();

/// An error message when \p Glob (clang-tidy syntax) names a check that does
/// not exist or enables no heapwise check; empty when it is fine. A glob
/// \p SharedWithClangTidy (a configuration file's) may name clang-tidy's own
/// checks: only misspelt heapwise names are errors there.
std::string validateCheckGlob(llvm::StringRef Glob, bool SharedWithClangTidy);

/// Analyses one source file with its compile command from \p DB, reading
/// files through \p FS (the disk, or edited contents laid over it); the
/// result comes from Settings.Cache when the unit has not changed.
FileResult analyzeFile(const clang::tooling::CompilationDatabase &DB,
                       const std::string &File, const CheckSettings &Settings,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS);

/// Compiles \p File (syntax only) with its compile command through \p FS;
/// the compiler's errors go to \p Errors.
bool compiles(const clang::tooling::CompilationDatabase &DB,
              const std::string &File,
              llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS,
              std::vector<std::string> &Errors);

/// \p Path made absolute against \p Base, without `.` and `..`.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base);

} // namespace heapwise

#endif
