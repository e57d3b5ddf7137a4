#!/usr/bin/env bash
# Installs the dependencies, builds the heapwise command and runs it on a
# bundled example: the findings (`heapwise check`), then the verified fixes as
# a diff (`heapwise fix --dry-run`: every change compiled before it is shown).
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-test-inputs/example/hot_loops.cpp}
tool/quietly "installing dependencies" tool/install-deps.sh
tool/quietly "configuring" cmake -G Ninja -S . -B build -DCMAKE_CXX_COMPILER=clang++-19 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo
tool/quietly "building heapwise" cmake --build build --target heapwise heapwise-tidy
flags=(-std=c++20 -I runtime/include)
echo "== heapwise check $input"
build/bin/heapwise check --quiet "$input" -- "${flags[@]}" || [ $? -eq 1 ]
echo "== heapwise fix --dry-run $input"
build/bin/heapwise fix --dry-run --quiet "$input" -- "${flags[@]}"
