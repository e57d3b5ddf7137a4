#!/usr/bin/env python3
"""Smoke test of `heapwise bench`: bench_smoke_test.py [--instructions] RUNNER_COMMAND...

Runs RUNNER_COMMAND --quick --filter <one fix pair> --out <temp dir> (the
runner is `python3 heapwise_bench.py --bench-dir DIR` or `heapwise bench`) and
checks that report.md and its SVG charts exist, that every allocator was
really loaded in the benchmark processes, from their JSON context, and that
results.json has the fields CI compares.

--instructions: runs `--measure=instructions` twice on a tiny pair under glibc
and jemalloc and checks that the two runs give identical counts.

--peers: runs the copy row of runtime_peers (--measure=both, then
--measure=instructions) and checks the comparison of heapwise's small_vector
with the other implementations in results.json and report.md.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile

FILTER = "^fix/heapwise-small-vector/(before|after|arena|paired)$"
TINY = "^fix/heapwise-small-heap-object/"
FIX_PAIR_FIELDS = {"check", "n", "element", "allocator", "metric", "before", "after", "allocs_before",
                   "allocs_after", "ci_low", "ci_high"}
# What each allocator's process must report about the malloc it resolved.
EXPECTED = {"glibc": "libc.so", "jemalloc": "libjemalloc", "mimalloc": "libmimalloc",
            "tcmalloc": "libtcmalloc"}


def fail(message):
    print("bench smoke test FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def run(runner, options, out):
    command = runner + options + ["--out", out]
    done = subprocess.run(command, capture_output=True, text=True, timeout=240)
    if done.returncode != 0:
        fail("%s exited %d:\n%s" % (command, done.returncode, done.stderr))


def check_results(out, metric, allocators):
    """results.json's shape; returns its fix_pairs."""
    path = os.path.join(out, "results.json")
    if not os.path.exists(path):
        fail("no results.json")
    results = json.load(open(path))
    for key in ("fix_pairs", "workloads", "runtime_peers"):
        if not isinstance(results.get(key), list):
            fail("results.json: %s is not a list" % key)
    pairs = results["fix_pairs"]
    if not pairs:
        fail("results.json: no fix_pairs")
    for entry in pairs:
        missing = FIX_PAIR_FIELDS - set(entry)
        if missing:
            fail("results.json: fix pair entry lacks %s: %s" % (sorted(missing), entry))
        if entry["metric"] != metric:
            fail("results.json: metric %r, expected %r" % (entry["metric"], metric))
        for field in ("before", "after", "allocs_before", "allocs_after", "ci_low", "ci_high"):
            if not isinstance(entry[field], (int, float)) or entry[field] < 0:
                fail("results.json: %s is not a number >= 0: %s" % (field, entry))
        if not entry["ci_low"] <= entry["ci_high"]:
            fail("results.json: ci_low > ci_high: %s" % entry)
    missing = set(allocators) - {e["allocator"] for e in pairs}
    if missing:
        fail("results.json: no fix pair under %s" % sorted(missing))
    return pairs


def instructions_deterministic(runner):
    with tempfile.TemporaryDirectory() as tmp:
        counts = []
        for attempt in ("a", "b"):
            out = os.path.join(tmp, attempt)
            run(runner, ["--measure=instructions", "--allocators", "glibc,jemalloc,arena", "--filter", TINY], out)
            pairs = check_results(out, "instructions", ["glibc", "jemalloc", "arena"])
            counts.append(sorted((e["check"], e["allocator"], e["before"], e["after"]) for e in pairs))
            context = json.load(open(os.path.join(out, "raw", "instructions.jemalloc.names.context.json")))["context"]
            if "libjemalloc" not in context.get("heapwise_malloc_library", ""):
                fail("under cachegrind, the jemalloc process resolved malloc to %s" % context.get(
                    "heapwise_malloc_library"))
        if counts[0] != counts[1]:
            fail("two instruction-count runs differ:\n%s\n%s" % counts)
        if any(before <= 0 or after <= 0 for *_, before, after in counts[0]):
            fail("an instruction count is not positive: %s" % counts[0])
        print("bench instructions test passed: identical counts %s" % counts[0])


def peer_comparison(out):
    """results.json's runtime_peers_comparison: {implementation: entry} of the copy row."""
    entries = json.load(open(os.path.join(out, "results.json"))).get("runtime_peers_comparison")
    if not entries:
        fail("results.json: no runtime_peers_comparison")
    by = {}
    for entry in entries:
        if (entry.get("row"), entry.get("subject")) != ("copy", "heapwise::small_vector"):
            fail("runtime_peers_comparison: an entry outside the copy row of heapwise::small_vector: %s" % entry)
        if not entry.get("instructions", 0) > 0 or not entry.get("implementation_instructions", 0) > 0:
            fail("runtime_peers_comparison: instruction counts missing or not positive: %s" % entry)
        by[entry["implementation"]] = entry
    vector = by.get("std::vector")
    if not vector or not vector["baseline"]:
        fail("runtime_peers_comparison: no std::vector baseline in the copy row: %s" % sorted(by))
    # A copy of a full std::vector allocates; the inline copy does not.
    if not vector["implementation_instructions"] > vector["instructions"]:
        fail("std::vector's copy runs no more instructions than heapwise's inline copy: %s" % vector)
    return by


def peers(runner):
    with tempfile.TemporaryDirectory() as tmp:
        both, counted = os.path.join(tmp, "both"), os.path.join(tmp, "instructions")
        run(runner, ["--measure=both", "--allocators", "glibc", "--repetitions", "2", "--filter", "^copy/"], both)
        first = peer_comparison(both)
        for entry in first.values():
            if entry.get("rounds") != 2 or not entry["ci_low"] <= entry["ci_high"]:
                fail("runtime_peers_comparison: time ratio of 2 rounds with an interval expected: %s" % entry)
        report = open(os.path.join(both, "report.md")).read()
        for needle in ("## Runtime against its peers", "| copy |", "against its best peer, by instructions"):
            if needle not in report:
                fail("report.md lacks %r" % needle)
        # Instructions alone, and only runtime_peers matching: still a whole report.
        run(runner, ["--measure=instructions", "--filter", "^copy/"], counted)
        second = peer_comparison(counted)
        if sorted(first) != sorted(second):
            fail("the two runs compared different implementations: %s, %s" % (sorted(first), sorted(second)))
        for implementation, entry in second.items():
            if "time_ratio" in entry:
                fail("--measure=instructions reported a time ratio: %s" % entry)
            for field in ("instructions", "implementation_instructions"):
                if abs(entry[field] - first[implementation][field]) > 1:
                    fail("instructions per iteration moved by more than 1 between runs: %s, %s" % (
                        first[implementation], entry))
        print("bench peers test passed: copy row against %s" % ", ".join(sorted(second)))


def main(runner):
    if runner[:1] == ["--instructions"]:
        return instructions_deterministic(runner[1:])
    if runner[:1] == ["--peers"]:
        return peers(runner[1:])
    if not runner:
        fail("usage: bench_smoke_test.py [--instructions] RUNNER_COMMAND...")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        run(runner, ["--quick", "--filter", FILTER], out)
        check_results(out, "cpu_ns", list(EXPECTED) + ["arena"])
        report_path = os.path.join(out, "report.md")
        if not os.path.exists(report_path):
            fail("no report.md")
        report = open(report_path).read()
        for needle in ("## Fix pairs", "| heapwise-small-vector |", "## Reading", "| arena |"):
            if needle not in report:
                fail("report.md lacks %r" % needle)
        charts = re.findall(r"!\[[^\]]*\]\(([^)]+\.svg)\)", report)
        if not charts:
            fail("report.md links no chart")
        for chart in charts:
            path = os.path.join(out, chart)
            if not os.path.exists(path) or "<svg" not in open(path).read():
                fail("chart %s missing or not an SVG" % chart)
        seen = {}
        for path in glob.glob(os.path.join(out, "raw", "*.json")):
            context = json.load(open(path))["context"]
            seen.setdefault(context.get("heapwise_allocator"), []).append(
                context.get("heapwise_malloc_library", ""))
        for allocator, library in EXPECTED.items():
            libraries = seen.get(allocator)
            if not libraries:
                fail("no benchmark process ran with %s (seen: %s)" % (allocator, sorted(seen)))
            if not all(library in os.path.basename(path) for path in libraries):
                fail("%s processes resolved malloc to %s" % (allocator, libraries))
        print("bench smoke test passed: %s, charts %s, allocators %s" % (
            report_path, ", ".join(charts), ", ".join(sorted(seen))))


if __name__ == "__main__":
    main(sys.argv[1:])
