//===- Cache.cpp ----------------------------------------------------------===//

#include "Cache.h"
#include "SourceText.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include <cstring>
#include <elf.h>
#include <link.h>

namespace heapwise {
using llvm::json::Array;
using llvm::json::Object;

std::string contentHash(llvm::StringRef Text) {
  return llvm::toHex(llvm::BLAKE3::hash<16>(llvm::arrayRefFromStringRef(Text)), true);
}

namespace {

/// DIR/ab/abcdef....json: a two-level tree keeps folders small.
std::string entryPath(const CacheSettings &Cache, llvm::StringRef Key) {
  llvm::SmallString<256> Path(Cache.Dir);
  llvm::sys::path::append(Path, Key.take_front(2), Key.str() + ".json");
  return std::string(Path);
}

/// The main program's NT_GNU_BUILD_ID note, in hex.
int readBuildIdNote(dl_phdr_info *Info, size_t, void *Out) {
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &Header = Info->dlpi_phdr[I];
    if (Header.p_type != PT_NOTE)
      continue;
    const char *Note = reinterpret_cast<const char *>(Info->dlpi_addr + Header.p_vaddr);
    const char *End = Note + Header.p_memsz;
    while (Note + sizeof(ElfW(Nhdr)) <= End) {
      const auto *N = reinterpret_cast<const ElfW(Nhdr) *>(Note);
      const char *Name = Note + sizeof(ElfW(Nhdr));
      const char *Desc = Name + ((N->n_namesz + 3) & ~3u);
      if (N->n_type == NT_GNU_BUILD_ID && N->n_namesz == 4 && std::memcmp(Name, "GNU", 4) == 0) {
        *static_cast<std::string *>(Out) =
            llvm::toHex(llvm::StringRef(Desc, N->n_descsz), true);
        return 1;
      }
      Note = Desc + ((N->n_descsz + 3) & ~3u);
    }
  }
  return 1; // The main program comes first; shared libraries do not matter.
}

} // namespace

static bool fromJSON(const llvm::json::Value &V, Dependency &D, llvm::json::Path P) {
  llvm::json::ObjectMapper O(V, P);
  return O && O.map("file", D.File) && O.map("hash", D.Hash);
}

std::optional<FileResult> readCached(const CacheSettings &Cache, llvm::StringRef Key,
                                     llvm::vfs::FileSystem &FS) {
  if (Cache.Dir.empty())
    return std::nullopt;
  auto Buffer = llvm::MemoryBuffer::getFile(entryPath(Cache, Key));
  if (!Buffer)
    return std::nullopt;
  llvm::Expected<llvm::json::Value> Json = llvm::json::parse((*Buffer)->getBuffer());
  if (!Json) {
    llvm::consumeError(Json.takeError());
    return std::nullopt;
  }
  std::vector<Dependency> Dependencies;
  FileResult Result;
  llvm::json::Path::Root Root;
  llvm::json::ObjectMapper O(*Json, Root);
  if (!(O && O.map("dependencies", Dependencies) && O.map("result", Result)))
    return std::nullopt;
  for (const Dependency &D : Dependencies) {
    std::optional<std::string> Text = readFile(D.File, FS);
    if (!Text || contentHash(*Text) != D.Hash)
      return std::nullopt;
  }
  Result.Cached = true;
  return Result;
}

void writeCached(const CacheSettings &Cache, llvm::StringRef Key,
                 const std::vector<Dependency> &Dependencies, const FileResult &Result) {
  if (Cache.Dir.empty())
    return;
  std::string Path = entryPath(Cache, Key);
  if (llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path)))
    return;
  Array Files;
  for (const Dependency &D : Dependencies)
    Files.push_back(Object{{"file", D.File}, {"hash", D.Hash}});
  int FD;
  llvm::SmallString<256> Temp;
  if (llvm::sys::fs::createUniqueFile(Path + ".tmp-%%%%%%%%", FD, Temp))
    return;
  bool Written;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << llvm::json::Value(Object{{"dependencies", std::move(Files)},
                                   {"result", toJSON(Result)}});
    OS.close();
    Written = !OS.has_error();
    OS.clear_error();
  }
  if (!Written || llvm::sys::fs::rename(Temp, Path))
    llvm::sys::fs::remove(Temp);
}

std::string buildId() {
  std::string Id;
  dl_iterate_phdr(readBuildIdNote, &Id);
  if (Id.empty()) {
    std::string Exe = llvm::sys::fs::getMainExecutable(nullptr, (void *)&buildId);
    llvm::sys::fs::file_status Status;
    if (!llvm::sys::fs::status(Exe, Status))
      Id = Exe + " " + std::to_string(Status.getSize()) + " " +
           std::to_string(Status.getLastModificationTime().time_since_epoch().count());
  }
  return Id + " heapwise " HEAPWISE_VERSION " LLVM " LLVM_VERSION_STRING;
}

std::string defaultCacheDir() {
  llvm::SmallString<256> Dir;
  if (std::optional<std::string> Xdg = llvm::sys::Process::GetEnv("XDG_CACHE_HOME");
      Xdg && !Xdg->empty())
    Dir = *Xdg;
  else if (std::optional<std::string> Home = llvm::sys::Process::GetEnv("HOME");
           Home && !Home->empty())
    llvm::sys::path::append(Dir = *Home, ".cache");
  else
    return "";
  llvm::sys::path::append(Dir, "heapwise");
  return std::string(Dir);
}

} // namespace heapwise
