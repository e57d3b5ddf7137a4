//===- Cache.h - results of unchanged translation units, kept on disk -----===//
//
// A unit's result is stored under a key made of heapwise's build id, the
// unit's compile command, its effective check configuration and its main
// file (path and content). The entry also lists every file the unit read
// with the hash of its content, and is used only while they all still hash
// the same (ccache's "direct mode"). An entry is written to a temporary file
// and renamed into place, so concurrent runs can share a folder; an entry
// that cannot be read is a miss, and is rewritten.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_TOOL_CACHE_H
#define HEAPWISE_TOOL_CACHE_H

#include "Finding.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <optional>
#include <string>

namespace heapwise {

struct CacheSettings {
  std::string Dir; ///< Empty: no cache.
  std::string BuildId;
};

/// A file a unit read, and the hash of what it read.
struct Dependency {
  std::string File;
  std::string Hash;
};

/// A hex hash of \p Text.
std::string contentHash(llvm::StringRef Text);

/// The stored result for \p Key when every file it depends on still has the
/// content it had, read through \p FS.
std::optional<FileResult> readCached(const CacheSettings &Cache, llvm::StringRef Key,
                                     llvm::vfs::FileSystem &FS);

/// Stores \p Result under \p Key; a failure to write only costs the cache.
void writeCached(const CacheSettings &Cache, llvm::StringRef Key,
                 const std::vector<Dependency> &Dependencies, const FileResult &Result);

/// What identifies this heapwise binary: its ELF build id (else its size and
/// modification time), with the heapwise and LLVM versions.
std::string buildId();

/// $XDG_CACHE_HOME/heapwise, else $HOME/.cache/heapwise; empty when neither
/// variable is set.
std::string defaultCacheDir();

} // namespace heapwise

#endif
