//===- SourceText.h - lines and columns of a file's text ------------------===//

#ifndef HEAPWISE_TOOL_SOURCETEXT_H
#define HEAPWISE_TOOL_SOURCETEXT_H

#include "Finding.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <optional>
#include <string>
#include <utility>

namespace heapwise {

/// The file's contents, or nothing when it cannot be read.
std::optional<std::string> readFile(llvm::StringRef Path,
                                    llvm::vfs::FileSystem &FS);

/// 1-based line and column (in bytes) of \p Offset in \p Text.
std::pair<unsigned, unsigned> lineColumn(llvm::StringRef Text, unsigned Offset);

/// Offsets [begin, end) of 1-based line \p Line of \p Text, without its
/// line break; Text.size() twice past the last line.
std::pair<size_t, size_t> lineBounds(llvm::StringRef Text, unsigned Line);

/// \p Text with \p Edits (all of this file, not overlapping) applied.
std::string applyEdits(llvm::StringRef Text, llvm::ArrayRef<Edit> Edits);

/// Whether two edits of the same file touch the same bytes (two insertions
/// at one offset count: their order would be a guess).
bool overlap(const Edit &A, const Edit &B);

} // namespace heapwise

#endif
