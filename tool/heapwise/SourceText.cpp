//===- SourceText.cpp -----------------------------------------------------===//

#include "SourceText.h"
#include "llvm/Support/MemoryBuffer.h"
#include <algorithm>

namespace heapwise {

std::optional<std::string> readFile(llvm::StringRef Path,
                                    llvm::vfs::FileSystem &FS) {
  auto Buffer = FS.getBufferForFile(Path, /*FileSize=*/-1,
                                    /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return std::nullopt;
  return (*Buffer)->getBuffer().str();
}

std::pair<unsigned, unsigned> lineColumn(llvm::StringRef Text, unsigned Offset) {
  llvm::StringRef Before = Text.take_front(Offset);
  size_t LastBreak = Before.rfind('\n');
  unsigned Column = LastBreak == llvm::StringRef::npos ? Offset + 1
                                                       : Offset - LastBreak;
  return {static_cast<unsigned>(Before.count('\n')) + 1, Column};
}

std::pair<size_t, size_t> lineBounds(llvm::StringRef Text, unsigned Line) {
  size_t Begin = 0;
  for (unsigned L = 1; L < Line; ++L) {
    Begin = Text.find('\n', Begin);
    if (Begin == llvm::StringRef::npos)
      return {Text.size(), Text.size()};
    ++Begin;
  }
  size_t End = std::min(Text.find('\n', Begin), Text.size());
  return {Begin, End};
}

std::string applyEdits(llvm::StringRef Text, llvm::ArrayRef<Edit> Edits) {
  std::vector<Edit> Sorted(Edits.begin(), Edits.end());
  std::sort(Sorted.begin(), Sorted.end(),
            [](const Edit &A, const Edit &B) { return A.Offset < B.Offset; });
  std::string Result;
  size_t Done = 0;
  for (const Edit &E : Sorted) {
    Result.append(Text.data() + Done, Text.data() + E.Offset);
    Result += E.Text;
    Done = E.Offset + E.Length;
  }
  Result.append(Text.data() + std::min(Done, Text.size()), Text.data() + Text.size());
  return Result;
}

bool overlap(const Edit &A, const Edit &B) {
  if (A.File != B.File)
    return false;
  if (A.Offset == B.Offset)
    return true;
  return A.Offset < B.Offset + B.Length && B.Offset < A.Offset + A.Length;
}

} // namespace heapwise
