#!/usr/bin/env python3
"""End-to-end tests of `heapwise prove` on the CMake project in project/.

    test_prove.py --heapwise BIN --clangxx clang++-19 [unittest args]
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.join(HERE, "project")

ARGS = None


def tree_hash(root):
    """A hash of every file's path, mode and content under root."""
    digest = hashlib.sha256()
    for folder, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, root).encode() + b"\0")
            digest.update(oct(os.stat(path).st_mode).encode() + b"\0")
            with open(path, "rb") as f:
                digest.update(f.read())
    return digest.hexdigest()


class ProveTest(unittest.TestCase):
    def setUp(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="heapwise-prove-test-"))
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        # The default work folder goes under TMPDIR: it must be gone afterwards.
        self.tmp = os.path.join(self.dir, "tmp")
        os.makedirs(self.tmp)

    def prove(self, *args, source=PROJECT, configure=None, build="cmake --build {build}",
              program=("{build}/prove_demo",), env=None):
        configure = configure or (f"cmake -G Ninja -S {{source}} -B {{build}} "
                                  f"-DCMAKE_CXX_COMPILER={ARGS.clangxx} "
                                  "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo")
        command = [ARGS.heapwise, "prove", "--source", source, "--configure", configure,
                   "--build", build, *args, "--", *program]
        return subprocess.run(command, capture_output=True, text=True, timeout=600,
                              env=env or {**os.environ, "TMPDIR": self.tmp})

    def assertExit(self, result, code, *needles):
        self.assertEqual(result.returncode, code, result.stdout + result.stderr)
        for needle in needles:
            self.assertIn(needle, result.stdout + result.stderr)

    def test_fixes_remove_allocations_and_keep_the_output(self):
        before = tree_hash(PROJECT)
        work = os.path.join(self.dir, "work")
        r = self.prove("--format=json", "--work-dir", work)
        self.assertExit(r, 0)
        self.assertEqual(tree_hash(PROJECT), before)
        report = json.loads(r.stdout)
        self.assertEqual(sorted(report), ["after", "before", "findings", "fixes_applied",
                                          "same_output"])
        for run in ("before", "after"):
            self.assertEqual(sorted(report[run]), ["allocations", "exit_code", "peak_bytes",
                                                   "temporary_allocations", "wall_seconds"])
            self.assertEqual(report[run]["exit_code"], 0)
        self.assertLess(report["after"]["allocations"], report["before"]["allocations"])
        self.assertTrue(report["same_output"])
        self.assertGreaterEqual(report["fixes_applied"], 2)
        by_check = {f["check"]: f for f in report["findings"]}
        self.assertEqual(set(by_check), {"heapwise-missing-reserve", "heapwise-copy-on-last-use"})
        for finding in report["findings"]:
            self.assertEqual(finding["file"], "main.cpp")
            self.assertIn("removable_allocations", finding)
            self.assertIn("message", finding)
        # squares() grows 1000 longs 50 times: ~11 allocations a call before,
        # 1 after; the copy in wordsLength() costs 101 allocations a call.
        self.assertGreaterEqual(by_check["heapwise-missing-reserve"]["removed_allocations"], 450)
        self.assertGreaterEqual(by_check["heapwise-copy-on-last-use"]["removed_allocations"], 2000)
        # --work-dir is kept, with both copies; the after copy is the fixed one.
        with open(os.path.join(work, "after", "source", "main.cpp")) as f:
            fixed = f.read()
        self.assertIn("out.reserve(", fixed)
        self.assertIn("std::move(words)", fixed)
        self.assertEqual(tree_hash(os.path.join(work, "before", "source")), before)

    def test_markdown_report_to_a_file_and_the_temporary_work_folder_is_removed(self):
        out = os.path.join(self.dir, "report.md")
        r = self.prove("--format=markdown", "-o", out)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, "")
        with open(out) as f:
            report = f.read()
        self.assertTrue(report.startswith("**same output"), report)
        self.assertIn("| allocations |", report)
        self.assertIn("heapwise-missing-reserve", report)
        self.assertEqual(os.listdir(self.tmp), [])

    def test_output_that_differs_exits_1_and_says_so_first(self):
        # The program prints its argument, the copy's build folder: a
        # difference between the copies that no fix made, but one prove sees.
        r = self.prove(program=("{build}/prove_demo", "{build}"))
        self.assertExit(r, 1)
        self.assertTrue(r.stdout.startswith("heapwise prove: OUTPUT DIFFERS: the program's output"),
                        r.stdout)
        self.assertIn("allocations", r.stdout)

    def test_failing_build_shows_its_last_lines(self):
        failing = "for i in $(seq 1 30); do echo build-line-$i; done; exit 3"
        r = self.prove(configure="true", build=failing)
        self.assertExit(r, 2, "build of the before copy failed (exit status 3)", "build-line-30",
                        "build-line-11")
        self.assertNotIn("build-line-10\n", r.stderr)
        self.assertEqual(os.listdir(self.tmp), [])

    def test_missing_program(self):
        r = self.prove(configure="true", build="true", program=("{build}/no-such-program",))
        self.assertExit(r, 2, "no-such-program", "does not exist")

    def test_bad_options(self):
        def run(*args, env=None):
            return subprocess.run([ARGS.heapwise, "prove", *args], capture_output=True, text=True,
                                  timeout=60, env=env)
        common = ["--source", PROJECT, "--configure", "true", "--build", "true"]
        self.assertExit(run("--configure", "true", "--build", "true", "--", "x"), 2, "--source")
        self.assertExit(run(*common), 2, "the program to run")
        self.assertExit(run(*common, "--format=sarif", "--", "x"), 2, "markdown")
        self.assertExit(run(*common, "file.cpp", "--", "x"), 2, "takes no file")
        self.assertExit(run(*common, "-p", "build", "--", "x"), 2, "-p is not an option")
        self.assertExit(run("--source", os.path.join(self.dir, "missing"), "--configure", "true",
                            "--build", "true", "--", "x"), 2, "is not a folder")
        # A --work-dir with contents is refused and left as it is.
        used = os.path.join(self.dir, "used")
        os.makedirs(used)
        with open(os.path.join(used, "keep.txt"), "w") as f:
            f.write("mine\n")
        self.assertExit(run(*common, "--work-dir", used, "--", "x"), 2, "must be an empty folder")
        self.assertEqual(os.listdir(used), ["keep.txt"])
        # The work folder inside the source would copy itself.
        source = os.path.join(self.dir, "src")
        os.makedirs(source)
        self.assertExit(run("--source", source, "--configure", "true", "--build", "true",
                            "--work-dir", os.path.join(source, "work"), "--", "x"), 2,
                        "inside --source")
        no_tools = {**os.environ, "PATH": os.path.join(self.dir, "empty-path")}
        self.assertExit(run(*common, "--", "x", env=no_tools), 2, "heaptrack is not installed")


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--heapwise", required=True)
    parser.add_argument("--clangxx", required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.heapwise = os.path.abspath(ARGS.heapwise)
    cache_home = tempfile.mkdtemp(prefix="heapwise-prove-cache-")
    os.environ["XDG_CACHE_HOME"] = cache_home
    try:
        run = unittest.main(argv=[sys.argv[0], *rest], verbosity=2, exit=False)
    finally:
        shutil.rmtree(cache_home, ignore_errors=True)
    sys.exit(0 if run.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
