#!/usr/bin/env python3
"""Smoke test of `heapwise bench`: bench_smoke_test.py RUNNER_COMMAND...

Runs RUNNER_COMMAND --quick --filter <one fix pair> --out <temp dir> (the
runner is `python3 heapwise_bench.py --bench-dir DIR` or `heapwise bench`) and
checks that report.md and its SVG charts exist and that every allocator was
really loaded in the benchmark processes, from their JSON context.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile

FILTER = "^fix/heapwise-small-vector/"
# What each allocator's process must report about the malloc it resolved.
EXPECTED = {"glibc": "libc.so", "jemalloc": "libjemalloc", "mimalloc": "libmimalloc",
            "tcmalloc": "libtcmalloc"}


def fail(message):
    print("bench smoke test FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def main(runner):
    if not runner:
        fail("usage: bench_smoke_test.py RUNNER_COMMAND...")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        command = runner + ["--quick", "--filter", FILTER, "--out", out]
        done = subprocess.run(command, capture_output=True, text=True, timeout=240)
        if done.returncode != 0:
            fail("%s exited %d:\n%s" % (command, done.returncode, done.stderr))
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
