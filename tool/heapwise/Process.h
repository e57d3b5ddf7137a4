//===- Process.h - run a program and keep what it printed -----------------===//

#ifndef HEAPWISE_TOOL_PROCESS_H
#define HEAPWISE_TOOL_PROCESS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include <string>

namespace heapwise {

struct ProgramOutput {
  int Exit = 0;
  std::string Out, Err;
};

/// Runs \p Program (looked up on PATH) with \p Args and no standard input;
/// an error when it is not installed.
llvm::Expected<ProgramOutput> runProgram(llvm::StringRef Program,
                                         llvm::ArrayRef<std::string> Args);

} // namespace heapwise

#endif
