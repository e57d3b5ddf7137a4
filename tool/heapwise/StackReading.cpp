//===- StackReading.cpp ---------------------------------------------------===//

#include "StackReading.h"
#include <algorithm>
#include <array>

namespace heapwise {

namespace {

bool contains(std::string_view Text, std::string_view Part) {
  return Text.find(Part) != std::string_view::npos;
}

bool containsAny(std::string_view Text, std::initializer_list<std::string_view> Parts) {
  return std::any_of(Parts.begin(), Parts.end(),
                     [&](std::string_view P) { return contains(Text, P); });
}

/// Where the parameter list of a demangled function name opens: the '(' that
/// matches the last ')' (a name may end in " const" or "&&").
size_t parameterListStart(std::string_view Name) {
  size_t Close = Name.rfind(')');
  // "(anonymous namespace)::f" has none; "f() const" and "f() &&" have one.
  if (Close == std::string_view::npos || Name.find(':', Close) != std::string_view::npos)
    return std::string_view::npos;
  int Depth = 0;
  for (size_t I = Close + 1; I-- > 0;) {
    if (Name[I] == ')')
      ++Depth;
    else if (Name[I] == '(' && --Depth == 0)
      return I;
  }
  return std::string_view::npos;
}

/// \p Name with every <...> removed. "operator<", "operator<<" and
/// "operator<=>" keep their angle brackets.
std::string withoutTemplateArguments(std::string_view Name) {
  std::string Out;
  int Depth = 0;
  for (size_t I = 0; I < Name.size(); ++I) {
    if (Depth == 0 && Name.substr(I).starts_with("operator")) {
      size_t End = I + 8;
      while (End < Name.size() && std::string_view("<>=!+-*/%^&|~").find(Name[End]) !=
                                      std::string_view::npos)
        ++End;
      Out.append(Name.substr(I, End - I));
      I = End - 1;
      continue;
    }
    if (Name[I] == '<')
      ++Depth;
    else if (Name[I] == '>' && Depth > 0)
      --Depth;
    else if (Depth == 0)
      Out.push_back(Name[I]);
  }
  return Out;
}

/// The last index I of \p Text outside template arguments and parentheses
/// ("(anonymous namespace)") where \p Match(I) holds, scanning backwards;
/// npos if none.
template <typename Predicate>
size_t lastOutsideTemplateArguments(std::string_view Text, Predicate Match) {
  int Depth = 0;
  for (size_t I = Text.size(); I-- > 0;) {
    if (Text[I] == '>' || Text[I] == ')')
      ++Depth;
    else if (Text[I] == '<' || Text[I] == '(')
      --Depth;
    else if (Depth == 0 && Match(I))
      return I;
  }
  return std::string_view::npos;
}

/// Splits "A<x>::B<y>::C" at the last "::" outside template arguments.
std::pair<std::string_view, std::string_view> splitLastScope(std::string_view Qualified) {
  size_t Colon = lastOutsideTemplateArguments(Qualified, [&](size_t I) {
    return I > 0 && Qualified[I] == ':' && Qualified[I - 1] == ':';
  });
  if (Colon == std::string_view::npos)
    return {{}, Qualified};
  return {Qualified.substr(0, Colon - 1), Qualified.substr(Colon + 1)};
}

/// "std::vector<int>& std::vector<int>::operator=" without "std::vector<int>& ".
std::string_view withoutReturnType(std::string_view Qualified) {
  size_t Space = lastOutsideTemplateArguments(Qualified, [&](size_t I) {
    return Qualified[I] == ' ' && !Qualified.substr(0, I).ends_with("operator");
  });
  return Space == std::string_view::npos ? Qualified : Qualified.substr(Space + 1);
}

std::string_view unqualifiedName(std::string_view Scope) {
  std::string_view Last = splitLastScope(Scope).second;
  return Last.substr(0, Last.find('<'));
}

bool isStdContainer(std::string_view Class) {
  return containsAny(Class, {"std::vector<", "std::__cxx11::basic_string<", "std::basic_string<",
                             "std::map<", "std::multimap<", "std::set<", "std::multiset<",
                             "std::unordered_map<", "std::unordered_multimap<",
                             "std::unordered_set<", "std::unordered_multiset<", "std::deque<",
                             "std::__cxx11::list<", "std::list<", "std::forward_list<",
                             "std::_Rb_tree<", "std::_Hashtable<"});
}

/// The class whose copy constructor or copy assignment \p Name is; empty if
/// it is neither.
std::string_view copiedClass(std::string_view Name) {
  size_t Open = parameterListStart(Name);
  if (Open == std::string_view::npos)
    return {};
  std::string_view Parameters = Name.substr(Open + 1, Name.rfind(')') - Open - 1);
  auto [Class, Member] = splitLastScope(withoutReturnType(Name.substr(0, Open)));
  if (Class.empty() || !Parameters.ends_with(" const&"))
    return {};
  Parameters.remove_suffix(7);
  if (Parameters != Class)
    return {};
  std::string_view MemberName = Member.substr(0, Member.find('<'));
  if (MemberName != "operator=" && MemberName != unqualifiedName(Class))
    return {};
  return Class;
}

bool isStringClass(std::string_view Class) {
  return Class.starts_with("std::__cxx11::basic_string<") || Class.starts_with("std::basic_string<");
}

/// A member function of std::string, not of a container of strings.
bool isStringMember(std::string_view Name) {
  size_t Open = parameterListStart(Name);
  return isStringClass(withoutReturnType(Open == std::string_view::npos ? Name
                                                                       : Name.substr(0, Open)));
}

/// libstdc++'s string copy constructor tail-calls this: at -O0 it is the
/// only frame of a string copy.
bool isStringCopyWork(std::string_view Name) {
  return isStringMember(Name) && contains(Name, "::_M_construct<char*>");
}

} // namespace

std::string_view describe(AllocationCause C) {
  switch (C) {
  case AllocationCause::VectorGrowth:
    return "vector growth";
  case AllocationCause::StringGrowth:
    return "string growth";
  case AllocationCause::StringConcat:
    return "operator+ on strings";
  case AllocationCause::StringCopy:
    return "string copy";
  case AllocationCause::StringBuild:
    return "string built from characters";
  case AllocationCause::ContainerCopy:
    return "container copy";
  case AllocationCause::MapNode:
    return "node insertion into std::map/set";
  case AllocationCause::HashNode:
    return "node insertion into std::unordered_map/set";
  case AllocationCause::ListNode:
    return "node insertion into std::list";
  case AllocationCause::Stream:
    return "string stream";
  case AllocationCause::SharedObject:
    return "make_shared of an object";
  case AllocationCause::Function:
    return "std::function storing a callable";
  case AllocationCause::NewObject:
    return "new of an object";
  case AllocationCause::Other:
    return "other";
  }
  return "other";
}

std::string_view suggestion(AllocationCause C) {
  switch (C) {
  case AllocationCause::VectorGrowth:
  case AllocationCause::StringGrowth:
    return "reserve the final size before growing (heapwise::reserve_more if it already holds "
           "elements), or hoist a reused buffer";
  case AllocationCause::StringConcat:
    return "append with += to one string (reserve it) instead of building temporaries";
  case AllocationCause::StringCopy:
    return "move it at its last use, or pass std::string_view / const&";
  case AllocationCause::StringBuild:
    return "std::string_view where the characters outlive the use";
  case AllocationCause::ContainerCopy:
    return "move it at its last use, or pass by const&";
  case AllocationCause::MapNode:
  case AllocationCause::ListNode:
    return "nodes from an arena (std::pmr container on heapwise::arena_resource), or a "
           "sorted vector";
  case AllocationCause::HashNode:
    return "reserve(count) before filling; nodes from an arena (std::pmr on "
           "heapwise::arena_resource)";
  case AllocationCause::Stream:
    return "hoist the stream out of the loop, or format into a reused std::string";
  case AllocationCause::SharedObject:
  case AllocationCause::NewObject:
    return "hold it by value, or allocate it from a heapwise::arena";
  case AllocationCause::Function:
    return "a smaller capture (by reference or pointer), or a template parameter instead of "
           "std::function";
  case AllocationCause::Other:
    return "";
  }
  return "";
}

bool isCopyOperation(std::string_view Name) { return !copiedClass(Name).empty(); }

bool isCopyPath(std::string_view Name) { return isCopyOperation(Name) || isStringCopyWork(Name); }

bool isGrowthPath(std::string_view Name) {
  return containsAny(Name, {"::_M_realloc_insert", "::_M_realloc_append", "::_M_default_append(",
                            "::_M_fill_insert(", "::_M_range_insert", "::_M_insert_aux",
                            "::reserve(", "::_M_mutate(", "::_M_push_back_aux",
                            "::_M_push_front_aux", "::_M_reserve_map_at_", "::_M_rehash("});
}

AllocationCause causeOf(const std::vector<profile::Frame> &Stack, size_t CallerIndex) {
  size_t End = std::min(CallerIndex, Stack.size());
  // What the project called decides first: operator+ grows its result, a
  // stream grows its buffer, make_shared allocates through an allocator.
  for (size_t I = 0; I < End; ++I) {
    std::string_view Name = Stack[I].function;
    if (contains(Name, "std::operator+<") && contains(Name, "basic_string<"))
      return AllocationCause::StringConcat;
    if (containsAny(Name, {"basic_stringbuf<", "basic_ostringstream<", "basic_istringstream<",
                           "basic_stringstream<"}))
      return AllocationCause::Stream;
    if (containsAny(Name, {"std::make_shared<", "std::allocate_shared<", "::__shared_count<"}))
      return AllocationCause::SharedObject;
    if (containsAny(Name, {"std::_Function_base", "std::function<"}))
      return AllocationCause::Function;
  }
  // Then the innermost path the library took.
  for (size_t I = 0; I < End; ++I) {
    std::string_view Name = Stack[I].function;
    if (isStringCopyWork(Name))
      return AllocationCause::StringCopy;
    if (isStringMember(Name) && contains(Name, "::_M_construct"))
      return AllocationCause::StringBuild;
    if (contains(Name, "_Rb_tree<") && containsAny(Name, {"::_M_get_node(", "::_M_create_node<"}))
      return AllocationCause::MapNode;
    if (containsAny(Name, {"::_M_allocate_node<", "::_M_allocate_buckets("}) &&
        contains(Name, "_Hashtable_alloc<"))
      return AllocationCause::HashNode;
    if (containsAny(Name, {"_List_base<", "_Fwd_list_base<"}) && contains(Name, "::_M_get_node("))
      return AllocationCause::ListNode;
    if (isGrowthPath(Name))
      return isStringMember(Name) ? AllocationCause::StringGrowth : AllocationCause::VectorGrowth;
    if (std::string_view Class = copiedClass(Name); !Class.empty() && isStdContainer(Class))
      return isStringClass(Class) ? AllocationCause::StringCopy : AllocationCause::ContainerCopy;
    if (contains(Name, "std::make_unique<"))
      return AllocationCause::NewObject;
  }
  // Straight from the project's code: a new-expression.
  bool OnlyAllocator = std::all_of(Stack.begin(), Stack.begin() + End, [](const profile::Frame &F) {
    return containsAny(F.function, {"operator new", "malloc", "calloc"});
  });
  return OnlyAllocator ? AllocationCause::NewObject : AllocationCause::Other;
}

std::string shortFunctionName(std::string_view Name) {
  size_t Open = parameterListStart(Name);
  std::string Short = withoutTemplateArguments(Open == std::string_view::npos
                                                   ? Name
                                                   : Name.substr(0, Open));
  for (size_t Tag; (Tag = Short.find("[abi:")) != std::string::npos;)
    Short.erase(Tag, Short.find(']', Tag) - Tag + 1);
  while (!Short.empty() && Short.back() == ' ') // "operator<< <T>" lost its <T>
    Short.pop_back();
  // A template's return type comes first: "void ns::f" -> "ns::f". Names
  // like "operator new" and "(anonymous namespace)" keep their space.
  int Depth = 0;
  for (size_t I = Short.size(); I-- > 0;) {
    if (Short[I] == ')')
      ++Depth;
    else if (Short[I] == '(')
      --Depth;
    else if (Short[I] == ' ' && Depth == 0 &&
             !std::string_view(Short).substr(0, I).ends_with("operator")) {
      Short.erase(0, I + 1);
      break;
    }
  }
  return Short;
}

bool isProjectFrame(const profile::Frame &F, std::string_view Root) {
  if (F.file.empty() || F.line == 0)
    return false;
  std::string_view Module = F.module;
  if (Module.starts_with("/lib") || Module.starts_with("/usr/"))
    return false;
  if (F.file.front() != '/')
    return true; // relative to the program's build directory
  if (std::string_view(F.file).starts_with("/usr/"))
    return false;
  std::string_view File = F.file;
  return Root.empty() || (File.starts_with(Root) &&
                          (Root.back() == '/' || File.size() == Root.size() ||
                           File[Root.size()] == '/'));
}

std::optional<size_t> callSite(const std::vector<profile::Frame> &Stack, std::string_view Root) {
  for (size_t I = 0; I < Stack.size(); ++I)
    if (isProjectFrame(Stack[I], Root) && !isCopyOperation(Stack[I].function))
      return I;
  return std::nullopt;
}

} // namespace heapwise
