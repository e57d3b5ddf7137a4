#!/usr/bin/env bash
# Measures how `heapwise check` scales with -j on a real project.
#   tool/measure-parallel-speedup.sh BUILD_DIR_WITH_COMPILE_DB [RUNS] [JOBS]
# Alternates -j1 and -jJOBS (default: every core) RUNS times (default 3), prints
# each run's wall time and the medians and their ratio; --stats of the last
# -jJOBS run gives the per-file time and peak memory.
set -euo pipefail
build=$1 runs=${2:-3} jobs=${3:-$(nproc)}
heapwise=${HEAPWISE:-$(cd "$(dirname "$0")/.." && pwd)/build/bin/heapwise}
wall() {
  local start end
  start=$(date +%s.%N)
  "$heapwise" check -p "$build" -j"$1" --quiet --stats --format=json -o /dev/null 2>"$stats" || [ $? -eq 1 ]
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
stats=$(mktemp)
trap 'rm -f "$stats"' EXIT
serial=() parallel=()
for run in $(seq "$runs"); do
  serial+=("$(wall 1)")
  parallel+=("$(wall "$jobs")")
  echo "run $run: -j1 ${serial[-1]} s, -j$jobs ${parallel[-1]} s"
done
s=$(median "${serial[@]}") p=$(median "${parallel[@]}")
echo "median: -j1 $s s, -j$jobs $p s, speed-up $(echo "scale=2; $s / $p" | bc)x"
grep 'heapwise stats: [0-9]* file' "$stats"
