//===- LoopAnalysis.h - trip counts and control flow of loops -------------===//
//
// The loop facts heapwise checks stand on:
//  * computeTripCount: how many times a loop runs, as a C++ expression that
//    can be evaluated before the loop (for, while, do-while, range-for and
//    iterator loops; any start, stride and comparison direction);
//  * Count: builds such expressions so that empty and negative ranges give
//    0, never a negative number converted to a huge std::size_t;
//  * enclosingLoop / hasEarlyExit: whether a statement runs on every
//    iteration of the loops around it.
//
//===----------------------------------------------------------------------===//

#ifndef HEAPWISE_CHECKS_ANALYSIS_LOOPANALYSIS_H
#define HEAPWISE_CHECKS_ANALYSIS_LOOPANALYSIS_H

#include "ParentIndex.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>
#include <string>

namespace clang::tidy::heapwise {

/// A non-negative number of elements or iterations: an exact constant
/// (perhaps with the names the code spells it with, `kNumDeps`), or C++ source
/// text of an expression of type std::size_t.
class Count {
public:
  Count() : Count(0, "", true) {}
  static Count exactly(uint64_t Value) { return Count(Value, "", true); }
  /// A constant written with names: \p Spelling is a constant expression.
  static Count spelled(uint64_t Value, std::string Spelling, bool Atomic) {
    return Count(Value, std::move(Spelling), Atomic);
  }
  static Count expression(std::string Text, bool Atomic) {
    return Count(std::nullopt, std::move(Text), Atomic);
  }

  bool isConstant() const { return Value.has_value(); }
  uint64_t value() const { return *Value; }
  /// The expression on its own (for `reserve(...)`); a constant as the code
  /// spells it when \p Spelled, else as a number.
  std::string str(bool Spelled = true) const;
  /// The expression as an operand of `+` or `*`, parenthesised if needed.
  std::string operand(bool Spelled = true) const;

  Count operator+(const Count &Other) const;
  Count operator*(const Count &Other) const;

private:
  Count(std::optional<uint64_t> Value, std::string Text, bool Atomic)
      : Value(Value), Text(std::move(Text)), Atomic(Atomic) {}
  std::optional<uint64_t> Value;
  std::string Text;
  bool Atomic;
};

struct TripCount {
  Count Trips;
  /// Expressions the count evaluates for the loop's start. They must name
  /// things in scope before the loop; their value at loop entry is wanted.
  llvm::SmallVector<const Expr *, 2> EntryInputs;
  /// Expressions the loop re-evaluates (its bound, the range it walks): they
  /// must not change while the loop runs.
  llvm::SmallVector<const Expr *, 2> BoundInputs;
};

/// The number of iterations of \p Loop (ForStmt, WhileStmt, DoStmt or
/// CXXForRangeStmt) as an expression that can be evaluated right before it,
/// or nullopt when it is not known before the loop runs. The loop's counter
/// is checked to change only by its step; callers check the inputs.
std::optional<TripCount> computeTripCount(const Stmt *Loop, const FunctionContext &Ctx);

/// The lambda of `std::for_each(first, last, f)`, `std::for_each_n(first, n,
/// f)` or `std::ranges::for_each(r, f)` / `(first, last, f)` /
/// `std::ranges::for_each_n(first, n, f)` (no execution policy, no
/// projection) when \p S is that call (or a statement that is only that call)
/// and f is a lambda written in it: a loop in disguise whose body is the
/// lambda's, run once per element. Null otherwise.
const LambdaExpr *forEachLambda(const Stmt *S);

/// The body that runs when \p Lambda is called: its own, or for a generic
/// lambda the body of the one specialisation of its call operator that is
/// called (null when none or several are). A FunctionContext made with that instance (see
/// ParentIndex) gives the parents of its nodes.
const Stmt *calledBody(const LambdaExpr *Lambda);

/// True when \p S is the body of \p Lambda: its own, or its calledBody.
bool isLambdaBody(const Stmt *S, const LambdaExpr *Lambda);

/// How many times the for_each call \p S (see forEachLambda) runs its lambda,
/// as computeTripCount does for loops: the size of a sized range, or the
/// count of for_each_n.
std::optional<TripCount> forEachTrips(const Stmt *S, const FunctionContext &Ctx);

/// The number of elements in a range named by a pure expression: a C array
/// of known extent, an initializer list, or a named object with size().
std::optional<Count> rangeSize(const Expr *Range, const FunctionContext &Ctx);

/// The number of elements in [First, Last) when they are the begin and end of
/// one named object with size() (`c.begin(), c.end()`, `std::cbegin(c)`...);
/// \p Container receives that object's expression.
std::optional<Count> iteratorRangeSize(const Expr *First, const Expr *Last,
                                       const FunctionContext &Ctx,
                                       const Expr **Container);

/// A count given by an integer expression \p E (`copy_n(first, n, out)`):
/// negative values count as 0.
std::optional<Count> nonNegativeCount(const Expr *E, const FunctionContext &Ctx);

/// True when \p E can be evaluated again, anywhere, with the same result and
/// no side effects: names, constants, arithmetic, casts, sizeof and size()
/// or length() of named objects.
bool isPureExpr(const Expr *E);

bool isLoop(const Stmt *S);

/// Calls \p F on every statement below \p Body (lambda bodies excepted:
/// their call operators are functions of their own), with \p InLoop set when
/// it is in the part of a loop of Body that repeats (not a for's init or a
/// range-for's range, which run once).
void forEachStatement(const Stmt *Body,
                      llvm::function_ref<void(const Stmt *S, bool InLoop)> F);

/// True for loops that cannot run a second iteration: `do { ... } while (0)`
/// (a block in macro-friendly dress), or a trip count known to be 0 or 1.
bool runsAtMostOnce(const Stmt *Loop, const FunctionContext &Ctx);
const Stmt *loopBody(const Stmt *Loop);

struct EnclosingLoop {
  /// The nearest loop around the statement, or null at function level.
  const Stmt *Loop = nullptr;
  /// Whether the statement runs exactly once on every iteration of Loop (it
  /// is in the body, not under a condition, a case label or a handler).
  bool EveryIteration = false;
  /// When the walk ended at the body of a lambda (Loop is null): that lambda,
  /// and EveryIteration says whether the statement runs on every call of it.
  const LambdaExpr *Lambda = nullptr;
};

/// Walks up from \p S to the nearest enclosing loop (lambdas end the walk).
EnclosingLoop enclosingLoop(const Stmt *S, const FunctionContext &Ctx);

/// True when \p Loop's body can leave or skip part of an iteration of any
/// loop in \p Loops (which \p Loop must contain or be): `break`/`continue`
/// aimed at one of them, or `return`, `goto`, `co_return` anywhere in it.
bool hasEarlyExit(const Stmt *Loop, llvm::ArrayRef<const Stmt *> Loops);

/// The outermost loop around \p S that runs S again on each of its iterations
/// (S is not in its init statement or range expression) and that \p D
/// outlives (D is not declared inside it, or is declared in its init
/// statement); null when there is none, i.e. S runs at most once per lifetime
/// of D. Lambdas end the walk.
const Stmt *outermostLoopInScope(const Stmt *S, const ValueDecl *D,
                                 const FunctionContext &Ctx);

/// True when \p S starts or ends inside a macro expansion.
bool isInMacro(const Stmt *S);

/// Source text of \p E (or of \p Range), or empty when any part of it is in
/// a macro.
std::string sourceText(const Expr *E, const FunctionContext &Ctx);
std::string sourceText(SourceRange Range, const FunctionContext &Ctx);

} // namespace clang::tidy::heapwise

#endif
