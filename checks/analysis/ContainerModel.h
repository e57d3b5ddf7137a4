//===- ContainerModel.h - what heapwise knows about container types -------===//
//
// Which class types can reserve capacity, which member calls grow them by one
// element, and which leave their size alone. Shared by every heapwise check.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_CHECKS_ANALYSIS_CONTAINERMODEL_H
#define HEAPWISE_CHECKS_ANALYSIS_CONTAINERMODEL_H

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::heapwise {

enum class ContainerKind {
  None,       ///< Not a container heapwise reasons about.
  Sequence,   ///< std::vector, and user classes shaped like it.
  String,     ///< std::basic_string.
  Unordered,  ///< std::unordered_{map,set,multimap,multiset}: insert/emplace grow.
};

/// Classifies record types. Typedefs and aliases are seen through.
class ContainerModel {
public:
  /// \p VectorLikeClasses are fully qualified names of user classes that
  /// behave like std::vector; \p DetectByShape also accepts any class with
  /// `reserve(integer)`, `size()` and `push_back` or `emplace_back`.
  ContainerModel(std::vector<std::string> VectorLikeClasses, bool DetectByShape)
      : VectorLikeClasses(std::move(VectorLikeClasses)),
        DetectByShape(DetectByShape) {}

  /// The kind of the class \p T names, or None when it cannot reserve.
  ContainerKind kindOf(QualType T) const;

  /// The kind of the container \p D names, or, for a variable of pointer
  /// type (`std::vector<Node *> *out`), the container it points to.
  ContainerKind kindOfTarget(const ValueDecl *D) const;

private:
  std::vector<std::string> VectorLikeClasses;
  bool DetectByShape;
};

/// The entries of a `;`-separated option value, trimmed.
std::vector<std::string> parseQualifiedNames(llvm::StringRef List);

/// True when \p D is declared anywhere inside namespace std (members of
/// std classes included, unlike Decl::isInStdNamespace).
bool isInStd(const Decl *D);

/// Returns true when \p RD (or one of its bases) declares a method named
/// \p Name that can be called with \p Args arguments.
bool hasMethod(const CXXRecordDecl *RD, llvm::StringRef Name, unsigned Args);

/// The record type with size() that \p T names (through references and
/// typedefs), or null.
const CXXRecordDecl *sizedRecord(QualType T);

/// True for `T v;`, `T v{};`, `T v = {};` and `auto v = T();`: no
/// elements, no capacity.
bool isDefaultConstructed(const VarDecl *VD);

/// True when copying a \p T allocates: std::basic_string, the standard
/// containers, std::pair/tuple/optional/variant/array holding such a type,
/// classes outside std that are not trivially copyable and hold such a member
/// or base, and the classes \p AllocatingTypes names (fully qualified).
bool copyAllocates(QualType T, llvm::ArrayRef<std::string> AllocatingTypes);

/// True when `T(std::move(x))` (\p Assignment: `y = std::move(x)`) picks a
/// move that does not copy: the standard library's types, and classes whose
/// move is declared and not deleted or implicit with members that move too.
bool movesCheaply(QualType T, bool Assignment);

/// True for std::map-like types whose operator[] inserts.
bool isAssociative(const CXXRecordDecl *RD);

/// True when heapwise::reserve_more (runtime/include/heapwise/reserve.h)
/// accepts a container of kind \p Kind and type \p T (or that \p T points
/// to): one with capacity() and max_size(); hash containers are not.
bool takesReserveMore(QualType T, ContainerKind Kind);

/// Fully qualified name of the class or class template behind \p RD
/// ("std::vector" for std::vector<int>).
std::string qualifiedTemplateName(const CXXRecordDecl *RD);

} // namespace clang::tidy::heapwise

#endif
