#!/usr/bin/env bash
# Installs everything heapwise needs to build and test, from Debian bookworm's
# packages. Run as root (or it re-runs itself with sudo).
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi
packages=(
  cmake ninja-build python3 pkg-config git
  # LLVM/Clang 19: compiler, clang-tidy, headers and static clang-tidy libraries.
  clang-19 clang-tidy-19 clang-tools-19 libclang-19-dev llvm-19-dev llvm-19-tools
  libclang-rt-19-dev
  # Tests and benchmarks.
  libgtest-dev libgmock-dev libbenchmark-dev
  # Peers and allocators the benchmarks compare against.
  libabsl-dev libboost-dev libmimalloc-dev libjemalloc-dev libgoogle-perftools-dev
  # heapwise bench charts, rank's profiler, the SARIF schema check.
  gnuplot-nox heaptrack zstd python3-jsonschema diffutils valgrind
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
