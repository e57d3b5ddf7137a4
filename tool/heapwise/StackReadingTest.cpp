// Frame names as heaptrack 1.4 records them for libstdc++ 12 (copied from
// profiles of test programs built with clang++-19 -O0 and -O2 -g).
#include "StackReading.h"
#include <gtest/gtest.h>

using heapwise::AllocationCause;
using heapwise::profile::Frame;

namespace {

const char *const StringType =
    "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >";

std::string str(const std::string &Rest) { return std::string(StringType) + Rest; }

/// A stack of library frames (innermost first) called from main.
std::vector<Frame> stack(std::vector<std::string> Library) {
  std::vector<Frame> S;
  for (std::string &Name : Library)
    S.push_back(Frame{std::move(Name), "", 0, "/lib/x86_64-linux-gnu/libstdc++.so.6"});
  S.push_back(Frame{"main", "/src/app/main.cpp", 12, "/src/app/build/app"});
  return S;
}

AllocationCause causeOf(std::vector<std::string> Library) {
  std::vector<Frame> S = stack(std::move(Library));
  return heapwise::causeOf(S, S.size() - 1);
}

TEST(ShortFunctionName, DropsParametersTemplateArgumentsReturnTypesAndAbiTags) {
  using heapwise::shortFunctionName;
  EXPECT_EQ(shortFunctionName("void std::vector<int, std::allocator<int> >::_M_realloc_insert<int "
                              "const&>(__gnu_cxx::__normal_iterator<int*, std::vector<int, "
                              "std::allocator<int> > >, int const&)"),
            "std::vector::_M_realloc_insert");
  EXPECT_EQ(shortFunctionName("EdgeEnv::MakePathList[abi:cxx11](Node const* const*, unsigned "
                              "long, char) const"),
            "EdgeEnv::MakePathList");
  EXPECT_EQ(shortFunctionName("(anonymous namespace)::parse(char const*)"),
            "(anonymous namespace)::parse");
  EXPECT_EQ(shortFunctionName("(anonymous namespace)::parse"), "(anonymous namespace)::parse");
  EXPECT_EQ(shortFunctionName("std::ostream& operator<< <Node>(std::ostream&, Node const&)"),
            "operator<<");
  EXPECT_EQ(shortFunctionName("operator new(unsigned long)"), "operator new");
}

TEST(IsCopyOperation, KnowsCopyConstructorsAndAssignmentsOnly) {
  using heapwise::isCopyOperation;
  EXPECT_TRUE(isCopyOperation(str("::basic_string(") + StringType + " const&)"));
  EXPECT_TRUE(isCopyOperation("std::vector<int, std::allocator<int> >& std::vector<int, "
                              "std::allocator<int> >::operator=(std::vector<int, "
                              "std::allocator<int> > const&)"));
  EXPECT_TRUE(isCopyOperation("EvalString::EvalString(EvalString const&)"));
  EXPECT_TRUE(isCopyOperation(
      "(anonymous namespace)::Row::Row((anonymous namespace)::Row const&)"));
  EXPECT_FALSE(isCopyOperation("EvalString::EvalString(EvalString&&)"));
  EXPECT_FALSE(isCopyOperation(str("::basic_string(") + StringType +
                               " const&, unsigned long, unsigned long)"));
  EXPECT_FALSE(isCopyOperation("Node::Node(std::__cxx11::basic_string<char, "
                               "std::char_traits<char>, std::allocator<char> > const&)"));
}

TEST(CauseOf, ReadsLibstdcxxPaths) {
  EXPECT_EQ(causeOf({"std::__new_allocator<int>::allocate(unsigned long, void const*)",
                     "std::_Vector_base<int, std::allocator<int> >::_M_allocate(unsigned long)",
                     "void std::vector<int, std::allocator<int> >::_M_realloc_insert<int "
                     "const&>(__gnu_cxx::__normal_iterator<int*, std::vector<int, "
                     "std::allocator<int> > >, int const&)",
                     "std::vector<int, std::allocator<int> >::push_back(int const&)"}),
            AllocationCause::VectorGrowth);
  // A vector of strings grows as a vector.
  EXPECT_EQ(causeOf({str("* std::__new_allocator<") + StringType + ">::allocate(unsigned long)",
                     std::string("std::vector<") + StringType + ">::reserve(unsigned long)"}),
            AllocationCause::VectorGrowth);
  EXPECT_EQ(causeOf({str("::_M_mutate(unsigned long, unsigned long, char const*, unsigned long)"),
                     str("::_M_append(char const*, unsigned long)")}),
            AllocationCause::StringGrowth);
  EXPECT_EQ(causeOf({str("::_M_mutate(unsigned long, unsigned long, char const*, unsigned long)"),
                     str("::_M_append(char const*, unsigned long)"),
                     str(" std::operator+<char, std::char_traits<char>, std::allocator<char> >(") +
                         StringType + " const&, " + StringType + " const&)"}),
            AllocationCause::StringConcat);
  // -O0: libstdc++'s copy constructor tail-calls _M_construct<char*>.
  EXPECT_EQ(causeOf({"void " + str("::_M_construct<char*>(char*, char*, "
                                   "std::forward_iterator_tag)")}),
            AllocationCause::StringCopy);
  EXPECT_EQ(causeOf({"void " + str("::_M_construct<char const*>(char const*, char const*, "
                                   "std::forward_iterator_tag)"),
                     str("::substr(unsigned long, unsigned long) const")}),
            AllocationCause::StringBuild);
  EXPECT_EQ(causeOf({"std::_Rb_tree<int, std::pair<int const, int>, std::_Select1st<std::pair<int "
                     "const, int> >, std::less<int>, std::allocator<std::pair<int const, int> > "
                     ">::_M_get_node()",
                     "std::map<int, int, std::less<int>, std::allocator<std::pair<int const, int> "
                     "> >::operator[](int const&)"}),
            AllocationCause::MapNode);
  EXPECT_EQ(causeOf({"std::__detail::_Hashtable_alloc<std::allocator<std::__detail::_Hash_node<"
                     "std::pair<int const, int>, false> > >::_M_allocate_buckets(unsigned long)"}),
            AllocationCause::HashNode);
  EXPECT_EQ(causeOf({"std::_Vector_base<int, std::allocator<int> >::_M_create_storage(unsigned "
                     "long)",
                     "std::vector<int, std::allocator<int> >::vector(std::vector<int, "
                     "std::allocator<int> > const&)"}),
            AllocationCause::ContainerCopy);
  EXPECT_EQ(causeOf({"std::__cxx11::basic_stringbuf<char, std::char_traits<char>, "
                     "std::allocator<char> >::overflow(int)"}),
            AllocationCause::Stream);
  EXPECT_EQ(causeOf({"std::shared_ptr<Big> std::make_shared<Big>()"}), AllocationCause::SharedObject);
  EXPECT_EQ(causeOf({"std::__detail::_MakeUniq<Big>::__single_object std::make_unique<Big>()"}),
            AllocationCause::NewObject);
  EXPECT_EQ(causeOf({}), AllocationCause::NewObject); // new T in main itself
  EXPECT_EQ(causeOf({"__GI__IO_file_doallocate", "__printf"}), AllocationCause::Other);
}

TEST(CallSite, IsTheProjectFrameThatMadeTheCopy) {
  std::vector<Frame> S = stack({"void " + str("::_M_construct<char*>(char*, char*, "
                                              "std::forward_iterator_tag)")});
  // A project class's implicit copy constructor, placed at its definition.
  S.insert(S.end() - 1, Frame{"EvalString::EvalString(EvalString const&)", "/src/app/eval.h", 34,
                              "/src/app/build/app"});
  EXPECT_EQ(heapwise::callSite(S, "/src/app"), S.size() - 1);
  // Below another root, or in a system header, nothing is the project's.
  EXPECT_EQ(heapwise::callSite(S, "/src/other"), std::nullopt);
  S.back().file = "/usr/include/c++/12/bits/stl_vector.h";
  EXPECT_EQ(heapwise::callSite(S, ""), std::nullopt);
}

} // namespace
