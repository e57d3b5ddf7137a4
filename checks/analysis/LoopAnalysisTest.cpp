//===- LoopAnalysisTest.cpp - unit tests of the shared loop analyses ------===//

#include "LoopAnalysis.h"
#include "UseAnalysis.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::heapwise;

namespace {

const char *Prelude = R"(
  namespace std { using size_t = decltype(sizeof 0); }
  struct Vec { std::size_t size() const; int *begin() const; int *end() const;
               void push_back(int); int &operator[](std::size_t); };
  int next();
)";

class Parsed {
public:
  explicit Parsed(const std::string &Code)
      : AST(tooling::buildASTFromCodeWithArgs(Prelude + Code, {"-std=c++20", "-w"})),
        Function(ctx(), find<FunctionDecl>(functionDecl(hasName("f"), isDefinition()))->getBody()) {}
  ASTContext &ctx() { return AST->getASTContext(); }
  /// Function f, whose statements the analyses look at.
  const FunctionContext &f() { return Function; }
  /// The first loop inside function f.
  const Stmt *loop() { return find<Stmt>(stmt(anyOf(forStmt(), whileStmt(), doStmt(),
                                                    cxxForRangeStmt()),
                                              hasAncestor(functionDecl(hasName("f"))))); }
  template <class T, class M> const T *find(M Matcher) {
    auto Matches = match(Matcher.bind("x"), ctx());
    return Matches.empty() ? nullptr : Matches.front().template getNodeAs<T>("x");
  }

private:
  std::unique_ptr<ASTUnit> AST;
  FunctionContext Function;
};

std::string trips(const std::string &Code) {
  Parsed P(Code);
  const Stmt *Loop = P.loop();
  if (!Loop)
    return "<no loop>";
  std::optional<TripCount> TC = computeTripCount(Loop, P.f());
  return TC ? TC->Trips.str() : "<unknown>";
}

TEST(CountTest, FoldsConstantsAndKeepsPrecedence) {
  Count N = Count::expression("n", true);
  Count Guarded = Count::expression("n > 0 ? n : 0", false);
  EXPECT_EQ((Count::exactly(3) * Count::exactly(4)).str(), "12");
  EXPECT_EQ((Count::exactly(1) * N).str(), "n");
  EXPECT_EQ((Count::exactly(0) * N).str(), "0");
  EXPECT_EQ((N + Count::exactly(0)).str(), "n");
  EXPECT_EQ((Guarded * N).str(), "(n > 0 ? n : 0) * n");
  EXPECT_EQ((Count::exactly(2) + N).operand(), "(2 + n)");
  // A product past 2^64 is no count at all.
  EXPECT_EQ((Count::exactly(1ull << 40) * Count::exactly(1ull << 40)).value(), 0u);
}

TEST(TripCountTest, CountedForLoops) {
  EXPECT_EQ(trips("void f(int n) { for (int i = 0; i < n; ++i); }"),
            "n > 0 ? static_cast<std::size_t>(n) : 0");
  EXPECT_EQ(trips("void f(std::size_t n) { for (std::size_t i = 0; i < n; i++); }"), "n");
  EXPECT_EQ(trips("void f(int n) { for (int i = 0; i <= n; ++i); }"),
            "n > -1 ? static_cast<std::size_t>(n) + 1 : 0");
  EXPECT_EQ(trips("void f(int n) { for (int i = n; i > 0; --i); }"),
            "n > 0 ? static_cast<std::size_t>(n) : 0");
  EXPECT_EQ(trips("void f(int a, int b) { for (int i = a; i < b; i += 4); }"),
            "b > a ? (static_cast<std::size_t>(b) - static_cast<std::size_t>(a) + 3) / 4 : 0");
  EXPECT_EQ(trips("void f() { for (int i = 3; i <= 30; i += 3); }"), "10");
  EXPECT_EQ(trips("void f() { for (int i = 10; i > -10; i -= 5); }"), "4");
  EXPECT_EQ(trips("void f() { for (int i = 5; i < 2; ++i); }"), "0");
  EXPECT_EQ(trips("void f(const Vec &v) { for (std::size_t i = 0, e = v.size(); i != e; ++i); }"),
            "v.size()");
}

TEST(TripCountTest, UnknownCounts) {
  EXPECT_EQ(trips("void f(int n) { for (int i = 0; i < next(); ++i); }"), "<unknown>");
  EXPECT_EQ(trips("void f(int n) { for (int i = 0; i < n; ++i) ++i; }"), "<unknown>");
  EXPECT_EQ(trips("void f(int n) { for (int i = 0; i != n; i += 2); }"), "<unknown>");
  EXPECT_EQ(trips("void f(unsigned n) { for (unsigned i = n; i >= 0; --i); }"), "<unknown>");
  EXPECT_EQ(trips("void f(int n) { for (int i = 0; i < n; i *= 2); }"), "<unknown>");
  EXPECT_EQ(trips("void f(int n) { for (short i = 0; i < n; ++i); }"), "<unknown>");
  EXPECT_EQ(trips("void f(int n) { for (int i = 0; i < n && n > 3; ++i); }"), "<unknown>");
}

TEST(TripCountTest, WhileAndDoLoops) {
  EXPECT_EQ(trips("void f(int n) { int i = 0; while (i < n) { ++i; } }"),
            "n > 0 ? static_cast<std::size_t>(n) : 0");
  EXPECT_EQ(trips("void f(int n, int i) { while (i < n) { i += 2; } }"),
            "n > i ? (static_cast<std::size_t>(n) - static_cast<std::size_t>(i) + 1) / 2 : 0");
  EXPECT_EQ(trips("void f(int n) { int i = 0; do { i++; } while (i < n); }"),
            "n > 0 ? static_cast<std::size_t>(n) : 1");
  EXPECT_EQ(trips("void f(unsigned n) { while (n--) {} }"), "n");
  // Stepped twice, or under a condition: unknown.
  EXPECT_EQ(trips("void f(int n) { int i = 0; while (i < n) { ++i; ++i; } }"), "<unknown>");
  EXPECT_EQ(trips("void f(int n) { int i = 0; while (i < n) { if (n) ++i; } }"), "<unknown>");
}

TEST(TripCountTest, RangesAndIterators) {
  EXPECT_EQ(trips("void f(const Vec &v) { for (int x : v); }"), "v.size()");
  EXPECT_EQ(trips("int a[7]; void f() { for (int x : a); }"), "7");
  EXPECT_EQ(trips("Vec make(); void f() { for (int x : make()); }"), "<unknown>");
  EXPECT_EQ(trips("void f(const Vec &v) { for (auto it = v.begin(); it != v.end(); ++it); }"),
            "v.size()");
}

TEST(TripCountTest, IteratorWhileLoops) {
  EXPECT_EQ(trips("void f(const Vec &v) { auto it = v.begin(); while (it != v.end()) { ++it; } }"),
            "v.size()");
  EXPECT_EQ(trips("void f(const Vec &v) { auto it = v.begin(); while (it != v.end()) "
                  "{ int x = *it; it++; } }"),
            "v.size()");
  EXPECT_EQ(trips("void g(int); void f(const Vec &v) { auto it = v.begin(); "
                  "while (it != v.end()) g(*it++); }"),
            "v.size()");
  // Advanced twice, under a condition, moved before the loop, compared with
  // another end: unknown.
  EXPECT_EQ(trips("void f(const Vec &v) { auto it = v.begin(); while (it != v.end()) "
                  "{ ++it; ++it; } }"),
            "<unknown>");
  EXPECT_EQ(trips("void g(int); void f(const Vec &v, bool b) { auto it = v.begin(); "
                  "while (it != v.end()) g(b ? *it++ : 0); }"),
            "<unknown>");
  EXPECT_EQ(trips("void f(const Vec &v) { auto it = v.begin(); ++it; while (it != v.end()) "
                  "{ ++it; } }"),
            "<unknown>");
  EXPECT_EQ(trips("void f(const Vec &v, const Vec &w) { auto it = v.begin(); "
                  "while (it != w.end()) { ++it; } }"),
            "<unknown>");
}

std::string forEachCount(const std::string &Code) {
  Parsed P(R"(namespace std {
    template <class I, class F> F for_each(I, I, F);
    template <class I, class N, class F> I for_each_n(I, N, F);
  })" + Code);
  const auto *Call = P.find<CallExpr>(callExpr(callee(functionDecl(matchesName("for_each"))),
                                               hasAncestor(functionDecl(hasName("f")))));
  if (!Call || !forEachLambda(Call))
    return "<no lambda>";
  std::optional<TripCount> TC = forEachTrips(Call, P.f());
  return TC ? TC->Trips.str() : "<unknown>";
}

TEST(TripCountTest, ForEachWithALambda) {
  EXPECT_EQ(forEachCount("void f(const Vec &v) { std::for_each(v.begin(), v.end(), [](int) {}); }"),
            "v.size()");
  EXPECT_EQ(forEachCount("void f(const Vec &v, int n) { std::for_each_n(v.begin(), n, [](int) {}); }"),
            "n > 0 ? static_cast<std::size_t>(n) : 0");
  EXPECT_EQ(forEachCount("void f(const Vec &v, const Vec &w) { "
                         "std::for_each(v.begin(), w.end(), [](int) {}); }"),
            "<unknown>");
  EXPECT_EQ(forEachCount("void f(const Vec &v) { auto g = [](int) {}; "
                         "std::for_each(v.begin(), v.end(), g); }"),
            "<no lambda>");
}

TEST(TripCountTest, LoopsThatRunAtMostOnce) {
  Parsed DoFalse("void f() { do { } while (false); }");
  EXPECT_TRUE(runsAtMostOnce(DoFalse.loop(), DoFalse.f()));
  Parsed One("void f() { for (int i = 0; i < 1; ++i) { } }");
  EXPECT_TRUE(runsAtMostOnce(One.loop(), One.f()));
  Parsed Many("void f(int n) { for (int i = 0; i < n; ++i) { } }");
  EXPECT_FALSE(runsAtMostOnce(Many.loop(), Many.f()));
  Parsed DoTrue("void f(int n) { do { } while (n); }");
  EXPECT_FALSE(runsAtMostOnce(DoTrue.loop(), DoTrue.f()));
}

TEST(EnclosingLoopTest, EveryIteration) {
  Parsed P("void f(int n, Vec &v) { for (int i = 0; i < n; ++i) { v.push_back(1);"
           " if (n) v.push_back(2); } }");
  auto Calls = match(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("push_back")))).bind("c"),
                     P.ctx());
  ASSERT_EQ(Calls.size(), 2u);
  EnclosingLoop First = enclosingLoop(Calls[0].getNodeAs<Stmt>("c"), P.f());
  EnclosingLoop Second = enclosingLoop(Calls[1].getNodeAs<Stmt>("c"), P.f());
  EXPECT_EQ(First.Loop, P.loop());
  EXPECT_TRUE(First.EveryIteration);
  EXPECT_EQ(Second.Loop, P.loop());
  EXPECT_FALSE(Second.EveryIteration);
}

TEST(EarlyExitTest, BreaksOnlyCountWhenAimedAtTheLoops) {
  Parsed Inner("void f(int n) { for (int i = 0; i < n; ++i) { switch (i) { case 1: break; } } }");
  EXPECT_FALSE(hasEarlyExit(Inner.loop(), {Inner.loop()}));
  Parsed Break("void f(int n) { for (int i = 0; i < n; ++i) { if (i == 3) break; } }");
  EXPECT_TRUE(hasEarlyExit(Break.loop(), {Break.loop()}));
  Parsed Return("void f(int n) { for (int i = 0; i < n; ++i) { if (i) return; } }");
  EXPECT_TRUE(hasEarlyExit(Return.loop(), {Return.loop()}));
  Parsed Lambda("void f(int n) { for (int i = 0; i < n; ++i) { auto g = [] { return 1; }; } }");
  EXPECT_FALSE(hasEarlyExit(Lambda.loop(), {Lambda.loop()}));
}

UseKind useOfV(const std::string &Code) {
  Parsed P(Code);
  const auto *Ref = P.find<Expr>(declRefExpr(to(varDecl(hasName("v"))),
                                             hasAncestor(functionDecl(hasName("f")))));
  return classifyUse(Ref, ContainerKind::Sequence, P.f()).Kind;
}

TEST(UseAnalysisTest, ClassifiesReferences) {
  EXPECT_EQ(useOfV("void f(Vec &v) { v.push_back(1); }"), UseKind::Growth);
  EXPECT_EQ(useOfV("void f(Vec &v) { (void)v.size(); }"), UseKind::Read);
  EXPECT_EQ(useOfV("void f(Vec &v) { v[0] = 1; }"), UseKind::ElementAccess);
  EXPECT_EQ(useOfV("void g(Vec &); void f(Vec &v) { g(v); }"), UseKind::Escape);
  EXPECT_EQ(useOfV("void g(const Vec &); void f(Vec &v) { g(v); }"), UseKind::Read);
  EXPECT_EQ(useOfV("void f(Vec &v) { Vec *p = &v; }"), UseKind::Escape);
  EXPECT_EQ(useOfV("void f(Vec &v) { Vec &r = v; }"), UseKind::Escape);
  EXPECT_EQ(useOfV("void f(Vec &v) { Vec c = v; }"), UseKind::Read);
  EXPECT_EQ(useOfV("void f(int &v) { v = 3; }"), UseKind::Mutation);
  // std::move passes the object on: what counts is what receives it.
  EXPECT_EQ(useOfV("namespace std { template <class T> T &&move(T &t); }"
                   "void g(Vec &&); void f(Vec &v) { g(std::move(v)); }"),
            UseKind::MovedFrom);
  EXPECT_EQ(useOfV("namespace std { template <class T> T &&move(T &t); }"
                   "void g(const Vec &); void f(Vec &v) { g(std::move(v)); }"),
            UseKind::Read);
  // value_type&& of a class template binds rvalues only: a move, whereas a
  // function template's own T&& forwards an lvalue without moving it.
  const char *Std = "namespace std { template <class T> T &&move(T &t);"
                    "template <class T> struct box { void put(T &&); void put(const T &);"
                    "template <class U> void emplace(U &&); }; }";
  EXPECT_EQ(useOfV(std::string(Std) + "void f(Vec &v, std::box<Vec> &b) { b.put(std::move(v)); }"),
            UseKind::MovedFrom);
  EXPECT_EQ(useOfV(std::string(Std) + "void f(Vec &v, std::box<Vec> &b) { b.emplace(v); }"),
            UseKind::Read);
}

TEST(GenericLambdaTest, InstanceStandsInForThePattern) {
  Parsed P("template <class F> void call(F g) { g(1); }"
           "void f(Vec &v) { call([&](auto x) { v.push_back(x); }); }");
  const auto *Lambda = P.find<LambdaExpr>(lambdaExpr());
  const Stmt *Body = calledBody(Lambda);
  ASSERT_TRUE(Body);
  EXPECT_NE(Body, Lambda->getBody());
  // Only the instance resolves the call; it shares `v` with the pattern.
  const auto *Push = P.find<CXXMemberCallExpr>(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasName("push_back")))));
  ASSERT_TRUE(Push);
  const Expr *Ref = Push->getImplicitObjectArgument()->IgnoreImpCasts();
  const Stmt *FBody = P.find<FunctionDecl>(functionDecl(hasName("f"), isDefinition()))->getBody();
  FunctionContext Instance(P.ctx(), FBody, Lambda, Body);
  EXPECT_EQ(classifyUse(Ref, ContainerKind::Sequence, Instance).Kind, UseKind::Growth);
  EXPECT_EQ(classifyUse(Ref, ContainerKind::Sequence, P.f()).Kind, UseKind::Escape);
  EnclosingLoop Outer = enclosingLoop(Push, Instance);
  EXPECT_EQ(Outer.Lambda, Lambda);
  EXPECT_TRUE(Outer.EveryIteration);
}

} // namespace
