//===- CheckCatalog.h - what each check is, for reports -------------------===//

#ifndef HEAPWISE_TOOL_CHECKCATALOG_H
#define HEAPWISE_TOOL_CHECKCATALOG_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace heapwise {

struct CheckInfo {
  const char *Name;
  const char *ShortDescription;
  const char *FullDescription;
  /// Why the check does not run on older language versions, when it needs
  /// more than the C++11 every check needs.
  const char *LanguageRequirement = nullptr;
};

/// The check's descriptions; null for a name that is not a heapwise check.
const CheckInfo *checkInfo(llvm::StringRef Name);

/// The URL of the folder of the check doc pages (checks/docs/).
std::string docsFolderUrl();

/// The URL of the check's doc page (checks/docs/NAME.md).
std::string checkDocUrl(llvm::StringRef Name);

} // namespace heapwise

#endif
