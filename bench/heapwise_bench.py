#!/usr/bin/env python3
"""heapwise bench: run Google Benchmark programs under each allocator and report.

Runs the bundled benchmarks (or, after `--`, your own Google Benchmark binary)
with glibc malloc, jemalloc, mimalloc and tcmalloc injected by LD_PRELOAD, plus
the arena column (the benchmarks' `/arena` variants, run under glibc). Every
process must prove, from the inside, which malloc it used; a run whose
allocator is not the one asked for stops the report (exit 2). Writes
OUT/report.md, SVG charts made by gnuplot, and keeps every raw JSON in OUT/raw.

--measure=time (the default): measurements are interleaved in rounds, each
running every allocator once, so slow drifts of a shared machine hit all
columns alike; a fix pair's before and after also alternate in short rounds
inside one process (fix/<pair>/paired), and its speed-up is the median ratio
per round with a bootstrap 95% interval; a conclusion is stated only when the
interval excludes 1. --measure=instructions: the fix pairs under cachegrind,
exact instructions per call (see run_forked in fix_pairs.cpp); both: the two.
Every run also writes OUT/results.json for CI.
"""

import argparse
import concurrent.futures
import datetime
import glob
import json
import os
import platform
import random
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

FULL = {"repetitions": 7, "min_time": 0.2, "rounds": 30}
QUICK = {"repetitions": 2, "min_time": 0.05, "rounds": 10}

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
    parser.add_argument("--measure", choices=("time", "instructions", "both"), default="time",
                        help="time: CPU time, before and after alternating in short rounds in one process "
                        "(default); instructions: the fix pairs under valgrind's cachegrind, exact "
                        "instructions per call; both: the full report")
    parser.add_argument("--cache-sim", choices=("yes", "no"), default="no",
                        help="with instructions: also simulate the caches and estimate cycles per call")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        sys.exit(0 if exit_.code == 0 else 2)
    args.user_command = user_command
    if args.measure != "time" and user_command:
        die("--measure=%s runs the bundled fix pairs (which count instructions in forked children, "
            "HEAPWISE_BENCH_FORK_EACH); a user's binary is measured in time mode only" % args.measure)
    if args.measure != "time" and not shutil.which("valgrind"):
        die("valgrind not found (apt-get install valgrind): --measure=%s needs it" % args.measure)
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
    names = QUICK_BUNDLED if args.quick else BUNDLED
    # Instructions mode counts the fix pairs and runtime_peers; the workloads are measured by time.
    for name in [n for n in names if n != "allocator_workloads"] if args.measure == "instructions" else names:
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


def allocator_in_context(context):
    """What a bundled binary says of its malloc in its JSON context (bench_main.cpp)."""
    return {"allocator": context.get("heapwise_allocator"), "malloc_library": context.get("heapwise_malloc_library"),
            "version": context.get("heapwise_allocator_version")}


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
    env = dict(os.environ, HEAPWISE_BENCH_ROUNDS=str(args.settings["rounds"]))
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
        seen = allocator_in_context(context)
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


# ---------------------------------------------------------------- instructions mode

# Instructions per call: fix_pairs with HEAPWISE_BENCH_FORK_EACH (see run_forked in fix_pairs.cpp)
# runs each variant in three forked children, 1, 2 and 1 iterations; one call is child 2's count
# minus the mean of children 1 and 3, exactly: start-up, set-up, warm-up and the work between forks
# cancel, and the children report no timer readings, so two runs give the same counts.
QUICK_MAX_N = 10000


def cachegrind_counts(path):
    """{event: count} of a cachegrind output file."""
    events, totals = [], {}
    with open(path) as lines:
        for line in lines:
            if line.startswith("events:"):
                events = line.split()[1:]
                totals = dict.fromkeys(events, 0)
            elif line[:1].isdigit():
                for event, value in zip(events, line.split()[1:]):
                    totals[event] += int(value)
    return totals


def estimated_cycles(c):
    """Cycles from simulated cache hits, the way CodSpeed's CPU simulation and iai-callgrind estimate
    them: an L1 hit costs 1, an LL hit 5, a memory access 35."""
    accesses = c["Ir"] + c["Dr"] + c["Dw"]
    l1_misses = c["I1mr"] + c["D1mr"] + c["D1mw"]
    ll_misses = c["ILmr"] + c["DLmr"] + c["DLmw"]
    return (accesses - l1_misses) + 5 * (l1_misses - ll_misses) + 35 * ll_misses


def cachegrind_allocator(command, names, allocator, args, raw_dir):
    """{benchmark: {"per_call", "counters", ...}} of one cachegrind process under one allocator."""
    library = allocator_library(allocator)
    base = os.path.join(raw_dir, "instructions.%s" % allocator)
    with open(base + ".names", "w") as f:
        f.write("".join(n + "\n" for n in names))
    env = dict(os.environ, HEAPWISE_BENCH_FORK_EACH=base + ".names")
    env.pop("LD_PRELOAD", None)
    if library:
        env["LD_PRELOAD"] = library
    full = ["valgrind", "--tool=cachegrind", "--cache-sim=" + args.cache_sim,
            "--cachegrind-out-file=%s.cachegrind.%%p" % base, command[0]]
    with open(base + ".log", "w") as log:
        done = subprocess.run(full, env=env, stdout=log, stderr=subprocess.STDOUT)
    if done.returncode != 0 or not os.path.exists(base + ".names.pids"):
        die("fix_pairs under %s in cachegrind failed (exit %d); see %s.log" % (allocator, done.returncode, base))
    with open(base + ".names.context.json") as f:
        context = json.load(f)["context"]
    seen = allocator_in_context(context)
    check_allocator(allocator, library, seen, "fix_pairs in cachegrind")
    children = {}
    with open(base + ".names.pids") as f:
        for line in f:
            pid, index, iterations, child = line.split()
            name = names[int(index)]
            output = "%s.cachegrind.%s" % (base, pid)
            counts = cachegrind_counts(output)
            os.remove(output)  # megabytes of per-line counts: raw/ keeps the totals
            with open("%s.names.%s" % (base, child)) as report:
                fields = report.read().split()
            if int(fields[1]) != int(iterations):
                die("%s: ran %s iterations, not %s" % (name, fields[1], iterations))
            counters = {k: float(v) for k, v in (x.split("=") for x in fields[2:])}
            children.setdefault(name, []).append((counts, counters))
    with open(base + ".counts.json", "w") as f:
        json.dump({name: [counts for counts, _ in runs] for name, runs in children.items()}, f, indent=1)
    measured = {}
    for name, ((first, counters), (second, _), (third, _)) in children.items():
        per_call = {e: second[e] - (first[e] + third[e]) / 2 for e in second}
        measured[name] = {"per_call": per_call, "counters": counters, "seen": seen, "command": full,
                          "preload": env.get("LD_PRELOAD", ""), "context": context}
    return measured


def run_instructions(args, programs, raw_dir):
    """The fix pairs, {(benchmark, allocator): {"per_call": {event: count per call}, "counters", "seen", ...}},
    and runtime_peers, {benchmark: {"per_iteration": instructions, "seen", ...}}."""
    commands = dict(programs)
    names, peer_names = [], []
    if "fix_pairs" in commands:
        names = [base_name(n) for n in listed_benchmarks(commands["fix_pairs"], args.filter)]
        names = [n for n in names if pair_key(n) and pair_key(n)[1] != "paired"
                 and not (args.quick and (pair_key(n)[0][2] or 0) > QUICK_MAX_N)]
    if "runtime_peers" in commands:
        peer_names = [n for n in map(base_name, listed_benchmarks(commands["runtime_peers"], args.filter))
                      if peer_row(n)]
    if not names and not peer_names:
        die("no fix pair or runtime_peers benchmark matches --filter %s" % args.filter)
    jobs = [(a, [n for n in names if a == "glibc" or pair_key(n)[1] != "arena"]) for a in args.preloads] if names else []
    print("instructions: %d variants and %d runtime_peers benchmarks under cachegrind" % (
        sum(len(n) for _, n in jobs), len(peer_names)), file=sys.stderr)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:  # the machine's 2 cores
        # map submits every job at once: the peers' processes fill a core the fix pairs leave idle.
        fix_runs = pool.map(lambda job: cachegrind_allocator(commands["fix_pairs"], job[1], job[0], args, raw_dir),
                            jobs)
        peer_runs = pool.map(lambda name: peer_instructions(commands["runtime_peers"], name, raw_dir), peer_names)
        done, peers = list(fix_runs), dict(zip(peer_names, peer_runs))
    if peers:
        with open(os.path.join(raw_dir, "peers.counts.json"), "w") as f:
            json.dump({name: dict(zip(map(str, PEER_ITERATIONS), m["totals"])) for name, m in peers.items()}, f, indent=1)
    return {(name, allocator): m for (allocator, _), by_name in zip(jobs, done) for name, m in by_name.items()}, peers


# runtime_peers names are <row>/<implementation>[/<n>]. Instructions per iteration: the difference of
# two runs of exactly PEER_ITERATIONS iterations (HEAPWISE_PEERS_ITERATIONS), over their difference,
# so start-up, set-up and reporting cancel; about 0.1 instruction of noise per iteration remains
# (Google Benchmark's start-up varies by a few hundred instructions between processes).
PEER_NAME = re.compile(r"^([a-z_]+)/([^/]+)(?:/(\d+))?$")
PEER_ITERATIONS = (1000, 3000)
# What not using an inline vector or an arena costs: shown, but not a peer to beat.
PEER_BASELINES = ("std::vector", "malloc+free")


def peer_row(name):
    """((row, n), implementation) of a runtime_peers name, or None."""
    m = PEER_NAME.match(name)
    return ((m.group(1), int(m.group(3)) if m.group(3) else None), m.group(2)) if m else None


def peer_instructions(command, name, raw_dir):
    """Instructions per iteration of one runtime_peers benchmark under cachegrind (glibc)."""
    counts = []
    for iterations in PEER_ITERATIONS:
        base = os.path.join(raw_dir, "peers.%s.%d" % (re.sub(r"[^A-Za-z0-9_.-]", "_", name), iterations))
        env = dict(os.environ, HEAPWISE_PEERS_ITERATIONS=str(iterations))
        env.pop("LD_PRELOAD", None)
        full = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=%s.cachegrind" % base,
                command[0], "--benchmark_filter=^%s/iterations:%d$" % (re.escape(name), iterations),
                "--benchmark_format=json"]
        done = subprocess.run(full, env=env, capture_output=True, text=True)
        with open(base + ".log", "w") as log:
            log.write(done.stderr)
        ran = json.loads(done.stdout) if done.returncode == 0 and done.stdout.strip() else {}
        if [b.get("iterations") for b in ran.get("benchmarks", [])] != [iterations]:
            die("runtime_peers %s in cachegrind did not run it for exactly %d iterations (exit %d); see %s.log"
                % (name, iterations, done.returncode, base))
        context = ran["context"]
        seen = allocator_in_context(context)
        check_allocator("glibc", None, seen, "runtime_peers in cachegrind")
        counts.append(cachegrind_counts(base + ".cachegrind")["Ir"])
        os.remove(base + ".cachegrind")
    return {"per_iteration": (counts[1] - counts[0]) / (PEER_ITERATIONS[1] - PEER_ITERATIONS[0]), "totals": counts,
            "seen": seen, "command": full, "preload": "", "context": context}


def instruction_records(measured, columns):
    names = sorted({n for n, _ in measured})
    out = []
    for key, v in fix_rows(names):
        for column in columns:
            allocator = "glibc" if column == ARENA else column
            target = v.get("arena") if column == ARENA else v["after"]
            b, a = measured.get((v["before"], allocator)), measured.get((target, allocator)) if target else None
            if not b or not a:
                continue
            r = record(key, column, "instructions", b["per_call"]["Ir"], a["per_call"]["Ir"], b["counters"],
                       a["counters"], (None, None))
            r["ci_low"] = r["ci_high"] = r["speedup"]  # exact: no interval
            if "D1mr" in b["per_call"]:
                r["cycles_before"], r["cycles_after"] = estimated_cycles(b["per_call"]), estimated_cycles(a["per_call"])
            out.append(r)
    return out


def instruction_checksum_problems(measured):
    by_pair = {}
    for (name, allocator), m in measured.items():
        by_pair.setdefault(pair_key(name)[0], {})[(pair_key(name)[1], allocator)] = m["counters"].get("checksum")
    return ["%s: checksums differ between variants/allocators: %s" % (pair_label(k), v)
            for k, v in by_pair.items() if len(set(v.values())) > 1]


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
# fix/<check>/<variant>, or a sweep point fix/<check>/<element>/<n>/<variant>.
FIX = re.compile(r"^fix/([^/]+)/(?:([^/]+)/(\d+)/)?(before|after|arena|paired)$")


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


def pair_key(name):
    """(check, element, n) of a fix/ benchmark name and its variant, or None."""
    m = FIX.match(name)
    if not m:
        return None
    return (m.group(1), m.group(2) or "", int(m.group(3)) if m.group(3) else None), m.group(4)


def fix_rows(names):
    """[(key, {variant: benchmark name})] of the pairs that have a before and an after."""
    pairs = {}
    for name in names:
        found = pair_key(name)
        if found:
            pairs.setdefault(found[0], {})[found[1]] = name
    return [(key, v) for key, v in pairs.items() if "before" in v and "after" in v]


def pair_label(key):
    check, element, n = key
    return check if n is None else "%s %s n=%s" % (check, element, "{:,}".format(n))


def checksum_problems(counters, rows):
    problems = []
    for pair, variants in rows:
        values = {(v, a): c.get("checksum") for v, name in variants.items() if v != "paired"
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


# ---------------------------------------------------------------- fix-pair records

def record(key, allocator, metric, before, after, counters_before, counters_after, ci):
    """One entry of results.json's fix_pairs."""
    check, element, n = key
    return {"check": check, "n": n, "element": element or None, "allocator": allocator, "metric": metric,
            "before": before, "after": after,
            "allocs_before": counters_before.get("allocs_per_iter"),
            "allocs_after": counters_after.get("allocs_per_iter"),
            "bytes_before": counters_before.get("bytes_per_iter"),
            "bytes_after": counters_after.get("bytes_per_iter"),
            "speedup": before / after if after else None, "ci_low": ci[0], "ci_high": ci[1]}


def bootstrap_median(ratios, resamples=2000, seed=16):
    """95% percentile bootstrap interval of the median ratio (fixed seed: the same data give the same interval)."""
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(resamples))
    return medians[int(0.025 * resamples)], medians[int(0.975 * resamples) - 1]


def paired_rounds(results, name, allocator):
    """[(before ns, after ns)] of every round of a /paired benchmark, over all processes."""
    rounds = []
    for result in results.get(allocator, []):
        for b in result["benchmarks"]:
            if base_name(b["name"]) == name and b.get("label"):
                rounds += [tuple(float(x) for x in r.split(":")) for r in b["label"].split(",")]
    return rounds


def time_records(results, times, counters, columns):
    """Fix pairs of a time-mode run: the ratio of each round of /paired (before and after alternating
    in one process), else (a user's binary, the arena) the ratio per process run."""
    out = []
    for key, v in fix_rows(times):
        for column in columns:
            allocator = "glibc" if column == ARENA else column
            target = v.get("arena") if column == ARENA else v["after"]
            if not target or allocator not in times[v["before"]] or allocator not in times.get(target, {}):
                continue
            rounds = paired_rounds(results, v["paired"], allocator) if column != ARENA and "paired" in v else []
            if not rounds:
                rounds = list(zip(times[v["before"]][allocator], times[target][allocator]))
            ratios = [b / a for b, a in rounds if a > 0]
            if not ratios:
                continue
            r = record(key, column, "cpu_ns", median([b for b, _ in rounds]), median([a for _, a in rounds]),
                       counters[v["before"]][allocator], counters[target][allocator], bootstrap_median(ratios))
            r["speedup"], r["rounds"] = statistics.median(ratios), len(ratios)
            out.append(r)
    return out


def resolved(r):
    """+1: the fix is faster, -1: slower, 0: not resolved (the interval contains 1)."""
    return 1 if r["ci_low"] > 1 else -1 if r["ci_high"] < 1 else 0


def speedup_text(r):
    if r["metric"] == "instructions":
        return "%.2f×" % r["speedup"]
    return "%.2f× [%s]%s" % (r["speedup"], span(r["ci_low"], r["ci_high"]), "" if resolved(r) else " ≈")


def fmt_metric(r, value):
    return fmt_ns(value) if r["metric"] == "cpu_ns" else "{:,.0f}".format(value)


def fix_section(records, columns, out_dir, lines, reading, chart_name, title):
    if not records:
        return []
    metric = records[0]["metric"]
    lines.append("## %s\n" % title)
    if metric == "instructions":
        lines.append("Speed-up of the fix: the flagged code's instructions per call over the fixed code's, "
                     "counted by cachegrind (exact; two runs of the same command give the same counts). "
                     "Higher is better. The arena column: the flagged code with its containers on a "
                     "`heapwise::arena` against the flagged code, under glibc. Allocations and bytes are per "
                     "call, counted by the binary's `operator new` (and the arena's upstream).\n")
    else:
        lines.append("Speed-up of the fix: the flagged code's CPU time over the fixed code's, before and after "
                     "alternating in short rounds in the same process; the median ratio per round and its 95% "
                     "bootstrap interval; ≈: the interval contains 1, not resolved. Higher is better. The arena "
                     "column: the flagged code on a `heapwise::arena` against the flagged code (under glibc, "
                     "the ratio per process run).\n")
    by_key = {}
    for r in records:
        by_key.setdefault((r["check"], r["element"] or "", r["n"]), {})[r["allocator"]] = r
    unit = "instructions" if metric == "instructions" else "CPU time"
    lines.append("| pair | %s | allocs before → after (arena) | bytes before → after | before / after %s, glibc |"
                 % (" | ".join(columns), unit))
    lines.append("|---" * (len(columns) + 4) + "|")
    chart_values, groups = {}, []
    for key, by in by_key.items():
        glibc = by.get("glibc")
        if not glibc:
            continue
        group = pair_label(key).replace("heapwise-", "")
        groups.append(group)
        chart_values[group] = {c: (by[c]["speedup"], by[c]["ci_low"], by[c]["ci_high"]) for c in columns if c in by}
        cells = [speedup_text(by[c]) if c in by else "n/a" for c in columns]
        allocs = "%g → %g" % (glibc["allocs_before"], glibc["allocs_after"])
        if ARENA in by:
            allocs += " (%g)" % by[ARENA]["allocs_after"]
        lines.append("| %s | %s | %s | %s → %s | %s / %s |" % (
            pair_label(key), " | ".join(cells), allocs, "{:,.0f}".format(glibc["bytes_before"]),
            "{:,.0f}".format(glibc["bytes_after"]), fmt_metric(glibc, glibc["before"]), fmt_metric(glibc, glibc["after"])))
    lines.append("")
    if any("cycles_before" in r for r in records):
        lines.append("Estimated cycles per call (`--cache-sim=yes`), speed-up before / after:\n")
        lines.append("| pair | %s |" % " | ".join(columns))
        lines.append("|---" * (len(columns) + 1) + "|")
        for key, by in by_key.items():
            lines.append("| %s | %s |" % (pair_label(key), " | ".join(
                "%.2f× (%s → %s)" % (by[c]["cycles_before"] / by[c]["cycles_after"], "{:,.0f}".format(by[c]["cycles_before"]),
                                      "{:,.0f}".format(by[c]["cycles_after"])) if c in by and by[c].get("cycles_after") else "n/a"
                for c in columns)))
        lines.append("")
    gnuplot_bars(os.path.join(out_dir, chart_name), "%s: speed-up of the fix under each allocator" % title,
                 "flagged / fixed (%s)" % unit, groups, columns, chart_values, reference=1.0)
    lines.append("![%s](%s)\n" % (title, chart_name))
    reading.extend(read_fixes(by_key, columns, unit))
    return [chart_name]


def read_fixes(by_key, columns, unit):
    """Sentences from the fix-pair records: where each swept fix starts to pay, where an allocator
    shrinks the gain, what is not resolved."""
    out = []
    # Exact counts: a difference under 5% is not called a gain, a loss or a shrink.
    pays = (lambda r: r["speedup"] >= 1.05) if unit == "instructions" else (lambda r: resolved(r) > 0)
    loses = (lambda r: r["speedup"] <= 1 / 1.05) if unit == "instructions" else (lambda r: resolved(r) < 0)
    sweeps = {}
    for key in by_key:
        if key[2] is not None:
            sweeps.setdefault(key[:2], []).append(key)
    for (check, element), keys in sweeps.items():
        keys.sort(key=lambda k: k[2])
        glibc = [by_key[k]["glibc"] for k in keys if "glibc" in by_key[k]]
        paying = [r for r in glibc if pays(r)]
        text = "**%s, %s** (%s%s): " % (check, element, unit, ", a gain is 5% or more" if unit == "instructions" else "")
        if paying:
            first = paying[0]
            text += "under glibc the fix pays from n = {:,} ({:.2f}×)".format(first["n"], first["speedup"])
            text += "; %s" % ", ".join("n = {:,}: {:.2f}×".format(r["n"], r["speedup"]) for r in glibc)
        else:
            text += "under glibc the fix does not pay at any n measured (%s)" % ", ".join(
                "n = {:,}: {:.2f}×".format(r["n"], r["speedup"]) for r in glibc)
        slower = [r for r in glibc if loses(r)]
        if slower:
            text += "; slower at n = %s" % ", ".join("{:,}".format(r["n"]) for r in slower)
        for column in [c for c in columns if c not in ("glibc", ARENA)]:
            shrunk = []
            for k in keys:
                r, g = by_key[k].get(column), by_key[k].get("glibc")
                if not r or not g:
                    continue
                less = r["speedup"] * 1.05 <= g["speedup"] if unit == "instructions" else r["ci_high"] < g["ci_low"]
                if less and pays(g):
                    shrunk.append("n = {:,} ({:.2f}× vs {:.2f}×)".format(k[2], r["speedup"], g["speedup"]))
            if shrunk:
                text += "; %s shrinks the gain%s at %s" % (
                column, " (by 5% or more)" if unit == "instructions" else "", ", ".join(shrunk))
        out.append(text + ".")
    singles = [k for k in by_key if k[2] is None and "glibc" in by_key[k]]
    ranked = sorted(singles, key=lambda k: -by_key[k]["glibc"]["speedup"])
    if ranked:
        out.append("**Other pairs under glibc** (%s): %s." % (unit, ", ".join(
            "%s %.2f×" % (k[0], by_key[k]["glibc"]["speedup"]) for k in ranked)))
    for k in singles:
        g = by_key[k]["glibc"]
        if g["allocs_before"] == g["allocs_after"] and pays(g):
            out.append("**%s** gains %.2f× with the same %g allocations per call: its cost is element moves, "
                       "not the allocator." % (k[0], g["speedup"], g["allocs_before"]))
    if unit != "instructions":
        unresolved = ["%s under %s" % (pair_label(k), a) for k, by in by_key.items() for a, r in by.items()
                      if not resolved(r)]
        if unresolved:
            out.append("**Not resolved** (the 95%% interval contains 1, no conclusion): %s." % ", ".join(unresolved))
        else:
            out.append("Every interval excludes 1: each speed-up above is resolved.")
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


def peer_records(instructions, times):
    """One record per runtime_peers row and other implementation, against heapwise's entry of the row:
    ratios other / heapwise (above 1: heapwise runs fewer instructions, or is faster). Time: the ratio
    in each round (one process each, under glibc), its median and a bootstrap 95% interval."""
    rows = {}
    for name in dict.fromkeys([*instructions, *times]):
        found = peer_row(name)
        if found:
            rows.setdefault(found[0], {})[found[1]] = name
    out = []
    for (row, n), by in rows.items():
        subject = next((i for i in by if i.startswith("heapwise::")), None)
        if not subject:
            continue
        mine, mine_times = instructions.get(by[subject]), times.get(by[subject], {}).get("glibc")
        for implementation, name in by.items():
            if implementation == subject:
                continue
            r = {"row": row, "n": n, "subject": subject, "implementation": implementation,
                 "baseline": implementation in PEER_BASELINES}
            theirs = instructions.get(name)
            if mine and theirs:
                r.update(instructions=mine["per_iteration"], implementation_instructions=theirs["per_iteration"],
                         instructions_ratio=theirs["per_iteration"] / mine["per_iteration"])
            their_times = times.get(name, {}).get("glibc")
            ratios = [t / m for t, m in zip(their_times or [], mine_times or []) if m > 0]
            if ratios:
                r.update(time_ns=median(mine_times), implementation_time_ns=median(their_times),
                         time_ratio=statistics.median(ratios), rounds=len(ratios))
                r["ci_low"], r["ci_high"] = bootstrap_median(ratios)
            out.append(r)
    return out


def peer_row_label(r):
    return r["row"] if r["n"] is None else "%s/%d" % (r["row"], r["n"])


def peers_section(records, lines, reading):
    """Tables of heapwise's runtime against its peers, and what they say, row by row."""
    if not records:
        return
    lines.append("## Runtime against its peers\n")
    lines.append("`runtime_peers`, under glibc. Each cell: instructions per iteration (cachegrind, the difference "
                 "of runs of exactly %d and %d iterations, over %d) and, in brackets, the implementation's count "
                 "over heapwise's; then the median CPU time and the ratio of the implementation's time to "
                 "heapwise's in the same process, median over the processes with a 95%% bootstrap interval "
                 "(≈: it contains 1, not resolved). Above 1: heapwise is ahead. %s are baselines (what not using "
                 "an inline vector or an arena costs), not peers.\n" % (
                     PEER_ITERATIONS[0], PEER_ITERATIONS[1], PEER_ITERATIONS[1] - PEER_ITERATIONS[0],
                     " and ".join("`%s`" % b for b in PEER_BASELINES)))
    for subject in dict.fromkeys(r["subject"] for r in records):
        mine = [r for r in records if r["subject"] == subject]
        others = list(dict.fromkeys(r["implementation"] for r in mine if not r["baseline"]))
        others += list(dict.fromkeys(r["implementation"] for r in mine if r["baseline"]))
        lines.append("| row | %s | %s |" % (subject, " | ".join(others)))
        lines.append("|---" * (len(others) + 2) + "|")
        behind_instructions, by_time = [], {1: [], 0: [], -1: []}
        for label in dict.fromkeys(peer_row_label(r) for r in mine):
            row = {r["implementation"]: r for r in mine if peer_row_label(r) == label}
            first = next(iter(row.values()))
            cells = ["%s<br>%s" % ("%.0f instr." % first["instructions"] if "instructions" in first else "–",
                                   fmt_ns(first["time_ns"]) if "time_ns" in first else "–")]
            for implementation in others:
                r = row.get(implementation)
                if not r:
                    cells.append("–")
                    continue
                count = ("%.0f (%.2f×)" % (r["implementation_instructions"], r["instructions_ratio"])
                         if "instructions_ratio" in r else "–")
                time_ = ("%s %.2f× [%s]%s" % (fmt_ns(r["implementation_time_ns"]), r["time_ratio"],
                                              span(r["ci_low"], r["ci_high"]), "" if resolved(r) else " ≈")
                         if "time_ratio" in r else "–")
                cells.append("%s<br>%s" % (count, time_))
            lines.append("| %s | %s |" % (label, " | ".join(cells)))
            peers = [r for r in row.values() if not r["baseline"]]
            counted = [r for r in peers if "instructions_ratio" in r]
            # Rounded as shown: a count within half an instruction of the best peer's is level with it.
            if counted and round(min(r["implementation_instructions"] for r in counted)) < round(first["instructions"]):
                best = min(counted, key=lambda r: r["implementation_instructions"])
                behind_instructions.append("%s (%s %.0f, heapwise %.0f)" % (
                    label, best["implementation"], best["implementation_instructions"], best["instructions"]))
            timed = [r for r in peers if "time_ratio" in r]
            if timed:
                best = min(timed, key=lambda r: r["time_ratio"])
                by_time[resolved(best)].append("%s (%s %.2f× [%s])" % (
                    label, best["implementation"], best["time_ratio"], span(best["ci_low"], best["ci_high"])))
        lines.append("")
        rows = len(dict.fromkeys(peer_row_label(r) for r in mine if not r["baseline"]))
        if any("instructions_ratio" in r for r in mine if not r["baseline"]):
            reading.append("**%s against its best peer, by instructions**: at or ahead on %d of %d rows%s." % (
                subject, rows - len(behind_instructions), rows,
                "; behind on " + ", ".join(behind_instructions) if behind_instructions else ""))
        if any(by_time.values()):
            parts = ["ahead on %d" % len(by_time[1])]
            if by_time[0]:
                parts.append("not resolved on %d: %s" % (len(by_time[0]), ", ".join(by_time[0])))
            if by_time[-1]:
                parts.append("behind on %d: %s" % (len(by_time[-1]), ", ".join(by_time[-1])))
            reading.append("**%s against its best peer, by time** (the best peer's time over heapwise's, %d rows): "
                           "%s." % (subject, sum(map(len, by_time.values())), "; ".join(parts)))


def same_round_spreads(times):
    """Spread (max−min over median) of every ratio the report shows: each
    allocator and the arena against glibc, each fix against its flagged code."""
    ratios = [Ratio(by[a], by["glibc"]) for by in times.values() if "glibc" in by for a in by if a != "glibc"]
    for _, v in fix_rows(times):
        ratios += [Ratio(times[v["before"]][a], times[v[variant]][a])
                   for variant in ("after", "arena") if variant in v for a in times[v["before"]]
                   if a in times[v[variant]]]
    return [(r.high - r.low) / r.median for r in ratios if r.ok]


def as_results(measured, peers):
    """The instructions-mode processes in the shape of time-mode results (for the machine section)."""
    shown = {}
    processes = [("fix_pairs", allocator, m) for (_, allocator), m in measured.items()]
    processes += [("runtime_peers", "glibc", m) for m in peers.values()]
    for label, allocator, m in processes:
        shown.setdefault(label, {}).setdefault(allocator, [{
            "context": m["context"], "heapwise_seen": m["seen"], "heapwise_preload": m["preload"],
            "heapwise_command": m["command"]}])
    return shown


def write_results_json(path, fix_records, times_by_label, peer_comparison):
    """results.json: every fix-pair record, every workload and runtime_peers time (median ns per allocator),
    and heapwise's runtime against each other implementation of a runtime_peers row."""
    def timings(label, pattern):
        out = []
        for name, by in times_by_label.get(label, {}).items():
            if pattern(name):
                out.append({"benchmark": name, "metric": "ns", **{a: median(v) for a, v in by.items()}})
        return out
    data = {"fix_pairs": fix_records,
            "workloads": timings("allocator_workloads", lambda n: WORKLOAD.match(n)),
            "runtime_peers": timings("runtime_peers", lambda n: True),
            "runtime_peers_comparison": peer_comparison}
    with open(path, "w") as f:
        json.dump(data, f, indent=1)


def write_report(args, results, measured, peers, out_dir, started, seconds, command_line):
    times_by_label, counters_by_label = samples(results or {})
    problems = []
    lines, charts = [], []
    reading = {"fix": [], "workload": [], "other": []}
    shown = results or as_results(measured, peers)
    info = machine_info(shown)
    lines.append("# heapwise bench report\n")
    lines.append("Made %s in %.0f s by `%s`.\n" % (started.strftime("%Y-%m-%d %H:%M UTC"), seconds, command_line))
    body, fix_records = [], []
    if measured:
        records = instruction_records(measured, args.columns)
        fix_records += records
        problems += instruction_checksum_problems(measured)
        charts += fix_section(records, args.columns, out_dir, body, reading["fix"], "fix-instructions.svg",
                              "Fix pairs: instructions per call")
    for label in results or {}:
        times, counters = times_by_label.get(label, {}), counters_by_label.get(label, {})
        charts += workload_section(times, args.columns, out_dir, body, reading["workload"], "workloads.svg")
        records = time_records(results[label], times, counters, args.columns)
        fix_records += records
        charts += fix_section(records, args.columns, out_dir, body, reading["fix"], "fix-speedups.svg",
                              "Fix pairs: CPU time")
        problems += checksum_problems(counters, fix_rows(times))
        charts += generic_section(label, times, args.columns, out_dir, body, reading["other"])
    peer_comparison = peer_records(peers or {}, times_by_label.get("runtime_peers", {}))
    peers_section(peer_comparison, body, reading["other"])
    write_results_json(os.path.join(out_dir, "results.json"), fix_records, times_by_label, peer_comparison)
    time_spreads = [spread(v) for t in times_by_label.values() for by in t.values() for v in by.values()]
    ratio_spreads = [s for t in times_by_label.values() for s in same_round_spreads(t)]
    lines.append("## Reading\n")
    lines.append("Written from the numbers by fixed rules (heapwise_bench.py). Instruction counts are exact; "
                 "a time ratio states a conclusion only when its 95% interval excludes 1.\n")
    if problems:
        lines += ["- **Checksum mismatch**: %s" % p for p in problems]
    lines += ["- " + sentence for kind in ("fix", "workload", "other") for sentence in reading[kind]]
    if time_spreads and ratio_spreads:
        loads = [r["context"]["load_avg"][0] for by in results.values() for rounds in by.values()
                 for r in rounds if r["context"].get("load_avg")]
        lines.append("- **Noise**: across the %d rounds a benchmark's time spreads (max−min over median) %.0f%% at "
                     "the median and %.0f%% at worst; a ratio measured within a round spreads %.0f%% at the "
                     "median. The machine is shared (1-minute load "
                     "average %s while it ran, on %d cores)." % (
                         args.settings["repetitions"], 100 * statistics.median(time_spreads), 100 * max(time_spreads),
                         100 * statistics.median(ratio_spreads),
                         span(min(loads), max(loads), "%.1f") if loads else "unknown", os.cpu_count()))
    lines.append("")
    lines += body
    lines.append("## Machine and method\n")
    lines.append("- CPU: %s, %s cores; Linux %s; host `%s`" % (info["cpu"], info["cores"], info["kernel"], info["host"]))
    lines.append("- Compiler of the bench binaries: %s; Google Benchmark: %s" % (info["compiler"], info["gbench"]))
    if measured is not None:
        if measured:
            lines.append("- Instructions: `fix_pairs` runs under `valgrind --tool=cachegrind --cache-sim=%s` (one "
                         "process per allocator, `LD_PRELOAD` as in time mode; cachegrind does not replace malloc) "
                         "with `HEAPWISE_BENCH_FORK_EACH`: for each variant it forks three children in turn, which "
                         "run it for exactly 1, 2 and 1 iterations after its two untimed calls. A child's count "
                         "includes the parent's up to the fork and the parent does the same work between forks, so "
                         "instructions per call = child 2 − (child 1 + child 3) / 2, exactly: start-up, set-up, "
                         "warm-up and reporting cancel (the children report no timer readings), and the parent's heap "
                         "at each fork does not depend on which variants ran before, so `--quick` and `--filter` "
                         "give a variant the same count as the full run. That holds under glibc and jemalloc (ctest "
                         "`bench-instructions`); mimalloc's counts change from run to run (its state depends on the "
                         "clock and on random numbers), so read its column as indicative; tcmalloc was not tested "
                         "for it." % args.cache_sim)
        if args.cache_sim == "yes":
            lines.append("- Estimated cycles (`--cache-sim=yes`, as CodSpeed's CPU simulation): L1 hits + 5 × LL "
                         "hits + 35 × memory accesses, from cachegrind's simulated caches (accesses = Ir + Dr + Dw, "
                         "L1 misses = I1mr + D1mr + D1mw, LL misses = ILmr + DLmr + DLmw).")
        if peers:
            lines.append("- Instructions of `runtime_peers`: each benchmark under `valgrind --tool=cachegrind "
                         "--cache-sim=no` in two processes of its own, with `HEAPWISE_PEERS_ITERATIONS=%d` and "
                         "`%d`; per iteration = the difference of their counts over %d. Google Benchmark's start-up "
                         "varies by a few hundred instructions between processes, so a count may move by about 0.1 "
                         "between runs." % (PEER_ITERATIONS + (PEER_ITERATIONS[1] - PEER_ITERATIONS[0],)))
        if args.quick:
            lines.append("- `--quick`: sweep points up to n = {:,}.".format(QUICK_MAX_N))
    if results:
        lines.append("- Rounds: %d; each round runs every allocator once, in rotated order, one repetition of each "
                     "benchmark with `--benchmark_min_time=%g`." % (args.settings["repetitions"], args.settings["min_time"]))
        if "fix_pairs" in results:
            lines.append("- Fix pairs in time mode: `fix/<pair>/paired` runs before and after alternately in %d short "
                         "rounds per process (about 1 ms of calls each, the one that goes first alternating), CPU time "
                         "of the thread; the ratio of each round, over all processes, gives the median and a 95%% "
                         "percentile bootstrap interval of the median (2000 resamples, fixed seed)." % args.settings["rounds"])
        lines.append("- Warm-up: Google Benchmark runs each benchmark with growing iteration counts until one run "
                     "lasts the minimum time and reports only that run; the earlier runs warm it up. The fix pairs "
                     "also make two untimed calls first. `large-blocks` is the exception: one cold run per process.")
        lines.append("- Time is CPU time, except for benchmarks registered with real time (`threads`, `large-blocks`).")
    lines.append("\n| allocator | LD_PRELOAD | malloc resolved to (checked in the process) | version reported by the allocator | Debian package |")
    lines.append("|---|---|---|---|---|")
    for allocator in args.preloads:
        first = next((by[allocator][0] for by in shown.values() if allocator in by), None)
        if not first:
            continue  # nothing ran under it (only runtime_peers, which runs under glibc, matched --filter)
        seen = first["heapwise_seen"]
        lines.append("| %s | `%s` | `%s` | %s | %s %s |" % (
            allocator, first["heapwise_preload"] or "(none)", seen.get("malloc_library", "?"),
            seen.get("version") or "?", ALLOCATORS[allocator][1], info["packages"][allocator]))
    if ARENA in args.columns:
        lines.append("| arena | (none: glibc) | heapwise::arena over malloc | runtime/include/heapwise/arena.h | – |")
    lines.append("\nEvery process's allocator was verified: the bundled binaries record it in their JSON context "
                 "(`heapwise_allocator`, `heapwise_malloc_library`); a user's binary gets `%s` preloaded after "
                 "the allocator, which writes the same facts to `raw/*.probe`.\n" % PROBE_LIBRARY)
    lines.append("One process command (glibc):\n")
    for label, by_allocator in shown.items():
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
        measured, peers = run_instructions(args, programs, raw_dir) if args.measure != "time" else (None, None)
        results = run_all(args, programs, raw_dir) if args.measure != "instructions" else None
    except UsageError as error:
        print("heapwise bench: error: %s" % error, file=sys.stderr)
        return 2
    command_line = " ".join(shlex.quote(x) for x in ["heapwise", "bench"] + argv)
    problems, charts = write_report(args, results, measured, peers, args.out, started, time.monotonic() - start,
                                    command_line)
    print("heapwise bench: wrote %s (%s) in %.0f s" % (
        os.path.join(args.out, "report.md"), ", ".join(charts), time.monotonic() - start), file=sys.stderr)
    for problem in problems:
        print("heapwise bench: error: %s" % problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
