//===- ContainerCheck.cpp -------------------------------------------------===//

#include "ContainerCheck.h"

namespace clang::tidy::heapwise {

ContainerCheck::ContainerCheck(StringRef Name, ClangTidyContext *Context)
    : FunctionCheck(Name, Context),
      RawVectorLikeClasses(Options.get("VectorLikeClasses", "")),
      DetectVectorLikeByShape(Options.get("DetectVectorLikeByShape", true)),
      Model(parseQualifiedNames(RawVectorLikeClasses), DetectVectorLikeByShape) {}

void ContainerCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "VectorLikeClasses", RawVectorLikeClasses);
  Options.store(Opts, "DetectVectorLikeByShape", DetectVectorLikeByShape);
  FunctionCheck::storeOptions(Opts);
}

} // namespace clang::tidy::heapwise
