#!/usr/bin/env python3
"""heapwise bench: run Google Benchmark programs under each allocator and report.

Runs the bundled benchmarks (or, after `--`, your own Google Benchmark binary)
with glibc malloc, jemalloc, mimalloc and tcmalloc injected by LD_PRELOAD, plus
the arena column (the benchmarks' `/arena` variants, run under glibc). Every
process must prove, from the inside, which malloc it used; a run whose
allocator is not the one asked for stops the report (exit 2). Writes
OUT/report.md, SVG charts made by gnuplot, and keeps every raw JSON in OUT/raw.

Measurements are interleaved in rounds: each round runs every allocator once,
so slow drifts of a shared machine hit all columns alike. Ratios (allocator vs
glibc, fix vs flagged code) are taken per round, then summarised by their
median and min-max range; a range that contains 1 is reported as within noise.
"""

import argparse
import datetime
import glob
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

BUNDLED = ["allocator_workloads", "fix_pairs", "runtime_peers"]
# --quick leaves out the runtime-vs-peers suite: the proof needs the other two.
QUICK_BUNDLED = ["allocator_workloads", "fix_pairs"]
PROBE_LIBRARY = "libheapwise_alloc_probe.so"

# The LD_PRELOAD'ed runtime library of each allocator and its Debian package.
ALLOCATORS = {
    "glibc": (None, "libc6"),
    "jemalloc": ("libjemalloc.so.2", "libjemalloc2"),
    "mimalloc": ("libmimalloc.so.2", "libmimalloc2.0"),
    "tcmalloc": ("libtcmalloc_minimal.so.4", "libtcmalloc-minimal4"),
}
ARENA = "arena"
COLUMNS = list(ALLOCATORS) + [ARENA]

FULL = {"repetitions": 7, "min_time": 0.2}
QUICK = {"repetitions": 2, "min_time": 0.05}

# Suffixes Google Benchmark appends to a registered name.
GB_SUFFIX = re.compile(r"/(real_time|manual_time|threads:\d+|iterations:\d+|min_time:[^/]+|repeats:\d+)")
TIME_UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


class UsageError(Exception):
    """A problem with the request: reported on stderr with exit status 2."""


def die(message):
    raise UsageError(message)


# ---------------------------------------------------------------- arguments

def parse_args(argv):
    user_command = []
    if "--" in argv:
        split = argv.index("--")
        argv, user_command = argv[:split], argv[split + 1:]
    parser = argparse.ArgumentParser(
        prog="heapwise bench",
        description="Run the proof benchmarks (or your own Google Benchmark binary, after --) "
        "under glibc, jemalloc, mimalloc, tcmalloc and the arena, and write a report.",
        epilog="Example: heapwise bench --quick --filter 'fix/' ; "
        "heapwise bench --allocators glibc,mimalloc -- ./my_bench --benchmark_filter=Parse. "
        "glibc always runs: it is the baseline of every ratio.")
    parser.add_argument("--bench-dir", help="directory of the built bundled bench binaries "
                        "(a build's bench/ folder); default: $HEAPWISE_BENCH_DIR")
    parser.add_argument("--allocators", default=",".join(COLUMNS),
                        help="comma list of %s (default: all)" % ",".join(COLUMNS))
    parser.add_argument("--filter", help="regex of benchmark names (--benchmark_filter)")
    parser.add_argument("--repetitions", type=int,
                        help="rounds, each running every allocator once (default %d, quick %d)"
                        % (FULL["repetitions"], QUICK["repetitions"]))
    parser.add_argument("--quick", action="store_true",
                        help="a reduced set with short timings: well under two minutes")
    parser.add_argument("--out", help="output directory (default heapwise-bench-<timestamp>)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        sys.exit(0 if exit_.code == 0 else 2)
    args.user_command = user_command
    allocators = [a.strip() for a in args.allocators.split(",") if a.strip()]
    unknown = [a for a in allocators if a not in COLUMNS]
    if unknown or not allocators:
        die("unknown allocator(s) %s; choose from %s" % (",".join(unknown) or "(none)", ",".join(COLUMNS)))
    args.columns = [c for c in COLUMNS if c in allocators or c == "glibc"]
    args.preloads = [c for c in args.columns if c != ARENA]
    settings = dict(QUICK if args.quick else FULL)
    if args.repetitions is not None:
        if args.repetitions < 1:
            die("--repetitions must be at least 1")
        settings["repetitions"] = args.repetitions
    args.settings = settings
    if args.filter is not None:
        try:
            re.compile(args.filter)
        except re.error as error:
            die("--filter is not a valid regex: %s" % error)
    args.bench_dir = args.bench_dir or os.environ.get("HEAPWISE_BENCH_DIR")
    args.out = args.out or "heapwise-bench-" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return args


def allocator_library(name):
    """The real file of an allocator's runtime library, or exit 2."""
    soname, package = ALLOCATORS[name]
    if soname is None:
        return None
    found = sorted(glob.glob("/usr/lib/*-linux-gnu/" + soname) + glob.glob("/usr/lib/" + soname))
    if not found:
        die("%s: %s not found; install Debian's %s (tool/install-deps.sh)" % (name, soname, package))
    return found[0]


def binaries(args):
    """(label, command) of each program to run, or exit 2."""
    if args.user_command:
        path = shutil.which(args.user_command[0]) if "/" not in args.user_command[0] else args.user_command[0]
        if not path or not os.access(path, os.X_OK) or os.path.isdir(path):
            die("benchmark binary not found or not executable: %s" % args.user_command[0])
        return [(os.path.basename(path), [os.path.abspath(path)] + args.user_command[1:])]
    if not args.bench_dir:
        die("no --bench-dir (the build's bench/ folder with the bundled bench binaries)")
    result = []
    for name in QUICK_BUNDLED if args.quick else BUNDLED:
        path = os.path.join(args.bench_dir, name)
        if not os.access(path, os.X_OK):
            die("bundled benchmark binary missing: %s (build it: ninja %s)" % (path, name))
        result.append((name, [os.path.abspath(path)]))
    return result


# ---------------------------------------------------------------- running

def listed_benchmarks(command, filter_):
    """The benchmark names a binary would run with this filter."""
    flags = ["--benchmark_list_tests=true"] + (["--benchmark_filter=" + filter_] if filter_ else [])
    done = subprocess.run(command + flags, capture_output=True, text=True)
    if done.returncode != 0:
        die("%s --benchmark_list_tests failed:\n%s" % (command[0], done.stderr))
    return [line for line in done.stdout.splitlines() if line.strip()]


def check_allocator(expected, library, seen, where):
    """Refuses a measurement whose process did not use the allocator asked for."""
    if seen.get("allocator") != expected:
        die("%s: asked for %s, but the process's malloc came from %s (%s): LD_PRELOAD did not "
            "take effect; not reporting it" % (where, expected, seen.get("malloc_library") or "?",
                                               seen.get("allocator") or "unknown"))
    if library and os.path.realpath(seen.get("malloc_library", "")) != os.path.realpath(library):
        die("%s: malloc came from %s, not %s" % (where, seen.get("malloc_library"), library))


def read_probe(path, executable):
    """The probe's block for the process that ran `executable` (a wrapper script's
    shell, or a helper it starts, has blocks of its own), or None."""
    blocks = []
    with open(path) as lines:
        for line in lines:
            key, _, value = line.rstrip("\n").partition("\t")
            if key == "pid":
                blocks.append({})
            if key == "loaded_allocator_library":
                blocks[-1].setdefault("loaded", []).append(value)
            elif blocks:
                blocks[-1][key] = value
    wanted = os.path.realpath(executable)
    return next((b for b in blocks if os.path.realpath(b.get("exe", "")) == wanted), None)


def run_one(label, command, allocator, round_, args, raw_dir, probe):
    library = allocator_library(allocator)
    base = "%s.%s.r%d" % (label, allocator, round_)
    out_json = os.path.join(raw_dir, base + ".json")
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    preload = [library] if library else []
    if probe:
        probe_out = os.path.join(raw_dir, base + ".probe")
        if os.path.exists(probe_out):
            os.remove(probe_out)
        preload.append(probe)
        env["HEAPWISE_ALLOC_PROBE_OUT"] = probe_out
    if preload:
        env["LD_PRELOAD"] = " ".join(preload)
    s = args.settings
    flags = ["--benchmark_repetitions=1", "--benchmark_min_time=%g" % s["min_time"],
             "--benchmark_out=" + out_json, "--benchmark_out_format=json"]
    if args.filter:
        flags.append("--benchmark_filter=" + args.filter)
    full = command[:1] + flags + command[1:]  # the user's own arguments win
    with open(os.path.join(raw_dir, base + ".log"), "w") as log:
        done = subprocess.run(full, env=env, stdout=log, stderr=subprocess.STDOUT)
    if done.returncode != 0 or not os.path.exists(out_json):
        die("%s under %s failed (exit %d); see %s" % (label, allocator, done.returncode,
                                                     os.path.join(raw_dir, base + ".log")))
    with open(out_json) as f:
        result = json.load(f)
    context = result["context"]
    if probe:
        seen = read_probe(probe_out, context.get("executable", "")) if os.path.exists(probe_out) else None
        if not seen:
            die("%s under %s: no allocator probe record for the benchmark process %s: the probe was not "
                "loaded into it (static or setuid binary? LD_PRELOAD reset?)" % (label, allocator,
                                                                                   context.get("executable")))
    else:
        seen = {"allocator": context.get("heapwise_allocator"),
                "malloc_library": context.get("heapwise_malloc_library"),
                "version": context.get("heapwise_allocator_version")}
    check_allocator(allocator, library, seen, "%s round %d" % (label, round_ + 1))
    result["heapwise_seen"] = seen
    result["heapwise_preload"] = env.get("LD_PRELOAD", "")
    result["heapwise_command"] = full
    return result


def run_all(args, programs, raw_dir):
    """results[label][allocator] = one JSON per round."""
    probe = None
    if args.user_command:
        if not args.bench_dir:
            die("no --bench-dir: it holds the allocator probe %s" % PROBE_LIBRARY)
        probe = os.path.join(args.bench_dir, PROBE_LIBRARY)
        if not os.path.exists(probe):
            die("allocator probe %s not found (build it: ninja heapwise_alloc_probe)" % probe)
    programs = [(label, command) for label, command in programs if listed_benchmarks(command, args.filter)]
    if not programs:
        die("no benchmark matches --filter %s" % args.filter)
    results = {label: {a: [] for a in args.preloads} for label, _ in programs}
    rounds = args.settings["repetitions"]
    for round_ in range(rounds):
        # Rotate the order so no allocator always runs first (or last) in a round.
        order = args.preloads[round_ % len(args.preloads):] + args.preloads[:round_ % len(args.preloads)]
        for allocator in order:
            for label, command in programs:
                print("round %d/%d: %s under %s" % (round_ + 1, rounds, label, allocator), file=sys.stderr)
                results[label][allocator].append(
                    run_one(label, command, allocator, round_, args, raw_dir, probe))
    return results


# ---------------------------------------------------------------- analysis

def base_name(name):
    return GB_SUFFIX.sub("", name)


def samples(results):
    """{label: {benchmark: {allocator: [ns per round]}}} and {label: {benchmark: counters}}."""
    times, counters = {}, {}
    for label, by_allocator in results.items():
        for allocator, rounds in by_allocator.items():
            for result in rounds:
                for b in result["benchmarks"]:
                    if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
                        continue
                    name = base_name(b["name"])
                    key = "real_time" if "/real_time" in b["name"] else "cpu_time"
                    ns = b[key] * TIME_UNIT_NS[b.get("time_unit", "ns")]
                    times.setdefault(label, {}).setdefault(name, {}).setdefault(allocator, []).append(ns)
                    counters.setdefault(label, {}).setdefault(name, {})[allocator] = b
    return times, counters


class Ratio:
    """Per-round ratios a/b summarised: median and min-max range."""

    def __init__(self, numerators, denominators):
        values = [a / b for a, b in zip(numerators, denominators) if b > 0]
        self.ok = bool(values)
        if self.ok:
            self.median = statistics.median(values)
            self.low, self.high = min(values), max(values)

    @property
    def noise(self):
        return self.ok and self.low <= 1.0 <= self.high

    def text(self):
        if not self.ok:
            return "–"
        mark = " ≈" if self.noise else ""
        return "%.2f× (%.2f–%.2f)%s" % (self.median, self.low, self.high, mark)


def fmt_ns(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return "%.3g %s" % (ns / scale, unit)
    return "%.3g ns" % ns


def time_cell(times, name, column, ns, ratio):
    """A table cell: median time, then the ratio to glibc (glibc itself: its spread)."""
    if column == "glibc":
        return "%s<br>spread %.0f%%" % (fmt_ns(ns), 100 * spread(times[name]["glibc"]))
    return "%s<br>%s" % (fmt_ns(ns), ratio.text())


def span(low, high, fmt="%.2f"):
    """'a–b', or 'a' when both ends print the same."""
    a, b = fmt % low, fmt % high
    return a if a == b else "%s–%s" % (a, b)


def median(values):
    return statistics.median(values) if values else None


def spread(values):
    return (max(values) - min(values)) / statistics.median(values) if len(values) > 1 else 0.0


# Bundled names: workload/<workload>/<param>/<malloc|arena>, fix/<pair>/<before|after|arena>.
WORKLOAD = re.compile(r"^workload/([^/]+)/(?:([^/]+)/)?(malloc|arena)$")
FIX = re.compile(r"^fix/([^/]+)/(before|after|arena)$")


def cell(times, name, column, baseline_name):
    """(median ns, Ratio to glibc baseline) of one benchmark in one column."""
    allocator = "glibc" if column == ARENA else column
    values = times.get(name, {}).get(allocator)
    base = times.get(baseline_name, {}).get("glibc")
    if not values or not base:
        return None, Ratio([], [])
    return median(values), Ratio(values, base)


def workload_rows(times):
    """{workload: [(param, malloc name, arena name or None)]} in registration order."""
    rows = {}
    for name in times:
        m = WORKLOAD.match(name)
        if m and m.group(3) == "malloc":
            arena = name[: -len("malloc")] + "arena"
            rows.setdefault(m.group(1), []).append((m.group(2) or "", name, arena if arena in times else None))
    return rows


def fix_rows(times):
    """[(pair, {variant: benchmark name})] of the pairs that have a before and an after."""
    pairs = {}
    for name in times:
        m = FIX.match(name)
        if m:
            pairs.setdefault(m.group(1), {})[m.group(2)] = name
    return [(pair, v) for pair, v in pairs.items() if "before" in v and "after" in v]


def checksum_problems(counters, rows):
    problems = []
    for pair, variants in rows:
        values = {(v, a): c.get("checksum") for v, name in variants.items()
                  for a, c in counters[name].items()}
        if len(set(values.values())) > 1:
            problems.append("%s: checksums differ between variants/allocators: %s" % (pair, values))
    return problems


# ---------------------------------------------------------------- charts

def gnuplot_bars(path, title, ylabel, groups, series, values, reference=None):
    """Grouped bars with min-max error bars on a log scale, drawn by gnuplot into an SVG.

    values[g][s] = (median, low, high) or None for an empty bar.
    """
    data_path = path[:-4] + ".dat"
    with open(data_path, "w") as data:
        data.write("# group " + " ".join("%s %s_low %s_high" % (s, s, s) for s in series) + "\n")
        for g in groups:
            row = []
            for s in series:
                v = values[g].get(s)
                row += ["%.6g" % x for x in v] if v else ["NaN"] * 3
            data.write('"%s" %s\n' % (g, " ".join(row)))
    plots = ", ".join("'%s' using %d:%d:%d:xtic(1) title '%s'" % (
        os.path.basename(data_path), 2 + 3 * i, 3 + 3 * i, 4 + 3 * i, s) for i, s in enumerate(series))
    if reference is not None:
        plots += ", %g with lines dashtype 2 linecolor rgb 'black' notitle" % reference
    width = max(800, 60 * len(groups) * max(1, len(series)) // 2)
    numbers = [x for g in groups for v in values[g].values() if v for x in v]
    low, high = (min(numbers + [1.0]) / 1.25, max(numbers + [1.0]) * 1.25) if numbers else (0.5, 2)
    script = "\n".join([
        "set terminal svg size %d,480 dynamic font 'sans,11' background rgb 'white'" % width,
        "set output '%s'" % os.path.basename(path),
        "set termoption noenhanced",  # names like runtime_peers are not subscripts
        "set title '%s'" % title.replace("'", "''"),
        "set ylabel '%s'" % ylabel,
        "set style data histogram",
        "set style histogram errorbars gap 1 lw 1",
        "set style fill solid 0.8 border -1",
        "set key outside right top",
        "set grid ytics",
        "set xtics rotate by -30",
        "set logscale y 2",
        "set yrange [%g:%g]" % (low, high),
        "plot " + plots,
    ]) + "\n"
    script_path = path[:-4] + ".gp"
    with open(script_path, "w") as f:
        f.write(script)
    done = subprocess.run(["gnuplot", os.path.basename(script_path)], cwd=os.path.dirname(path) or ".",
                          capture_output=True, text=True)
    if done.returncode != 0 or not os.path.exists(path):
        raise RuntimeError("gnuplot failed on %s:\n%s" % (script_path, done.stderr))


def ratio_triple(r):
    return (r.median, r.low, r.high) if r.ok else None


# ---------------------------------------------------------------- report

def machine_info(results):
    cpu, cores = "unknown", os.cpu_count()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    first = next(iter(next(iter(results.values())).values()))[0]["context"]
    packages = {}
    for name, (_, package) in ALLOCATORS.items():
        packages[name] = dpkg_version(package)
    return {"cpu": cpu, "cores": cores, "kernel": platform.release(), "host": first.get("host_name", ""),
            "compiler": first.get("heapwise_compiler", "unknown (not a heapwise bench binary)"),
            "gbench": "libbenchmark1debian %s (the library is built as %s)" % (
                dpkg_version("libbenchmark1debian"), first.get("library_build_type", "?")),
            "packages": packages}


def dpkg_version(package):
    done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else "not installed"


def workload_section(times, columns, out_dir, lines, reading, chart_name):
    rows = workload_rows(times)
    if not rows:
        return []
    lines.append("## Allocator workloads\n")
    lines.append("Median time per cycle; below it, the ratio to glibc's time in the same round "
                 "(median, min–max over rounds; ≈ marks a range that contains 1: within noise); for glibc, the "
                 "spread of its own times (max−min over median). Lower is faster. The arena column is the `/arena` variant under glibc.\n")
    chart_values, chart_groups = {}, []
    for workload, entries in rows.items():
        lines.append("### %s\n" % workload)
        lines.append("| %s | %s |" % ("threads" if workload == "threads" else "size" if workload == "chunks" else "",
                                      " | ".join(columns)))
        lines.append("|---" * (len(columns) + 1) + "|")
        for param, malloc_name, arena_name in entries:
            row = []
            group = "%s/%s" % (workload, param) if param else workload
            chart_groups.append(group)
            chart_values[group] = {}
            for column in columns:
                name = arena_name if column == ARENA else malloc_name
                if not name:
                    row.append("n/a")
                    continue
                ns, ratio = cell(times, name, column, malloc_name)
                if ns is None:
                    row.append("–")
                    continue
                row.append(time_cell(times, name, column, ns, ratio))
                chart_values[group][column] = ratio_triple(ratio)
            lines.append("| %s | %s |" % (param, " | ".join(row)))
        lines.append("")
        reading.extend(read_workload(times, workload, entries, columns))
    gnuplot_bars(os.path.join(out_dir, chart_name), "Allocator workloads: time relative to glibc (lower is faster)",
                 "time / glibc time", chart_groups, columns, chart_values, reference=1.0)
    lines.append("![workloads](%s)\n" % chart_name)
    return [chart_name]


def verdict(ratios, noun):
    """How time ratios to glibc fall: faster, slower or within noise."""
    counts = (("faster than glibc", sum(r.high < 1 for r in ratios)),
              ("slower than glibc", sum(r.low > 1 for r in ratios)),
              ("within noise of glibc", sum(r.noise for r in ratios)))
    if len(ratios) == 1:
        return next(what for what, n in counts if n)
    parts = ["%s in %d" % (what, n) for what, n in counts if n]
    return "%s of %d %s" % (", ".join(parts), len(ratios), noun)


def read_workload(times, workload, entries, columns):
    """Sentences about one workload, from the numbers."""
    out = []
    mallocs = [c for c in columns if c not in ("glibc", ARENA)]
    for column in mallocs:
        ratios = [cell(times, m, column, m)[1] for _, m, _ in entries]
        ratios = [r for r in ratios if r.ok]
        if not ratios:
            continue
        lo, hi = min(r.median for r in ratios), max(r.median for r in ratios)
        out.append("**%s**, %s: %s (time %s× glibc's)." % (workload, column, verdict(ratios, "cases"), span(lo, hi)))
    if ARENA in columns:
        pairs = [(m, a, cell(times, a, ARENA, m)[1]) for _, m, a in entries if a]
        pairs = [(m, a, r) for m, a, r in pairs if r.ok]
        if pairs:
            # The fastest malloc of each row over the arena's time: above 1, the arena wins.
            wins = [min(median(v) for v in times[m].values()) / median(times[a]["glibc"]) for m, a, _ in pairs]
            out.append("**%s**, arena: %s× glibc's time; the fastest malloc of each row takes %s× "
                       "the arena's time%s%s." % (
                           workload, span(min(r.median for *_, r in pairs), max(r.median for *_, r in pairs)),
                           span(min(wins), max(wins)),
                           ": by the medians the arena is the fastest in every row" if min(wins) > 1 else "",
                           " (one arena per thread, so no sharing at all)" if workload == "threads" else ""))
    if workload == "threads" and len(entries) > 1:
        first, last = entries[0], entries[-1]
        parts = []
        for column in [c for c in columns if c != ARENA]:
            if column in times[first[1]] and column in times[last[1]]:
                parts.append("%s %.2f×" % (column, median(times[last[1]][column]) / median(times[first[1]][column])))
        out.append("**threads**: time per cycle at %s threads relative to 1 thread: %s (the machine has %d cores)." % (
            last[0], ", ".join(parts), os.cpu_count()))
    return out


def fix_section(times, counters, columns, out_dir, lines, reading, chart_name):
    rows = fix_rows(times)
    if not rows:
        return []
    lines.append("## Fix pairs\n")
    lines.append("Speed-up of the fix: the flagged code's time over the fixed code's, per round in the "
                 "same process (median, min–max; ≈: the range contains 1, within noise). Higher is better. "
                 "The arena column is the flagged code with its containers on a `heapwise::arena` "
                 "(`/arena` variant) against the flagged code, both under glibc. Allocations are heap "
                 "allocations per call, counted by the binary's `operator new` (and the arena's upstream).\n")
    lines.append("| check | %s | allocs before → after (arena) | before / after time, glibc |" % " | ".join(columns))
    lines.append("|---" * (len(columns) + 3) + "|")
    chart_values, groups = {}, []
    for pair, variants in rows:
        before, after, arena = variants["before"], variants["after"], variants.get("arena")
        groups.append(pair.replace("heapwise-", ""))
        chart_values[groups[-1]] = {}
        row = []
        for column in columns:
            target = arena if column == ARENA else after
            allocator = "glibc" if column == ARENA else column
            if not target or allocator not in times[before] or allocator not in times.get(target, {}):
                row.append("n/a")
                continue
            r = Ratio(times[before][allocator], times[target][allocator])
            row.append(r.text())
            chart_values[groups[-1]][column] = ratio_triple(r)
        count = lambda name: "%g" % counters[name]["glibc"].get("allocs_per_iter", float("nan"))
        allocs = "%s → %s" % (count(before), count(after)) + (" (%s)" % count(arena) if arena else "")
        glibc_times = "%s / %s" % (fmt_ns(median(times[before]["glibc"])), fmt_ns(median(times[after]["glibc"])))
        lines.append("| %s | %s | %s | %s |" % (pair, " | ".join(row), allocs, glibc_times))
    lines.append("")
    gnuplot_bars(os.path.join(out_dir, chart_name), "Fix pairs: speed-up of the fix under each allocator",
                 "flagged time / fixed time", groups, columns, chart_values, reference=1.0)
    lines.append("![fix speed-ups](%s)\n" % chart_name)
    reading.extend(read_fixes(times, counters, rows, columns))
    return [chart_name]


def read_fixes(times, counters, rows, columns):
    out = []
    speedups = {}
    for pair, v in rows:
        speedups[pair] = {a: Ratio(times[v["before"]][a], times[v["after"]][a])
                          for a in columns if a != ARENA and a in times[v["before"]]}
    glibc = {p: s["glibc"] for p, s in speedups.items() if s.get("glibc") and s["glibc"].ok}
    ranked = sorted(glibc, key=lambda p: -glibc[p].median)
    if ranked:
        out.append("**Largest gains under glibc**: %s." % ", ".join(
            "%s %.1f×" % (p, glibc[p].median) for p in ranked[:3]))
    for column in [c for c in columns if c not in ("glibc", ARENA)]:
        less, more = [], []
        for p, s in speedups.items():
            r, g = s.get(column), glibc.get(p)
            if not r or not g or not r.ok:
                continue
            if r.high < g.low:
                less.append("%s (%.2f× vs %.2f×)" % (p, r.median, g.median))
            elif r.low > g.high:
                more.append("%s (%.2f× vs %.2f×)" % (p, r.median, g.median))
        if less:
            out.append("**%s makes these fixes matter less** than glibc does (speed-up ranges do not "
                       "overlap): %s." % (column, ", ".join(less)))
        if more:
            out.append("**%s makes these fixes matter more**: %s." % (column, ", ".join(more)))
        if not less and not more:
            out.append("**%s**: every fix's speed-up overlaps glibc's; the allocator does not change "
                       "what the fixes buy here." % column)
    noisy = ["%s under %s" % (p, a) for p, s in speedups.items() for a, r in s.items() if r.noise]
    if noisy:
        out.append("**Within noise** (the fix's speed-up range contains 1): %s." % ", ".join(noisy))
    slower = ["%s under %s (%.2f×)" % (p, a, r.median)
              for p, s in speedups.items() for a, r in s.items() if r.ok and r.high < 1]
    if slower:
        out.append("**The fix is slower** (its whole speed-up range is below 1): %s." % ", ".join(slower))
    for pair, v in rows:
        c = counters[v["before"]]["glibc"].get("allocs_per_iter")
        d = counters[v["after"]]["glibc"].get("allocs_per_iter")
        g = glibc.get(pair)
        if c is not None and c == d and g and g.low > 1:
            out.append("**%s** gains %.1f× with the same %g allocations per call: its cost is element "
                       "moves, not the allocator." % (pair, g.median, c))
        if "arena" in v and "glibc" in times.get(v["arena"], {}) and g:
            a = Ratio(times[v["before"]]["glibc"], times[v["arena"]]["glibc"])
            if a.ok:
                verdict = ("the arena beats the fix" if a.low > g.high else
                           "the fix beats the arena" if a.high < g.low else "within noise of each other")
                out.append("**%s**: putting the flagged code on an arena gives %.2f×, the fix %.2f×: %s." % (
                    pair, a.median, g.median, verdict))
    return out


def generic_section(label, times, columns, out_dir, lines, reading):
    """Any other benchmarks (runtime_peers, a user's binary): time and ratio to glibc."""
    names = [n for n in times if not WORKLOAD.match(n) and not FIX.match(n)]
    if not names:
        return []
    columns = [c for c in columns if c != ARENA]
    lines.append("## %s\n" % label)
    lines.append("Median time; below it, the ratio to glibc in the same round (median, min–max; ≈ within noise); "
                 "for glibc, the spread of its own times.\n")
    lines.append("| benchmark | %s |" % " | ".join(columns))
    lines.append("|---" * (len(columns) + 1) + "|")
    values = {}
    for name in names:
        row, values[name] = [], {}
        for column in columns:
            ns, r = cell(times, name, column, name)
            row.append("–" if ns is None else time_cell(times, name, column, ns, r))
            if ns is not None:
                values[name][column] = ratio_triple(r)
        lines.append("| `%s` | %s |" % (name, " | ".join(row)))
    lines.append("")
    chart = "%s.svg" % re.sub(r"[^A-Za-z0-9_.-]", "_", label)
    gnuplot_bars(os.path.join(out_dir, chart), "%s: time relative to glibc (lower is faster)" % label,
                 "time / glibc time", names, columns, values, reference=1.0)
    lines.append("![%s](%s)\n" % (label, chart))
    for column in [c for c in columns if c != "glibc"]:
        rs = [cell(times, n, column, n)[1] for n in names]
        rs = [r for r in rs if r.ok]
        if rs:
            reading.append("**%s**, %s: %s." % (label, column, verdict(rs, "benchmarks")))
    return [chart]


def same_round_spreads(times):
    """Spread (max−min over median) of every ratio the report shows: each
    allocator and the arena against glibc, each fix against its flagged code."""
    ratios = [Ratio(by[a], by["glibc"]) for by in times.values() if "glibc" in by for a in by if a != "glibc"]
    for _, v in fix_rows(times):
        ratios += [Ratio(times[v["before"]][a], times[v[variant]][a])
                   for variant in ("after", "arena") if variant in v for a in times[v["before"]]
                   if a in times[v[variant]]]
    return [(r.high - r.low) / r.median for r in ratios if r.ok]


def write_report(args, results, out_dir, started, seconds, command_line):
    times_by_label, counters_by_label = samples(results)
    problems = []
    lines, charts = [], []
    reading = {"fix": [], "workload": [], "other": []}
    info = machine_info(results)
    lines.append("# heapwise bench report\n")
    lines.append("Made %s in %.0f s by `%s`.\n" % (started.strftime("%Y-%m-%d %H:%M UTC"), seconds, command_line))
    body = []
    for label in results:
        times, counters = times_by_label.get(label, {}), counters_by_label.get(label, {})
        charts += workload_section(times, args.columns, out_dir, body, reading["workload"], "workloads.svg")
        charts += fix_section(times, counters, args.columns, out_dir, body, reading["fix"], "fix-speedups.svg")
        problems += checksum_problems(counters, fix_rows(times))
        charts += generic_section(label, times, args.columns, out_dir, body, reading["other"])
    time_spreads = [spread(v) for t in times_by_label.values() for by in t.values() for v in by.values()]
    ratio_spreads = [s for t in times_by_label.values() for s in same_round_spreads(t)]
    lines.append("## Reading\n")
    lines.append("Written from the numbers by fixed rules (heapwise_bench.py); ratios come from the same round, "
                 "a range that contains 1 is within noise.\n")
    if problems:
        lines += ["- **Checksum mismatch**: %s" % p for p in problems]
    lines += ["- " + sentence for kind in ("fix", "workload", "other") for sentence in reading[kind]]
    if time_spreads and ratio_spreads:
        loads = [r["context"]["load_avg"][0] for by in results.values() for rounds in by.values()
                 for r in rounds if r["context"].get("load_avg")]
        lines.append("- **Noise**: across the %d rounds a benchmark's time spreads (max−min over median) %.0f%% at "
                     "the median and %.0f%% at worst; a ratio measured within a round spreads %.0f%% at the "
                     "median. The machine is shared (1-minute load "
                     "average %s while it ran, on %d cores); read differences inside the ranges as noise." % (
                         args.settings["repetitions"], 100 * statistics.median(time_spreads), 100 * max(time_spreads),
                         100 * statistics.median(ratio_spreads),
                         span(min(loads), max(loads), "%.1f") if loads else "unknown", os.cpu_count()))
    lines.append("")
    lines += body
    lines.append("## Machine and method\n")
    lines.append("- CPU: %s, %s cores; Linux %s; host `%s`" % (info["cpu"], info["cores"], info["kernel"], info["host"]))
    lines.append("- Compiler of the bench binaries: %s; Google Benchmark: %s" % (info["compiler"], info["gbench"]))
    lines.append("- Rounds: %d; each round runs every allocator once, in rotated order, one repetition of each "
                 "benchmark with `--benchmark_min_time=%g`." % (args.settings["repetitions"], args.settings["min_time"]))
    lines.append("- Warm-up: Google Benchmark runs each benchmark with growing iteration counts until one run "
                 "lasts the minimum time and reports only that run; the earlier runs warm it up. The fix pairs "
                 "also make two untimed calls first. `large-blocks` is the exception: one cold run per process.")
    lines.append("- Time is CPU time, except for benchmarks registered with real time (`threads`, `large-blocks`).")
    lines.append("\n| allocator | LD_PRELOAD | malloc resolved to (checked in the process) | version reported by the allocator | Debian package |")
    lines.append("|---|---|---|---|---|")
    for allocator in args.preloads:
        first = next(iter(results.values()))[allocator][0]
        seen = first["heapwise_seen"]
        lines.append("| %s | `%s` | `%s` | %s | %s %s |" % (
            allocator, first["heapwise_preload"] or "(none)", seen.get("malloc_library", "?"),
            seen.get("version") or "?", ALLOCATORS[allocator][1], info["packages"][allocator]))
    if ARENA in args.columns:
        lines.append("| arena | (none: glibc) | heapwise::arena over malloc | runtime/include/heapwise/arena.h | – |")
    lines.append("\nEvery process's allocator was verified: the bundled binaries record it in their JSON context "
                 "(`heapwise_allocator`, `heapwise_malloc_library`); a user's binary gets `%s` preloaded after "
                 "the allocator, which writes the same facts to `raw/*.probe`.\n" % PROBE_LIBRARY)
    lines.append("One process command (round 1, glibc):\n")
    for label, by_allocator in results.items():
        lines.append("    %s" % " ".join(shlex.quote(x) for x in by_allocator["glibc"][0]["heapwise_command"]))
    lines.append("\nRaw Google Benchmark JSON, logs and gnuplot scripts: `raw/`, `*.dat`, `*.gp`.\n")
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write("\n".join(lines))
    return problems, charts


def main(argv):
    started = datetime.datetime.now(datetime.timezone.utc)
    start = time.monotonic()
    try:
        args = parse_args(argv)
        for allocator in args.preloads:
            allocator_library(allocator)
        if not shutil.which("gnuplot"):
            die("gnuplot not found (apt-get install gnuplot-nox)")
        programs = binaries(args)
        raw_dir = os.path.join(args.out, "raw")
        os.makedirs(raw_dir, exist_ok=True)
        results = run_all(args, programs, raw_dir)
    except UsageError as error:
        print("heapwise bench: error: %s" % error, file=sys.stderr)
        return 2
    command_line = " ".join(shlex.quote(x) for x in ["heapwise", "bench"] + argv)
    problems, charts = write_report(args, results, args.out, started, time.monotonic() - start, command_line)
    print("heapwise bench: wrote %s (%s) in %.0f s" % (
        os.path.join(args.out, "report.md"), ", ".join(charts), time.monotonic() - start), file=sys.stderr)
    for problem in problems:
        print("heapwise bench: error: %s" % problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
