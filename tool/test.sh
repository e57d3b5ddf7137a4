#!/usr/bin/env bash
# Installs the dependencies, builds heapwise in ./build and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
tool/quietly "installing dependencies" tool/install-deps.sh
tool/quietly "configuring" cmake -G Ninja -S . -B build -DCMAKE_CXX_COMPILER=clang++-19 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo
tool/quietly "building (a few minutes on 2 cores)" cmake --build build
ctest --test-dir build --output-on-failure -j "$(nproc)"
