#!/usr/bin/env python3
"""Runs one heapwise check over one test input, through the real plugin.

An input file marks the findings it expects on the lines where clang-tidy must
report them:

    v.push_back(i); // WARN
    v.push_back(i); // WARN: text the message (and " [check-name]") must contain
    v.push_back(i); // WARN-NOFIX   (a finding with no fix-it)
    // WARN-NEXT                      (a finding on the next line, for lines
    v.push_back(i);                    that the fix removes whole)

and may carry directives in comments:

    // RUN-ARGS: 0 | 7 | -3 | 100000   argument sets to run the program with
    // CHECK-OPTIONS: {heapwise-missing-reserve.VectorLikeClasses: '::my::Vec'}
    // FLAGS: -isystem %S/system       more compiler flags (%S: the input's folder)
    // ALLOCATIONS: fewer | no-more     the fixed program must call operator new
                                       no more often than the original on every
                                       RUN-ARGS set (fewer: and less often on
                                       at least one)

Beside NAME.cpp, NAME.fixed.cpp is the exact expected result of --fix (absent:
the file must not change). The test:
  1. compares the findings with the markers;
  2. applies the fixes and compares the result with NAME.fixed.cpp;
  3. compiles the original and the fixed file with -Wall -Wextra -Werror and
     runs both with every RUN-ARGS set, comparing output and exit status;
  4. runs --fix again on the fixed file: nothing may change, and only the
     findings that have no fix-it may remain.

With --alongside GLOB, it runs the check together with every check GLOB names
and compares only the check's own findings with the markers: a check's result
must not depend on which other checks run.

With --compose, it applies the fixes of every check the --check glob names to
the input until nothing changes (one check's fix can make another's finding:
a front insert turned into push_back gets a reserve on the next pass), at most
COMPOSE_PASSES times, and checks step 3 on the result: the fixes of different
checks must compose. Markers and NAME.fixed.cpp are not consulted.
"""

COMPOSE_PASSES = 4
import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile

WARNING = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): warning: (?P<msg>.*) \[(?P<check>[\w.-]+)\]$")
MARKER = re.compile(r"//\s*WARN(?P<next>-NEXT)?(?P<nofix>-NOFIX)?(?::\s*(?P<text>.*?))?\s*$")


class Failure(Exception):
    pass


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def directive(source, name):
    match = re.search(r"//\s*" + name + r":\s*(.*)$", source, re.M)
    return match.group(1).strip() if match else None


def expected_findings(source):
    expected = {}
    for number, line in enumerate(source.splitlines(), 1):
        match = MARKER.search(line)
        if match:
            line = number + 1 if match.group("next") else number
            expected[line] = (match.group("text") or "", bool(match.group("nofix")))
    return expected


def tidy(args, path, check, fix=False, enabled=None):
    """Runs clang-tidy with the checks `enabled` names (default: `check`) and
    returns the findings of the checks that `check` names."""
    cmd = [args.clang_tidy, "--load=" + args.plugin,
           "--checks=-*," + (enabled or check), "--quiet"]
    if args.config:
        cmd.append("--config=" + args.config)
    if fix:
        cmd.append("--fix")
    cmd += [path, "--"] + args.compile_flags
    result = run(cmd)
    if result.returncode not in (0, 1) or "error:" in result.stdout + result.stderr:
        raise Failure("clang-tidy failed on %s:\n%s%s" % (path, result.stdout, result.stderr))
    findings = []
    for line in result.stdout.splitlines():
        match = WARNING.match(line)
        if match and os.path.basename(match["file"]) == os.path.basename(path) \
                and fnmatch.fnmatchcase(match["check"], check):
            findings.append((int(match["line"]), int(match["col"]),
                             "%s [%s]" % (match["msg"], match["check"])))
    return findings


def compare_findings(findings, expected):
    problems = []
    seen = {}
    for line, col, msg in findings:
        if line in seen:
            problems.append("line %d: reported twice" % line)
        seen[line] = msg
        if line not in expected:
            problems.append("line %d:%d: unexpected finding: %s" % (line, col, msg))
        elif expected[line][0] not in msg:
            problems.append("line %d: message %r lacks %r" % (line, msg, expected[line][0]))
    for line in expected:
        if line not in seen:
            problems.append("line %d: expected finding not reported" % line)
    if problems:
        raise Failure("findings differ from the markers:\n  " + "\n  ".join(problems))


COUNTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "support", "count_allocations.cpp")
ALLOCATION_COUNT = re.compile(r"^heapwise-allocations: (\d+)$", re.M)


def build(args, path, out, count_allocations=False):
    cmd = [args.clangxx, "-Wall", "-Wextra", "-Werror", "-O1", "-g",
           "-fsanitize=undefined", "-fno-sanitize-recover=all",
           path] + ([COUNTER] if count_allocations else []) + ["-o", out] + args.compile_flags
    result = run(cmd)
    if result.returncode != 0:
        raise Failure("%s does not compile:\n%s" % (path, result.stderr))


def configure(args, path, source):
    """Sets the clang-tidy config and compiler flags that `source`'s directives ask for."""
    options = directive(source, "CHECK-OPTIONS")
    args.config = "{CheckOptions: %s}" % options if options else None
    args.compile_flags = ["-std=c++20"] + ["-I" + d for d in args.include] + \
        (directive(source, "FLAGS") or "").replace(
            "%S", os.path.dirname(os.path.abspath(path))).split()


def fix_to_fixed_point(args, path, check):
    """Applies the fixes of the checks `check` names to `path` until nothing
    changes; returns the number of passes that changed it (the last one
    included)."""
    tidy(args, path, check, fix=True)
    result = open(path).read()
    passes = 1
    while True:
        tidy(args, path, check, fix=True)
        again = open(path).read()
        if again == result:
            return passes
        result = again
        passes += 1
        if passes > COMPOSE_PASSES:
            raise Failure("--fix still changes the file after %d passes" % COMPOSE_PASSES)


def compare_behaviour(args, source, original, fixed):
    """Step 3: builds `original` and `fixed`, runs both with every RUN-ARGS set
    and compares output, exit status and (ALLOCATIONS) allocation counts."""
    run_args = directive(source, "RUN-ARGS")
    allocations = directive(source, "ALLOCATIONS")
    if allocations not in (None, "fewer", "no-more"):
        raise Failure("ALLOCATIONS takes 'fewer' or 'no-more', not %r" % allocations)
    if allocations and run_args is None:
        raise Failure("ALLOCATIONS needs RUN-ARGS")
    saved = 0
    if run_args is not None:
        build(args, original, original + ".bin", bool(allocations))
        build(args, fixed, fixed + ".bin", bool(allocations))
        for arg_set in run_args.split("|"):
            argv = arg_set.split()
            before = run([original + ".bin"] + argv, timeout=120)
            after = run([fixed + ".bin"] + argv, timeout=120)
            if (before.returncode, before.stdout) != (after.returncode, after.stdout):
                raise Failure("behaviour changed for arguments %r:\n original: exit %d, %r\n fixed:    exit %d, %r\n%s"
                              % (argv, before.returncode, before.stdout[:500],
                                 after.returncode, after.stdout[:500], after.stderr[:2000]))
            if allocations:
                counts = [ALLOCATION_COUNT.findall(r.stderr) for r in (before, after)]
                if not all(len(c) == 1 for c in counts):
                    raise Failure("no allocation count from the programs for %r" % argv)
                old, new = (int(c[0]) for c in counts)
                if new > old:
                    raise Failure("arguments %r: the fixed program allocates %d times, the original %d"
                                  % (argv, new, old))
                saved += old - new
        if allocations == "fewer" and saved == 0:
            raise Failure("the fixed program allocates as often as the original on every argument set")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--clangxx", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--check", required=True,
                        help="the check, or a glob of checks (heapwise-*)")
    parser.add_argument("--include", action="append", default=[])
    parser.add_argument("--alongside", metavar="GLOB",
                        help="only compare the findings, with these checks enabled too")
    parser.add_argument("--compose", action="store_true",
                        help="only check that the fixes of all the checks compose")
    parser.add_argument("input")
    args = parser.parse_args()

    source = open(args.input).read()
    fixed_path = args.input[:-len(".cpp")] + ".fixed.cpp"
    expected_fixed = open(fixed_path).read() if os.path.exists(fixed_path) else source
    configure(args, args.input, source)
    expected = expected_findings(source)

    with tempfile.TemporaryDirectory(prefix="heapwise-test-") as tmp:
        name = os.path.basename(args.input)
        original = os.path.join(tmp, "original", name)
        fixed = os.path.join(tmp, "fixed", name)
        for path in (original, fixed):
            os.makedirs(os.path.dirname(path))
            shutil.copyfile(args.input, path)

        if args.alongside:
            compare_findings(tidy(args, original, args.check,
                                  enabled=args.check + "," + args.alongside), expected)
            print("%s: %d findings as marked with %s enabled too"
                  % (args.input, len(expected), args.alongside))
            return
        if not args.compose:
            compare_findings(tidy(args, original, args.check), expected)

        if args.compose:
            passes = fix_to_fixed_point(args, fixed, args.check)
        else:
            tidy(args, fixed, args.check, fix=True)
        result = open(fixed).read()
        if not args.compose and result != expected_fixed:
            diff = run(["diff", "-u", fixed_path if os.path.exists(fixed_path) else args.input, fixed]).stdout
            raise Failure("--fix result differs from %s:\n%s" % (os.path.basename(fixed_path), diff))

        compare_behaviour(args, source, original, fixed)

        if args.compose:
            print("%s: the fixes of %s reach a fixed point after %d pass(es), compile and keep behaviour"
                  % (args.input, args.check, passes))
            return
        remaining = tidy(args, fixed, args.check, fix=True)
        if open(fixed).read() != result:
            raise Failure("a second --fix changed the fixed file again")
        unfixable = sum(1 for _, nofix in expected.values() if nofix)
        if len(remaining) != unfixable:
            raise Failure("after --fix, %d findings remain; expected only the %d WARN-NOFIX ones:\n  %s"
                          % (len(remaining), unfixable, "\n  ".join(m for _, _, m in remaining)))
    print("%s: %d findings as marked, fixes compile and keep behaviour" % (args.input, len(expected)))


if __name__ == "__main__":
    try:
        main()
    except (Failure, subprocess.TimeoutExpired) as failure:
        print("FAIL: %s" % failure, file=sys.stderr)
        sys.exit(1)
