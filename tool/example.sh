#!/usr/bin/env bash
# Installs the dependencies, builds the clang-tidy plugin and runs the heapwise
# checks on a bundled example: prints the findings, then the fixed code as a diff.
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-test-inputs/example/hot_loops.cpp}
tool/install-deps.sh
cmake -G Ninja -S . -B build -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target heapwise-tidy
plugin=$PWD/build/lib/libheapwise-tidy.so
echo "== Findings in $input"
clang-tidy-19 --load="$plugin" --checks='-*,heapwise-*' --quiet "$input" -- -std=c++20 || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$input" "$work/"
clang-tidy-19 --load="$plugin" --checks='-*,heapwise-*' --quiet --fix "$work/$(basename "$input")" -- -std=c++20 >/dev/null 2>&1 || true
echo "== Fixed code (diff)"
diff -u "$input" "$work/$(basename "$input")" || true
