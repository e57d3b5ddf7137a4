#!/usr/bin/env python3
"""Scores every heapwise check together on a corpus of realistic programs.

Each corpus file marks, in comments, what a reviewer would flag and what a
look-alike must not be flagged for:

    out->push_back(n); // EXPECT: heapwise-missing-reserve
    v.push_back(s);    // EXPECT: heapwise-copy-on-last-use, heapwise-missing-reserve
    // EXPECT-NEXT: heapwise-...     (expected on the next line)
    x.push_back(y);    // NOT: heapwise-copy-on-last-use (used after)
    s += a + b;        // MAYBE: heapwise-string-concat-in-loop (either is right)

A marker may carry several `EXPECT:`/`NOT:`/`MAYBE:` parts. An expected
finding counts as found when the check reports a warning on that line; every
other warning (off the EXPECT and MAYBE lines of its check) is a false
positive. Cases are the EXPECT and NOT markers. The files take RUN-ARGS and
FLAGS directives as check_test.py's inputs do.

Then all the fixes are applied until nothing changes (check_test.py's
--compose): the fixed file must compile with -Werror, print the same on every
RUN-ARGS set, and a further --fix must change nothing.

Fails when recall is below --min-recall, there are more than
--max-false-positives false positives, or a fix breaks a file.
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

import check_test

CHECKS = "heapwise-*"
MARKER = re.compile(r"\b(EXPECT-NEXT|EXPECT|NOT|MAYBE):\s*((?:heapwise-[\w-]+\s*,?\s*)+)")
CHECK_NAME = re.compile(r"heapwise-[\w-]*\w")


def markers(source):
    """Returns {kind: {(line, check)}} for kind EXPECT, NOT and MAYBE."""
    marked = {"EXPECT": set(), "NOT": set(), "MAYBE": set()}
    for number, text in enumerate(source.splitlines(), 1):
        comment = text.find("//")
        if comment < 0:
            continue
        for kind, names in MARKER.findall(text[comment:]):
            line = number + 1 if kind == "EXPECT-NEXT" else number
            for check in CHECK_NAME.findall(names):
                marked["EXPECT" if kind == "EXPECT-NEXT" else kind].add((line, check))
    return marked


def score_file(args, path, tally, misses, false_positives, optional):
    source = open(path).read()
    check_test.configure(args, path, source)
    marked = markers(source)
    name = os.path.basename(path)
    with tempfile.TemporaryDirectory(prefix="heapwise-corpus-") as tmp:
        original = os.path.join(tmp, "original", name)
        fixed = os.path.join(tmp, "fixed", name)
        for copy in (original, fixed):
            os.makedirs(os.path.dirname(copy))
            shutil.copyfile(path, copy)

        reported = {}
        for line, _, message in check_test.tidy(args, original, CHECKS):
            check = message[message.rindex("[") + 1:-1]
            reported.setdefault((line, check), message)
        for line, check in marked["EXPECT"]:
            tally[check]["expected"] += 1
            if (line, check) in reported:
                tally[check]["found"] += 1
            else:
                misses.append("%s:%d: %s" % (name, line, check))
        for line, check in marked["NOT"]:
            tally[check]["negatives"] += 1
        for (line, check), message in sorted(reported.items()):
            if (line, check) in marked["MAYBE"]:
                optional.append("%s:%d: %s" % (name, line, message))
            elif (line, check) not in marked["EXPECT"]:
                tally[check]["false positives"] += 1
                false_positives.append("%s:%d: %s" % (name, line, message))

        passes = check_test.fix_to_fixed_point(args, fixed, CHECKS)
        check_test.compare_behaviour(args, source, original, fixed)
        return passes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--clangxx", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--include", action="append", default=[])
    parser.add_argument("--min-recall", type=float, default=0.9)
    parser.add_argument("--max-false-positives", type=int, default=1)
    parser.add_argument("inputs", nargs="+", help="corpus files or folders")
    args = parser.parse_args()

    paths = []
    for item in args.inputs:
        if os.path.isdir(item):
            paths += sorted(os.path.join(item, f) for f in os.listdir(item) if f.endswith(".cpp"))
        else:
            paths.append(item)

    tally = collections.defaultdict(collections.Counter)
    misses, false_positives, optional, broken = [], [], [], []
    for path in paths:
        try:
            passes = score_file(args, path, tally, misses, false_positives, optional)
            print("%s: fixes reach a fixed point after %d pass(es), compile and keep behaviour"
                  % (os.path.basename(path), passes))
        except (check_test.Failure, subprocess.TimeoutExpired) as failure:
            broken.append("%s: %s" % (os.path.basename(path), failure))

    columns = ("expected", "found", "false positives", "negatives")
    print("\n| check | expected | found | missed | false positives | negative cases |")
    print("|---|---|---|---|---|---|")
    total = collections.Counter()
    for check in sorted(tally):
        row = tally[check]
        total.update({c: row[c] for c in columns})
        print("| %s | %d | %d | %d | %d | %d |" % (check, row["expected"], row["found"],
              row["expected"] - row["found"], row["false positives"], row["negatives"]))
    recall = total["found"] / total["expected"] if total["expected"] else 1.0
    print("| **all** | %d | %d | %d | %d | %d |" % (total["expected"], total["found"],
          total["expected"] - total["found"], total["false positives"], total["negatives"]))
    print("\n%d files, %d cases (%d expected, %d negative); recall %.1f%%, %d false positive(s)"
          % (len(paths), total["expected"] + total["negatives"], total["expected"],
             total["negatives"], 100 * recall, total["false positives"]))
    for title, items in (("missed", misses), ("false positives", false_positives),
                         ("reported on MAYBE lines (not scored)", optional),
                         ("fixes that break a file", broken)):
        if items:
            print("\n%s:\n  %s" % (title, "\n  ".join(items)))

    if recall < args.min_recall or total["false positives"] > args.max_false_positives or broken:
        print("\nFAIL: recall must be >= %.0f%%, false positives <= %d, every fix must keep the file working"
              % (100 * args.min_recall, args.max_false_positives), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
