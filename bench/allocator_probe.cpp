#include "allocator_probe.h"

#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <link.h>

#include <array>
#include <climits>
#include <cstdlib>
#include <string_view>

namespace heapwise_bench {
namespace {

std::string name_of_library(std::string_view path) {
  const std::string_view file = path.substr(path.rfind('/') + 1);
  constexpr std::array<std::string_view, 3> allocators{"jemalloc", "mimalloc", "tcmalloc"};
  for (std::string_view a : allocators)
    if (file.find(a) != std::string_view::npos) return std::string(a);
  if (file.starts_with("libc.so") || file.starts_with("libc-")) return "glibc";
  return "unknown";
}

// Looks a symbol up in the process's global scope, where LD_PRELOAD'ed
// objects come before libc: the same resolution the program's calls get.
template <class F>
F* global_symbol(const char* name) {
  return reinterpret_cast<F*>(dlsym(RTLD_DEFAULT, name));
}

// The version as the allocator in use reports it through its own API.
std::string version_of(const std::string& name) {
  if (name == "glibc") return gnu_get_libc_version();
  if (name == "jemalloc") {
    using mallctl_t = int(const char*, void*, std::size_t*, void*, std::size_t);
    if (auto* mallctl = global_symbol<mallctl_t>("mallctl")) {
      const char* version = nullptr;
      std::size_t size = sizeof version;
      if (mallctl("version", &version, &size, nullptr, 0) == 0 && version) return version;
    }
  }
  if (name == "mimalloc") {
    if (auto* mi_version = global_symbol<int()>("mi_version")) {
      const int v = mi_version();  // e.g. 209 for 2.0.9
      return std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." +
             std::to_string(v % 10);
    }
  }
  if (name == "tcmalloc") {
    if (auto* tc_version = global_symbol<const char*(int*, int*, const char**)>("tc_version"))
      return tc_version(nullptr, nullptr, nullptr);
  }
  return "";
}

}  // namespace

allocator_info detect_allocator() {
  allocator_info info;
  Dl_info where{};
  void* malloc_symbol = dlsym(RTLD_DEFAULT, "malloc");
  if (malloc_symbol && dladdr(malloc_symbol, &where) && where.dli_fname) {
    char resolved[PATH_MAX];
    info.library = realpath(where.dli_fname, resolved) ? resolved : where.dli_fname;
  }
  info.name = name_of_library(info.library);
  info.version = version_of(info.name);
  dl_iterate_phdr(
      [](dl_phdr_info* object, std::size_t, void* out) {
        const std::string path = object->dlpi_name ? object->dlpi_name : "";
        const std::string name = name_of_library(path);
        if (name != "unknown" && name != "glibc")
          static_cast<allocator_info*>(out)->loaded_allocator_libraries.push_back(path);
        return 0;
      },
      &info);
  return info;
}

}  // namespace heapwise_bench
