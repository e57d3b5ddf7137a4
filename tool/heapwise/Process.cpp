//===- Process.cpp --------------------------------------------------------===//

#include "Process.h"
#include "SourceText.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"

namespace heapwise {

llvm::Expected<ProgramOutput> runProgram(llvm::StringRef Program,
                                         llvm::ArrayRef<std::string> Args) {
  auto Path = llvm::sys::findProgramByName(Program);
  if (!Path)
    return llvm::createStringError("`" + Program.str() + "` is not installed");
  llvm::SmallString<128> Out, Err;
  llvm::sys::fs::createTemporaryFile("heapwise-run", "out", Out);
  llvm::sys::fs::createTemporaryFile("heapwise-run", "err", Err);
  std::vector<llvm::StringRef> Argv = {*Path};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""), llvm::StringRef(Out),
                                                llvm::StringRef(Err)};
  ProgramOutput Result;
  Result.Exit = llvm::sys::ExecuteAndWait(*Path, Argv, std::nullopt, Redirects);
  auto &RealFS = *llvm::vfs::getRealFileSystem();
  Result.Out = readFile(Out, RealFS).value_or("");
  Result.Err = readFile(Err, RealFS).value_or("");
  llvm::sys::fs::remove(Out);
  llvm::sys::fs::remove(Err);
  return Result;
}

} // namespace heapwise
