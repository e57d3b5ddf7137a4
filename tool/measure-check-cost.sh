#!/usr/bin/env bash
# Measures what heapwise checks add to a clang-tidy-19 run on one translation unit.
#   tool/measure-check-cost.sh BUILD_DIR_WITH_COMPILE_DB FILE [RUNS] [CHECKS]
# Prints the CPU time (user+sys) of each run, alternating a run with no effective
# check (clang-tidy-19 refuses --checks='-*', so the baseline enables only an
# Objective-C check, which registers nothing for C++) and a run with CHECKS
# (default heapwise-*), their medians, and the checks' own time from
# --enable-check-profile.
set -euo pipefail
build=$1 file=$2 runs=${3:-5} checks=${4:-heapwise-*}
plugin=${HEAPWISE_PLUGIN:-$(cd "$(dirname "$0")/.." && pwd)/build/lib/libheapwise-tidy.so}
TIMEFORMAT='%U %S'
cpu() {
  { time clang-tidy-19 --load="$plugin" -p "$build" --checks="$1" "$file" >/dev/null 2>&1; } 2>&1 |
    awk '{print $1 + $2}'
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
base=() with=()
for _ in $(seq "$runs"); do
  base+=("$(cpu '-*,objc-forbidden-subclassing')")
  with+=("$(cpu "-*,$checks")")
done
echo "$file"
echo "  no checks:  ${base[*]} s, median $(median "${base[@]}")"
echo "  $checks: ${with[*]} s, median $(median "${with[@]}")"
echo "  profile (user, system, user+system, wall):"
clang-tidy-19 --load="$plugin" -p "$build" --checks="-*,$checks" --enable-check-profile "$file" 2>&1 |
  grep -E '^ .*(heapwise-|Total$)' | sed 's/^/   /'
