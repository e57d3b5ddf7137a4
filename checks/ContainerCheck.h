//===- ContainerCheck.h - base of checks about vector-like containers -----===//

#ifndef HEAPWISE_CHECKS_CONTAINERCHECK_H
#define HEAPWISE_CHECKS_CONTAINERCHECK_H

#include "FunctionCheck.h"
#include "analysis/ContainerModel.h"

namespace clang::tidy::heapwise {

/// A FunctionCheck about containers: reads and stores the options that say
/// which user classes count as vector-like (`VectorLikeClasses`,
/// `DetectVectorLikeByShape`).
class ContainerCheck : public FunctionCheck {
public:
  ContainerCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  const ContainerModel &model() const { return Model; }

private:
  const std::string RawVectorLikeClasses;
  const bool DetectVectorLikeByShape;
  const ContainerModel Model;
};

} // namespace clang::tidy::heapwise

#endif
