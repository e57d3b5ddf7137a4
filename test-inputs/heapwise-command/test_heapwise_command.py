#!/usr/bin/env python3
"""End-to-end tests of the `heapwise` command (check, fix, gate, merge, rank, prove).

Each test builds a small project in a temporary folder (sources, a generated
compile_commands.json, a git repository where the gate needs one) and drives
the built binary on it, asserting exit codes, reports and the files on disk.

    test_heapwise_command.py --heapwise BIN --clangxx clang++-19 \
        --apply-replacements clang-apply-replacements-19 [unittest args]
"""
import argparse
import hashlib
import json
import os
import pty
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.dirname(HERE)
PROVE_PROJECT = os.path.join(INPUTS, "prove", "project")
sys.path.insert(0, os.path.join(HERE, "sarif"))
import validate_sarif  # noqa: E402

ARGS = None

RESERVE_CPP = """\
#include <cstdio>
#include <vector>

std::vector<int> squares(int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i)
    out.push_back(i * i);
  return out;
}

int other(int x) { return x + 1; }

int main(int argc, char **) {
  std::printf("%zu %d\\n", squares(argc * 1000).size(), other(argc));
}
"""

LOOP_CPP = """\
#include <cstddef>
#include <vector>

std::size_t positives(const std::vector<std::vector<int>> &rows) {
  std::size_t total = 0;
  for (const auto &r : rows) {
    std::vector<int> kept;
    for (int x : r)
      if (x > 0)
        kept.push_back(x);
    total += kept.size();
  }
  return total;
}
"""

CLEAN_CPP = "int add(int a, int b) { return a + b; }\n"

NEW_FINDING = """
std::vector<int> cubes(int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i)
    out.push_back(i * i * i);
  return out;
}
"""

# Listed as vector-like but without reserve(): missing-reserve's fix
# `log.reserve(n)` cannot compile, so `heapwise fix` must roll it back.
NO_RESERVE_CPP = """\
#include <cstddef>
#include <vector>

namespace app {
class Log {
public:
  void push_back(int x) { items.push_back(x); }
  std::size_t size() const { return items.size(); }

private:
  std::vector<int> items;
};
} // namespace app

std::size_t record(int n) {
  app::Log log;
  for (int i = 0; i < n; ++i)
    log.push_back(i);
  return log.size();
}

std::vector<int> evens(int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i)
    out.push_back(2 * i);
  return out;
}
"""


MEMBER_CPP = """#include <vector>
struct Bag {
  std::vector<int> items_;
  void addRange(int n) {
    for (int i = 0; i < n; ++i)
      items_.push_back(i);
  }
};
int main() { Bag b; b.addRange(3); return static_cast<int>(b.items_.size()) - 3; }
"""


class Project:
    """A temporary project: sources under src/, build/compile_commands.json."""

    def __init__(self, files, git=True):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="heapwise-e2e-"))
        self.build = os.path.join(self.root, "build")
        os.makedirs(self.build)
        for name, text in files.items():
            self.write(name, text)
        self.database(sorted(files))
        if git:  # a project is a git work tree: its top is the project root
            self.git("init", "-q")

    def path(self, name):
        return os.path.join(self.root, name)

    def write(self, name, text):
        os.makedirs(os.path.dirname(self.path(name)), exist_ok=True)
        with open(self.path(name), "w") as f:
            f.write(text)

    def read(self, name):
        with open(self.path(name)) as f:
            return f.read()

    def database(self, names, flags="-std=c++20", flags_of=None):
        entries = [{"directory": self.build,
                    "command": f"{ARGS.clangxx} {(flags_of or {}).get(n, flags)} -c ../{n} -o /dev/null",
                    "file": f"../{n}"} for n in names if n.endswith(".cpp")]
        with open(os.path.join(self.build, "compile_commands.json"), "w") as f:
            json.dump(entries, f)

    def git(self, *args):
        subprocess.run(["git", "-C", self.root, *args], check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})

    def run(self, *args, cwd=None):
        return subprocess.run([ARGS.heapwise, *args], cwd=cwd or self.root,
                              capture_output=True, text=True, timeout=600)

    def cleanup(self):
        for folder, _, files in os.walk(self.root):
            for f in files:
                os.chmod(os.path.join(folder, f), 0o644)
        shutil.rmtree(self.root, ignore_errors=True)


def load_json(path):
    with open(path) as f:
        return json.load(f)


def findings(result):
    return json.loads(result.stdout)["findings"]


class Case(unittest.TestCase):
    FILES = {"src/reserve.cpp": RESERVE_CPP, "src/loop.cpp": LOOP_CPP,
             "src/clean.cpp": CLEAN_CPP}

    def setUp(self):
        self.p = Project(self.FILES)
        self.addCleanup(self.p.cleanup)

    def check(self, *args):
        return self.p.run("check", "-p", "build", "--quiet", *args)

    def assertExit(self, result, code, *needles):
        self.assertEqual(result.returncode, code, result.stdout + result.stderr)
        for needle in needles:
            self.assertIn(needle, result.stdout + result.stderr)


class CheckTest(Case):
    def test_text_report_and_exit_1(self):
        r = self.check()
        self.assertExit(r, 1)
        self.assertRegex(r.stdout, r"(?m)^src/reserve\.cpp:7:5: warning: 'out' grows one "
                                   r"element .* \[heapwise-missing-reserve\]$")
        self.assertIn("    out.push_back(i * i);", r.stdout)       # the source line
        self.assertIn("    +   out.reserve(", r.stdout)             # the fix preview
        self.assertIn("[heapwise-container-in-loop]", r.stdout)

    def test_clean_file_exit_0(self):
        self.assertExit(self.check("src/clean.cpp"), 0)

    def test_json(self):
        got = findings(self.check("--format=json"))
        self.assertEqual(sorted((f["file"], f["line"], f["check"]) for f in got),
                         [("src/loop.cpp", 7, "heapwise-container-in-loop"),
                          ("src/reserve.cpp", 7, "heapwise-missing-reserve")])
        reserve = [f for f in got if f["check"] == "heapwise-missing-reserve"][0]
        self.assertEqual(reserve["function"], "squares")
        self.assertTrue(reserve["has_fix"])
        self.assertRegex(reserve["fingerprint"], r"^[0-9a-f]{16}:0$")
        # The fix itself, as in --export-fixes: applied, it is the fix.
        self.assertEqual({r["file"] for r in reserve["replacements"]}, {"src/reserve.cpp"})
        text = self.p.read("src/reserve.cpp")
        for r in sorted(reserve["replacements"], key=lambda r: -r["offset"]):
            self.assertEqual(sorted(r), ["file", "length", "offset", "text"])
            text = text[:r["offset"]] + r["text"] + text[r["offset"] + r["length"]:]
        self.assertIn("  out.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);\n  for", text)
        loop = [f for f in got if f["check"] == "heapwise-container-in-loop"][0]
        self.assertTrue(loop["has_fix"] and loop["replacements"])
        self.assertEqual(findings(self.check("--format=json", "src/clean.cpp")), [])

    def test_sarif_validates(self):
        out = self.p.path("out.sarif")
        self.assertExit(self.check("--format=sarif", "-o", out), 1)
        self.assertEqual(validate_sarif.validate(out), [])
        log = load_json(out)
        run = log["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        self.assertTrue(os.path.isdir(run["tool"]["driver"]["informationUri"][len("file://"):]))
        self.assertEqual([r["id"] for r in rules],
                         ["heapwise-container-in-loop", "heapwise-missing-reserve"])
        for rule in rules:
            self.assertTrue(rule["helpUri"].endswith(rule["id"] + ".md"))
            self.assertTrue(os.path.exists(rule["helpUri"][len("file://"):]))
            self.assertTrue(rule["shortDescription"]["text"])
        self.assertEqual(run["originalUriBaseIds"]["SRCROOT"]["uri"], "file://" + self.p.root + "/")
        result = [r for r in run["results"] if r["ruleId"] == "heapwise-missing-reserve"][0]
        self.assertEqual(rules[result["ruleIndex"]]["id"], result["ruleId"])
        location = result["locations"][0]["physicalLocation"]
        self.assertEqual(location["artifactLocation"], {"uri": "src/reserve.cpp", "uriBaseId": "SRCROOT"})
        self.assertEqual((location["region"]["startLine"], location["region"]["startColumn"],
                          location["region"]["endColumn"]), (7, 5, 8))
        self.assertRegex(result["partialFingerprints"]["heapwise/v1"], r"^[0-9a-f]{16}:0$")
        replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
        self.assertIn("out.reserve(", replacement["insertedContent"]["text"])

    def test_export_fixes_apply_with_clang_apply_replacements(self):
        fixes_dir = self.p.path("fixes")
        os.makedirs(fixes_dir)
        self.assertExit(self.check("--export-fixes", os.path.join(fixes_dir, "fixes.yaml")), 1)
        subprocess.run([ARGS.apply_replacements, fixes_dir], check=True)
        self.assertIn("out.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);",
                      self.p.read("src/reserve.cpp"))
        self.assertIn("std::vector<int> kept;\n  for", self.p.read("src/loop.cpp"))

    def test_nolint_and_clang_tidy_file_and_config_file(self):
        self.p.write("src/reserve.cpp", RESERVE_CPP.replace(
            "out.push_back(i * i);", "out.push_back(i * i); // NOLINT(heapwise-missing-reserve)"))
        self.assertEqual([f["check"] for f in findings(self.check("--format=json"))],
                         ["heapwise-container-in-loop"])
        self.p.write(".clang-tidy", "Checks: '-heapwise-container-in-loop'\n")
        self.assertExit(self.check(), 0)
        config = self.p.path("only-loop.yaml")
        with open(config, "w") as f:
            f.write("Checks: '-*,heapwise-container-in-loop,bugprone-use-after-move'\n")
        got = findings(self.check("--format=json", "--config-file", config))
        self.assertEqual([f["check"] for f in got], ["heapwise-container-in-loop"])

    def test_exclude_and_header_filter(self):
        got = findings(self.check("--format=json", "--exclude=src/loop*"))
        self.assertEqual([f["file"] for f in got], ["src/reserve.cpp"])
        # A header's finding, included by two files: reported once, and only
        # when --header-filter lets it through.
        self.p.write("src/fill.h", "#include <vector>\ninline std::vector<int> fill(int n) {\n"
                     "  std::vector<int> v;\n  for (int i = 0; i < n; ++i)\n    v.push_back(i);\n"
                     "  return v;\n}\n")
        self.p.write("src/one.cpp", '#include "fill.h"\nint one() { return fill(1).size(); }\n')
        self.p.write("src/two.cpp", '#include "fill.h"\nint two() { return fill(2).size(); }\n')
        self.p.database(["src/one.cpp", "src/two.cpp"])
        self.assertExit(self.check(), 0)
        got = findings(self.check("--format=json", "--header-filter=.*"))
        self.assertEqual([(f["file"], f["line"]) for f in got], [("src/fill.h", 5)])

    def test_the_validator_rejects_invalid_sarif(self):
        sarif = os.path.join(HERE, "sarif")
        self.assertEqual(validate_sarif.validate(os.path.join(sarif, "minimal-valid.sarif")), [])
        for bad in ["invalid-version.sarif", "invalid-result-no-message.sarif"]:
            self.assertNotEqual(validate_sarif.validate(os.path.join(sarif, bad)), [], bad)

    def test_a_file_with_several_commands_is_analysed_once_with_the_first(self):
        self.p.write("src/twice.cpp", "#include <vector>\nstd::vector<int> f(int n) {\n"
                     "  std::vector<int> v;\n#ifdef SECOND\n  for (int i = 0; i < n; ++i)\n"
                     "    v.push_back(i);\n#endif\n  return v;\n}\n")
        entries = [{"directory": self.p.build, "file": "../src/twice.cpp",
                    "command": f"{ARGS.clangxx} -std=c++20 {flag} -c ../src/twice.cpp"}
                   for flag in ["-DFIRST", "-DSECOND"]]
        with open(os.path.join(self.p.build, "compile_commands.json"), "w") as f:
            json.dump(entries, f)
        self.assertExit(self.check("--stats"), 0, "heapwise stats: 1 file,")
        entries.reverse()
        with open(os.path.join(self.p.build, "compile_commands.json"), "w") as f:
            json.dump(entries, f)
        self.assertEqual(len(findings(self.check("--format=json"))), 1)

    def test_checks_glob(self):
        got = findings(self.check("--format=json", "--checks=-*,heapwise-missing-reserve"))
        self.assertEqual([f["check"] for f in got], ["heapwise-missing-reserve"])

    def test_parallel_matches_serial(self):
        self.assertEqual(self.check("--format=json", "-j1").stdout,
                         self.check("--format=json", "-j2").stdout)

    def test_stats(self):
        r = self.p.run("check", "-p", "build", "--stats", "-j2")
        self.assertRegex(r.stderr, r"heapwise stats: +\d+\.\d\d +\d+\.\d +src/loop\.cpp")
        self.assertIn("heapwise stats: 3 files", r.stderr)

    @unittest.skipUnless(shutil.which("script"), "needs script(1) for a terminal")
    def test_progress_bar_on_a_terminal_plain_lines_otherwise(self):
        tty = subprocess.run(["script", "-qec", f"{ARGS.heapwise} check -p build -j1", "/dev/null"],
                             cwd=self.p.root, capture_output=True, text=True)
        self.assertRegex(tty.stdout, r"\[#+\] 3/3 files  0:\d\d elapsed  ETA 0:00")
        plain = self.p.run("check", "-p", "build", "-j1")
        self.assertEqual(len(re.findall(r"(?m)^heapwise: \[\d/3\] /", plain.stderr)), 3)
        self.assertNotIn("ETA", plain.stderr)
        self.assertNotIn("heapwise: [", self.check().stderr)

    def test_compiler_arguments_after_dashes(self):
        r = self.p.run("check", "--quiet", "src/reserve.cpp", "--", "-std=c++17")
        self.assertExit(r, 1, "[heapwise-missing-reserve]")

    def test_unparseable_file_exit_3_others_still_reported(self):
        self.p.write("src/broken.cpp", "int broken( {\n")
        self.p.database(["src/reserve.cpp", "src/broken.cpp"])
        r = self.check()
        self.assertExit(r, 3, "[heapwise-missing-reserve]")
        self.assertRegex(r.stderr, r"src/broken\.cpp:1:\d+: error: ")


class UsageErrorTest(Case):
    def assertUsage(self, result, needle):
        self.assertExit(result, 2, needle)
        self.assertEqual(result.stdout, "")

    def test_bad_inputs(self):
        empty = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, empty)
        self.assertUsage(self.p.run("check", cwd=empty), "no compilation database")
        self.assertUsage(self.p.run("check", "-p", empty), "no compilation database")
        with open(os.path.join(empty, "compile_commands.json"), "w") as f:
            f.write("[{not json")
        self.assertUsage(self.p.run("check", "-p", empty), "cannot load the compilation database")
        self.assertUsage(self.check("src/missing.cpp"), "no such file: src/missing.cpp")
        self.assertUsage(self.check("--checks=heapwise-missing-reserv"),
                         "unknown check 'heapwise-missing-reserv'")
        self.assertUsage(self.check("--checks=-*,bugprone-*"), "enables no heapwise check")
        self.assertUsage(self.check("--format=xml"), "--format is text, json or sarif")
        self.assertUsage(self.check("--shard=4/3"), "--shard K/N")
        self.assertUsage(self.check("--bogus"), "unknown option --bogus")
        self.assertUsage(self.p.run("frobnicate"), "unknown command 'frobnicate'")
        self.assertUsage(self.p.run("check", "--dry-run"), "--dry-run is not an option of heapwise check")
        bad_config = self.p.path("bad.yaml")
        with open(bad_config, "w") as f:
            f.write("Checks: [unclosed\n")
        self.assertUsage(self.check("--config-file", bad_config), "not a valid clang-tidy configuration")
        with open(bad_config, "w") as f:
            f.write("Checks: '-*,heapwise-container-in-lop'\n")
        self.assertUsage(self.check("--config-file", bad_config), "unknown check 'heapwise-container-in-lop'")

    def test_help_pages(self):
        for command in ["check", "fix", "gate", "rank", "merge", "bench"]:
            r = self.p.run(command, "--help") if command != "bench" else self.p.run("help", "bench")
            self.assertExit(r, 0, "NAME", "SYNOPSIS", "heapwise " + command)
        for command in ["check", "fix", "gate", "rank"]:
            page = self.p.run("help", command).stdout
            self.assertIn("EXIT STATUS", page)
            for flag in ["--root=DIR", "--cache-dir=DIR", "--no-cache", "--stats"]:
                self.assertIn(flag, page)


class ShardMergeTest(Case):
    FILES = {f"src/f{i}.cpp": RESERVE_CPP.replace("squares", f"squares{i}") for i in range(7)}

    def analysed(self, result):
        return re.findall(r"^heapwise: \[\d+/\d+\] (\S+)", result.stderr, re.M)

    def test_shards_cover_every_file_once_and_merge(self):
        everything = self.p.run("check", "-p", "build", "--format=sarif", "-o", "all.sarif")
        seen, parts = [], []
        for k in (1, 2, 3):
            part = self.p.path(f"part{k}.sarif")
            r = self.p.run("check", "-p", "build", f"--shard={k}/3", "--format=sarif", "-o", part)
            self.assertExit(r, 1)
            seen += self.analysed(r)
            parts.append(part)
        self.assertEqual(sorted(seen), sorted(self.analysed(everything)))
        self.assertEqual(len(seen), 7)
        merged = self.p.path("merged.sarif")
        self.assertExit(self.p.run("merge", *parts, parts[0], "-o", merged), 0)
        self.assertEqual(validate_sarif.validate(merged), [])

        def prints(path):
            return sorted(r["partialFingerprints"]["heapwise/v1"]
                          for r in load_json(path)["runs"][0]["results"])
        self.assertEqual(prints(merged), prints(self.p.path("all.sarif")))
        self.assertEqual(len(prints(merged)), 7)

    def test_merge_rejects_bad_input(self):
        bad = self.p.path("bad.sarif")
        with open(bad, "w") as f:
            f.write("{}")
        self.assertExit(self.p.run("merge", bad, "-o", self.p.path("m.sarif")), 2,
                        "not a SARIF 2.1.0 log")
        self.assertExit(self.p.run("merge", self.p.path("none.sarif"), "-o", "m.sarif"), 2,
                        "cannot read")


class FixTest(Case):
    def fix(self, *args):
        return self.p.run("fix", "-p", "build", "--quiet", *args)

    def test_fix_applies_compiles_and_settles(self):
        r = self.fix()
        self.assertExit(r, 0, "heapwise: 2 fixes applied in 2 files (verified by compiling 2 units); 0 not applied")
        self.assertNotIn("pass", r.stderr)
        self.assertIn("  out.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);\n  for",
                      self.p.read("src/reserve.cpp"))
        subprocess.run([ARGS.clangxx, "-std=c++20", "-fsyntax-only", self.p.path("src/reserve.cpp"),
                        self.p.path("src/loop.cpp")], check=True)
        again = self.fix()
        self.assertExit(again, 0, "heapwise: 0 fixes applied in 0 files; 0 not applied")
        self.assertExit(self.p.run("check", "-p", "build", "--quiet"), 0)

    def test_fix_matches_the_checks_expected_output(self):
        # all-checks/combined.cpp: fixes of several checks, in two passes.
        shutil.copy(os.path.join(INPUTS, "all-checks", "combined.cpp"), self.p.path("src/combined.cpp"))
        self.p.database(["src/combined.cpp"])
        # The second pass finds nothing more: passes go unmentioned.
        self.assertExit(self.fix(), 0, "heapwise: 6 fixes applied in 1 file (verified by "
                                       "compiling 1 unit); 0 not applied")
        with open(os.path.join(INPUTS, "all-checks", "combined.fixed.cpp")) as f:
            self.assertEqual(self.p.read("src/combined.cpp"), f.read())

    def test_dry_run_writes_nothing(self):
        before = self.p.read("src/reserve.cpp")
        r = self.fix("--dry-run")
        self.assertExit(r, 0, "2 fixes would be applied in 2 files (verified by compiling 2 units)")
        self.assertIn("--- a/src/reserve.cpp\n+++ b/src/reserve.cpp\n", r.stdout)
        self.assertIn("+  out.reserve(n > 0 ? static_cast<std::size_t>(n) : 0);", r.stdout)
        self.assertEqual(self.p.read("src/reserve.cpp"), before)

    def test_fix_that_does_not_compile_is_rolled_back(self):
        self.p.write("src/log.cpp", NO_RESERVE_CPP)
        self.p.database(["src/log.cpp"])
        self.p.write(".clang-tidy", "CheckOptions:\n"
                     "  heapwise-missing-reserve.VectorLikeClasses: '::app::Log'\n")
        r = self.fix()
        self.assertExit(r, 1, "not applied: src/log.cpp:18:5 [heapwise-missing-reserve]: "
                              "rolled back: the fixed code does not compile",
                        "no member named 'reserve'", "1 fix applied in 1 file (verified by compiling 1 unit)")
        fixed = self.p.read("src/log.cpp")
        self.assertNotIn("log.reserve", fixed)   # rolled back ...
        self.assertIn("out.reserve(", fixed)     # ... while the good fix of the file stays
        subprocess.run([ARGS.clangxx, "-std=c++20", "-fsyntax-only", self.p.path("src/log.cpp")],
                       check=True)

    def test_fix_that_needs_the_runtime_says_how_to_get_it(self):
        # A member arrives with elements: its fix is heapwise::reserve_more.
        self.p.write("src/member.cpp", MEMBER_CPP)
        self.p.database(["src/member.cpp"])
        r = self.fix()
        self.assertExit(r, 1, "rolled back: the fixed code does not compile",
                        "'heapwise/reserve.h' file not found")
        self.assertEqual(r.stderr.count("need heapwise's runtime headers"), 1, r.stderr)
        self.assertIn("note: the fixes above that include heapwise/reserve.h need heapwise's "
                      "runtime headers on the project's include path", r.stderr)
        self.assertNotIn("error generated", r.stderr)  # the compiler's own count stays quiet
        self.assertEqual(self.p.read("src/member.cpp"), MEMBER_CPP)
        # With the runtime on the include path the same fix applies.
        runtime = os.path.join(os.path.dirname(INPUTS), "runtime", "include")
        self.p.database(["src/member.cpp"], flags=f"-std=c++20 -I{runtime}")
        r = self.fix()
        self.assertExit(r, 0, "1 fix applied in 1 file")
        self.assertNotIn("runtime headers", r.stderr)
        self.assertIn("heapwise::reserve_more(items_, n", self.p.read("src/member.cpp"))

    def test_read_only_file_is_reported_not_lost(self):
        target = self.p.path("src/reserve.cpp")
        os.chmod(target, 0o444)
        r = self.fix()
        self.assertExit(r, 1, "src/reserve.cpp is read-only; not written")
        self.assertEqual(self.p.read("src/reserve.cpp"), RESERVE_CPP)
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o444)
        self.assertIn("kept.clear();", self.p.read("src/loop.cpp"))  # the other file is fixed
        leftovers = [f for f in os.listdir(self.p.path("src")) if ".heapwise-" in f]
        self.assertEqual(leftovers, [])

    def test_unbuilt_tree_says_what_was_written_and_what_was_not(self):
        # gen.cpp needs a header the build generates: it cannot be analysed.
        self.p.write("src/gen.cpp", '#include "generated.h"\nint g() { return GENERATED; }\n')
        self.p.database(["src/reserve.cpp", "src/loop.cpp", "src/gen.cpp"])
        r = self.fix()
        self.assertExit(r, 3, "2 fixes applied in 2 files",
                        "heapwise: written: src/loop.cpp, src/reserve.cpp\n",
                        "heapwise: not fixed: src/gen.cpp: it does not compile with its compile "
                        "command (errors above), so it was not analysed; a header it includes "
                        "is missing")
        self.assertIn("kept.clear();", self.p.read("src/loop.cpp"))
        dry = self.p.run("fix", "-p", "build", "--quiet", "--dry-run")
        self.assertExit(dry, 3, "heapwise: would write: no file\n", "not fixed: src/gen.cpp")

    def test_written_file_keeps_its_mode(self):
        target = self.p.path("src/reserve.cpp")
        os.chmod(target, 0o640)
        self.assertExit(self.fix(), 0)
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o640)


class GateTest(Case):
    def gate(self, *args):
        return self.p.run("gate", "--baseline", "baseline.json", "-p", "build", "--quiet", *args)

    def test_baseline_then_only_new_findings_fail(self):
        self.assertExit(self.gate("--update-baseline"), 0, "wrote 2 findings to the baseline")
        baseline = load_json(self.p.path("baseline.json"))
        self.assertEqual(len(baseline["findings"]), 2)
        self.assertExit(self.gate(), 0, "passed: no new finding (2 known)")

        # Unrelated edits keep every fingerprint: lines above, reformatting the
        # flagged statement and the loop, renaming another function.
        edited = ("// A header comment.\n\nint first() { return 1; }\n" + RESERVE_CPP)
        edited = edited.replace("for (int i = 0; i < n; ++i)", "for (int i = 0;\n       i < n;  ++i)")
        edited = edited.replace("out.push_back(i * i);", "out.push_back( i*i );")
        edited = edited.replace("other", "another")
        self.p.write("src/reserve.cpp", edited)
        self.assertExit(self.gate(), 0, "passed: no new finding")

        self.p.write("src/reserve.cpp", edited + NEW_FINDING)
        r = self.gate()
        self.assertExit(r, 1, "FAILED: 1 new finding", "--update-baseline", "NOLINT")
        self.assertRegex(r.stderr, r"src/reserve\.cpp:\d+:5 \[heapwise-missing-reserve\]")
        self.assertIn("heapwise-missing-reserve", r.stdout)
        sarif = self.p.path("new.sarif")
        self.gate("--format=sarif", "-o", sarif)
        results = load_json(sarif)["runs"][0]["results"]
        self.assertEqual(len(results), 1)

    def test_second_identical_finding_in_a_function_is_new(self):
        self.assertExit(self.gate("--update-baseline"), 0)
        twice = RESERVE_CPP.replace("  return out;", "  for (int i = 0; i < n; ++i)\n"
                                    "    out.push_back(i * i);\n  return out;")
        self.p.write("src/reserve.cpp", twice)
        self.assertExit(self.gate(), 1, "1 new finding")

    def test_changed_since(self):
        self.p.git("init", "-q")
        self.p.git("add", ".")
        self.p.git("commit", "-qm", "base")
        with open(self.p.path("baseline.json"), "w") as f:
            json.dump({"tool": "heapwise", "version": 1, "findings": []}, f)
        # Old findings on unchanged lines do not count as new.
        self.assertExit(self.gate("--changed-since", "HEAD"), 0)
        self.p.write("src/reserve.cpp", RESERVE_CPP + NEW_FINDING)
        r = self.gate("--changed-since", "HEAD", "--format=json")
        self.assertExit(r, 1, "1 new finding")
        self.assertEqual([f["function"] for f in findings(r)], ["cubes"])
        self.assertExit(self.gate("--changed-since", "no-such-ref"), 2, "bad revision 'no-such-ref'")

    def test_corrupt_or_missing_baseline(self):
        self.assertExit(self.gate(), 2, "cannot read the baseline", "--update-baseline")
        for text in ["{ not json", '{"tool": "heapwise", "version": 7, "findings": []}',
                     '{"tool": "heapwise", "version": 1, "findings": [{"check": "x"}]}']:
            with open(self.p.path("baseline.json"), "w") as f:
                f.write(text)
            self.assertExit(self.gate(), 2, "baseline.json is corrupt")
        self.assertExit(self.p.run("gate", "-p", "build"), 2, "needs --baseline")



class NotesTest(Case):
    """What a run says once, whatever the number of units."""

    def test_inactive_check_is_noted_once_per_run(self):
        self.p.database(sorted(self.FILES), flags_of={"src/loop.cpp": "-std=c++14"})
        for jobs in ["-j1", "-j2"]:
            r = self.check(jobs)
            self.assertEqual(r.stderr.count("is inactive"), 1, r.stderr)
            self.assertIn("heapwise: note: heapwise-small-vector is inactive in 1 of 3 units: "
                          "compiled as C++14 (heapwise/small_vector.h needs C++17)\n", r.stderr)
        report = json.loads(self.check("--format=json").stdout)
        self.assertEqual([n["level"] for n in report["notes"]], ["note"])
        self.assertIn("heapwise-small-vector is inactive", report["notes"][0]["text"])
        sarif = self.p.path("out.sarif")
        self.check("--format=sarif", "-o", sarif)
        self.assertEqual(validate_sarif.validate(sarif), [])
        notifications = load_json(sarif)["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
        self.assertIn("is inactive in 1 of 3 units", notifications[0]["message"]["text"])
        # Not enabled, not noted; every unit C++17: nothing to say.
        self.assertNotIn("inactive", self.check("--checks=-*,heapwise-missing-reserve").stderr)
        self.p.database(sorted(self.FILES), flags="-std=c++17")
        self.assertNotIn("inactive", self.check().stderr)
        self.assertEqual(json.loads(self.check("--format=json").stdout)["notes"], [])

    def test_broken_clang_tidy_file_is_reported_once_and_the_rest_applies(self):
        self.p.write(".clang-tidy", "Checks: '-*,heapwise-missing-reserve'\n"
                     "AnalyzeTemporaryDtors: false\n"
                     "CheckOptions:\n  heapwise-missing-reserve.DetectVectorLikeByShape: true\n")
        r = self.check("--format=json", "-j2")
        self.assertExit(r, 1)
        self.assertEqual([f["check"] for f in findings(r)], ["heapwise-missing-reserve"])
        self.assertEqual(r.stderr.count(".clang-tidy"), 1, r.stderr)
        self.assertIn("heapwise: warning: .clang-tidy: broken clang-tidy configuration: ignored "
                      "the unknown key 'AnalyzeTemporaryDtors' (line 2); the rest of the file "
                      "applies\n", r.stderr)
        self.assertNotIn("Error parsing", r.stderr)
        self.assertIn("1 broken configuration file (see above)",
                      self.p.run("check", "-p", "build").stderr)
        # Not YAML: that file is ignored whole, the parent folder's applies.
        self.p.write(".clang-tidy", "Checks: '-heapwise-container-in-loop'\n")
        self.p.write("src/.clang-tidy", "Checks: [unclosed\n")
        r = self.check("--format=json")
        self.assertExit(r, 1)
        self.assertEqual([f["check"] for f in findings(r)], ["heapwise-missing-reserve"])
        self.assertEqual(r.stderr.count("src/.clang-tidy: broken clang-tidy configuration: "
                                        "ignored the whole file"), 1, r.stderr)
        self.assertIn("the parent folders' configuration applies", r.stderr)
        # Named with --config-file, the same file is a usage error.
        config = self.p.path("old.yaml")
        with open(config, "w") as f:
            f.write("Checks: '-*,heapwise-missing-reserve'\nAnalyzeTemporaryDtors: false\n")
        self.assertExit(self.check("--config-file", config), 2, "AnalyzeTemporaryDtors")

    def test_vector_like_classes_naming_no_usable_class_is_warned_once(self):
        self.p.write("src/log.cpp", NO_RESERVE_CPP)
        self.p.database(["src/log.cpp", "src/reserve.cpp", "src/loop.cpp"])
        self.p.write(".clang-tidy", "CheckOptions:\n"
                     "  heapwise-missing-reserve.VectorLikeClasses: '::app::Log;app::Lgo;std::vector'\n"
                     "  heapwise-container-in-loop.VectorLikeClasses: '::app::Log'\n")
        r = self.check("-j2")
        self.assertEqual(r.stderr.count("VectorLikeClasses"), 2, r.stderr)
        self.assertIn("heapwise: warning: VectorLikeClasses lists '::app::Log', which has no "
                      "reserve(n): the checks cannot reserve it\n", r.stderr)
        self.assertIn("heapwise: warning: VectorLikeClasses lists 'app::Lgo', which no analysed "
                      "file declares: the checks cannot reserve it\n", r.stderr)
        self.p.write(".clang-tidy", "CheckOptions:\n"
                     "  heapwise-missing-reserve.VectorLikeClasses: 'std::vector'\n")
        self.assertNotIn("VectorLikeClasses", self.check().stderr)


class RootTest(Case):
    """Paths and fingerprints are relative to one project root, from any folder."""

    def gate(self, *args, cwd=None):
        return self.p.run("gate", "--baseline", self.p.path("baseline.json"),
                          "-p", self.p.build, "--quiet", *args, cwd=cwd)

    def test_gate_from_another_folder_and_from_a_subfolder(self):
        self.assertExit(self.gate("--update-baseline"), 0, "wrote 2 findings")
        self.assertEqual(load_json(self.p.path("baseline.json"))["version"], 2)
        outside = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, outside)
        for cwd in [self.p.build, self.p.path("src"), outside]:
            self.assertExit(self.gate(cwd=cwd), 0, "passed: no new finding (2 known)")
            r = self.p.run("check", "-p", self.p.build, "--quiet", "--format=json", cwd=cwd)
            report = json.loads(r.stdout)
            self.assertEqual(report["root"], self.p.root)
            self.assertEqual(sorted(f["file"] for f in report["findings"]),
                             ["src/loop.cpp", "src/reserve.cpp"])
            got = self.p.run("check", "-p", self.p.build, "--quiet", "--format=json",
                             "--exclude=src/loop*", cwd=cwd)
            self.assertEqual([f["file"] for f in findings(got)], ["src/reserve.cpp"])
        r = self.gate("--format=sarif", "-o", "new.sarif", cwd=self.p.build)
        self.assertTrue(os.path.exists(self.p.path("build/new.sarif")))

    def test_root_option_and_a_project_outside_git(self):
        plain = Project(self.FILES, git=False)
        self.addCleanup(plain.cleanup)
        report = json.loads(plain.run("check", "-p", "build", "--quiet", "--format=json").stdout)
        self.assertEqual(report["root"], plain.path("src"))  # the files' common folder
        self.assertEqual(sorted(f["file"] for f in report["findings"]), ["loop.cpp", "reserve.cpp"])
        report = json.loads(plain.run("check", "-p", plain.build, "--quiet", "--format=json",
                                      "--root", plain.root, cwd=plain.build).stdout)
        self.assertEqual(sorted(f["file"] for f in report["findings"]),
                         ["src/loop.cpp", "src/reserve.cpp"])
        self.assertExit(plain.run("check", "--root", "no-such-dir"), 2, "is not a folder")

    def test_header_filter_follows_the_root(self):
        self.p.write("src/fill.h", "#include <vector>\ninline std::vector<int> fill(int n) {\n"
                     "  std::vector<int> v;\n  for (int i = 0; i < n; ++i)\n    v.push_back(i);\n"
                     "  return v;\n}\n")
        self.p.write("src/one.cpp", '#include "fill.h"\nint one() { return fill(1).size(); }\n')
        self.p.database(["src/one.cpp"])
        for cwd in [self.p.root, self.p.build]:
            got = self.p.run("check", "-p", self.p.build, "--quiet", "--format=json",
                             "--header-filter=^src/", cwd=cwd)
            self.assertEqual([(f["file"], f["line"]) for f in findings(got)], [("src/fill.h", 5)])
            got = self.p.run("check", "-p", self.p.build, "--quiet", "--format=json",
                             "--header-filter=^include/", cwd=cwd)
            self.assertEqual(findings(got), [])

    def test_old_baseline_is_accepted_and_rewritten(self):
        # A version 1 baseline made (before --root) from src/, outside git:
        # its paths and fingerprints are relative to src/.
        self.assertExit(self.gate("--update-baseline", "--root", self.p.path("src")), 0)
        old = load_json(self.p.path("baseline.json"))
        old["version"] = 1
        self.assertEqual(sorted(f["file"] for f in old["findings"]), ["loop.cpp", "reserve.cpp"])
        with open(self.p.path("baseline.json"), "w") as f:
            json.dump(old, f)
        self.assertExit(self.gate(cwd=self.p.build), 0, "passed: no new finding (2 known)")
        self.p.write("src/reserve.cpp", RESERVE_CPP + NEW_FINDING)
        self.assertExit(self.gate(), 1, "FAILED: 1 new finding")
        self.assertExit(self.gate("--update-baseline"), 0, "wrote 3 findings")
        new = load_json(self.p.path("baseline.json"))
        self.assertEqual(new["version"], 2)
        self.assertIn("src/reserve.cpp", [f["file"] for f in new["findings"]])
        self.assertExit(self.gate(cwd=self.p.path("src")), 0, "passed")


HEADER_H = "#include <vector>\ninline int base() { return 1; }\n"
USES_HEADER_CPP = '#include "header.h"\n' + RESERVE_CPP.replace("squares", "squares_h")


class CacheTest(Case):
    FILES = {"src/reserve.cpp": RESERVE_CPP, "src/loop.cpp": LOOP_CPP,
             "src/clean.cpp": CLEAN_CPP, "src/header.h": HEADER_H,
             "src/uses_header.cpp": USES_HEADER_CPP}

    def setUp(self):
        super().setUp()
        self.cache = self.p.path("cache")

    def cached(self, *args, cwd=None):
        return self.p.run("check", "-p", self.p.build, "--quiet", "--format=json", "--stats",
                          "--cache-dir", self.cache, *args, cwd=cwd)

    def assertCache(self, result, hits, misses):
        self.assertIn(f"heapwise stats: cache {self.cache}: {hits} hit{'s' if hits != 1 else ''}, "
                      f"{misses} miss{'es' if misses != 1 else ''}\n", result.stderr)

    def entries(self):
        return [os.path.join(d, f) for d, _, fs in os.walk(self.cache) for f in fs]

    def test_hit_then_miss_after_touching_a_header(self):
        first = self.cached()
        self.assertCache(first, 0, 4)
        self.assertEqual(len(self.entries()), 4)
        again = self.cached()
        self.assertCache(again, 4, 0)
        self.assertEqual(again.stdout, first.stdout)
        self.assertEqual(again.stdout, self.cached("--no-cache").stdout)
        self.assertIn("heapwise stats: cache off", self.cached("--no-cache").stderr)
        os.utime(self.p.path("src/header.h"))          # same content: still a hit
        self.assertCache(self.cached(), 4, 0)
        self.p.write("src/header.h", HEADER_H + "inline int more() { return 2; }\n")
        self.assertCache(self.cached(), 3, 1)          # only the unit that includes it
        self.assertCache(self.cached("--checks=-*,heapwise-missing-reserve"), 0, 4)
        self.p.database(sorted(self.FILES), flags="-std=c++20 -DX")
        self.assertCache(self.cached(), 0, 4)          # the compile command is in the key
        # fix --dry-run right after check reads the cache (the units it
        # fixes are analysed again, fixed).
        dry = self.p.run("fix", "-p", "build", "--quiet", "--dry-run", "--stats",
                         "--cache-dir", self.cache)
        self.assertRegex(dry.stderr, r" src/clean\.cpp \(cached\)\n")

    def test_corrupt_entry_is_ignored_and_rewritten(self):
        first = self.cached()
        for entry in self.entries():
            with open(entry, "w") as f:
                f.write('{"dependencies": [tru')
        second = self.cached()
        self.assertCache(second, 0, 4)
        self.assertEqual(second.stdout, first.stdout)
        for entry in self.entries():
            load_json(entry)                            # rewritten whole
        self.assertCache(self.cached(), 4, 0)

    def test_two_concurrent_runs_share_the_cache(self):
        command = [ARGS.heapwise, "check", "-p", "build", "--quiet", "--format=json",
                   "--cache-dir", self.cache, "-j2"]
        runs = [subprocess.Popen(command, cwd=self.p.root, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [run.communicate(timeout=600) for run in runs]
        self.assertEqual([run.returncode for run in runs], [1, 1], outputs)
        self.assertEqual(outputs[0][0], outputs[1][0])
        self.assertEqual([f for f in self.entries() if ".tmp-" in f], [])
        third = self.cached()
        self.assertCache(third, 4, 0)
        self.assertEqual(third.stdout, outputs[0][0])

    def test_default_folder_and_an_unusable_one(self):
        xdg = self.p.path("xdg")
        env = {**os.environ, "XDG_CACHE_HOME": xdg}
        run = subprocess.run([ARGS.heapwise, "check", "-p", "build", "--quiet"], cwd=self.p.root,
                             env=env, capture_output=True, text=True)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertTrue(os.listdir(os.path.join(xdg, "heapwise")))
        # No usable default (a file where the folder should be, or no HOME):
        # the run goes on uncached.
        self.p.write("blocked", "")
        for env in [{**os.environ, "XDG_CACHE_HOME": self.p.path("blocked")},
                    {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}]:
            run = subprocess.run([ARGS.heapwise, "check", "-p", "build", "--stats"],
                                 cwd=self.p.root, env=env, capture_output=True, text=True)
            self.assertEqual(run.returncode, 1, run.stderr)
            self.assertIn("heapwise stats: cache off", run.stderr)

    def test_cached_output_equals_uncached_on_the_check_inputs(self):
        inputs = sorted(os.path.join(INPUTS, d, f) for d in os.listdir(INPUTS)
                        if d.startswith("heapwise-") and os.path.isdir(os.path.join(INPUTS, d))
                        for f in os.listdir(os.path.join(INPUTS, d))
                        if f.endswith(".cpp") and not f.endswith(".fixed.cpp"))
        runtime = os.path.join(os.path.dirname(INPUTS), "runtime", "include")
        with open(os.path.join(self.p.build, "compile_commands.json"), "w") as f:
            json.dump([{"directory": self.p.build, "file": i,
                        "command": f"{ARGS.clangxx} -std=c++20 -I{runtime} -c {i}"}
                       for i in inputs], f)
        first = self.cached("-j2")
        second = self.cached("-j2")
        self.assertGreater(len(findings(first)), 20)
        self.assertEqual(second.stdout, first.stdout)
        hits, misses = map(int, re.search(r"cache \S+: (\d+) hits?, (\d+) miss",
                                          second.stderr).groups())
        self.assertEqual(hits + misses, len(inputs))
        if first.returncode != 3:  # only units that do not compile are not cached
            self.assertEqual(misses, 0)


class RankTest(unittest.TestCase):
    """Ranks the three loops of test-inputs/rank/three_loops.cpp by heaptrack."""

    SOURCE = os.path.join(INPUTS, "rank", "three_loops.cpp")

    def setUp(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="heapwise-rank-"))
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.program = os.path.join(self.dir, "three_loops")
        flags = "-std=c++20 -g -O0"
        subprocess.run([ARGS.clangxx, *flags.split(), self.SOURCE, "-o", self.program], check=True)
        with open(os.path.join(self.dir, "compile_commands.json"), "w") as f:
            json.dump([{"directory": self.dir, "file": self.SOURCE,
                        "command": f"{ARGS.clangxx} {flags} -c {self.SOURCE}"}], f)

    def rank(self, *args, env=None):
        return subprocess.run([ARGS.heapwise, "rank", "-p", self.dir, "--quiet", *args],
                              cwd=self.dir, capture_output=True, text=True, timeout=300, env=env)

    def assertRanked(self, result):
        self.assertEqual(result.returncode, 1, result.stderr)
        ranked = findings(result)
        order = [(f["line"], f["check"]) for f in ranked]
        # growingRows (100000 allocations) first, then labels, then fewRows;
        # within each, by what the fix removes (RankEstimateTest has the figures).
        self.assertEqual(order[:3], [(35, "heapwise-small-vector"), (35, "heapwise-container-in-loop"),
                                     (37, "heapwise-missing-reserve")])
        self.assertEqual(order[3], (28, "heapwise-string-concat-in-loop"))
        self.assertEqual([line for line, _ in order[4:]], [18, 18])
        self.assertGreaterEqual(ranked[0]["allocations"], 100000)
        self.assertGreater(ranked[3]["allocations"], ranked[4]["allocations"])
        self.assertEqual(ranked[4]["allocations"], 10)
        for f in ranked:
            self.assertIn("bytes", f)
            self.assertIn("peak_bytes", f)
            self.assertEqual(os.path.join(json.loads(result.stdout)["root"], f["file"]),
                             self.SOURCE)
            self.assertIn("column", f)
            self.assertIn("message", f)

    def test_rank_runs_the_program_under_heaptrack(self):
        self.assertRanked(self.rank("--format=json", "--", self.program))

    def test_rank_reads_a_profile_and_sarif_carries_the_figures(self):
        prefix = os.path.join(self.dir, "profile")
        subprocess.run(["heaptrack", "-o", prefix, self.program], check=True, capture_output=True)
        profile = [os.path.join(self.dir, f) for f in os.listdir(self.dir) if f.startswith("profile.")][0]
        self.assertRanked(self.rank("--format=json", "--profile", profile))
        sarif = os.path.join(self.dir, "rank.sarif")
        self.rank("--format=sarif", "-o", sarif, "--profile", profile)
        self.assertEqual(validate_sarif.validate(sarif), [])
        results = load_json(sarif)["runs"][0]["results"]
        allocations = [r["properties"]["allocations"] for r in results]
        self.assertEqual(allocations, sorted(allocations, reverse=True))
        text = self.rank("--top", "1", "--profile", profile)
        self.assertEqual(text.stdout.count("warning:"), 1)
        self.assertIn("measured: ", text.stdout)

    def test_unexercised_findings_come_last_and_are_marked(self):
        # A second program source with a loop main never calls.
        source = os.path.join(self.dir, "unused.cpp")
        with open(source, "w") as f:
            f.write("#include <vector>\nstd::vector<int> never(int n) {\n  std::vector<int> v;\n"
                    "  for (int i = 0; i < n; ++i)\n    v.push_back(i);\n  return v;\n}\n")
        db = load_json(os.path.join(self.dir, "compile_commands.json"))
        db.append({"directory": self.dir, "file": source, "command": f"{ARGS.clangxx} -std=c++20 -c {source}"})
        with open(os.path.join(self.dir, "compile_commands.json"), "w") as f:
            json.dump(db, f)
        r = self.rank("--", self.program)
        self.assertEqual(r.returncode, 1, r.stderr)
        last = r.stdout.strip().split("warning:")[-1]
        self.assertIn("not exercised by this profile", last)
        self.assertIn("'v' grows", last)

    def test_errors(self):
        garbage = os.path.join(self.dir, "garbage.zst")
        with open(garbage, "w") as f:
            f.write("not a profile")
        r = self.rank("--profile", garbage)
        self.assertEqual(r.returncode, 2, r.stderr)
        r = self.rank("--profile", os.path.join(self.dir, "missing.zst"))
        self.assertEqual(r.returncode, 2, r.stderr)

        nodebug = os.path.join(self.dir, "nodebug")
        subprocess.run([ARGS.clangxx, "-std=c++20", "-g0", "-O0", self.SOURCE, "-o", nodebug], check=True)
        r = self.rank("--", nodebug)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("-g", r.stderr)

        # Built outside the project's root: its allocations are not the project's.
        elsewhere = os.path.realpath(tempfile.mkdtemp(prefix="heapwise-other-"))
        self.addCleanup(shutil.rmtree, elsewhere, ignore_errors=True)
        other = os.path.join(elsewhere, "other")
        other_source = os.path.join(elsewhere, "other.cpp")
        with open(other_source, "w") as f:
            f.write("#include <string>\n#include <cstdio>\nint main() { std::string s(100, 'x');"
                    " std::puts(s.c_str()); }\n")
        subprocess.run([ARGS.clangxx, "-g", other_source, "-o", other], check=True)
        r = self.rank("--", other)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("another program", r.stderr)

        no_tools = {**os.environ, "PATH": os.path.join(self.dir, "empty-path")}
        r = self.rank("--", self.program, env=no_tools)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("heaptrack", r.stderr)


class RankEstimateTest(unittest.TestCase):
    """What a fix removes, and what no finding covers, on programs whose
    allocations are known by construction (test-inputs/rank/removable.cpp)."""

    SOURCE = os.path.join(INPUTS, "rank", "removable.cpp")

    def setUp(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="heapwise-rank-estimate-"))
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)

    def build(self, source):
        program = os.path.join(self.dir, os.path.splitext(os.path.basename(source))[0])
        flags = "-std=c++17 -g -O0"
        subprocess.run([ARGS.clangxx, *flags.split(), source, "-o", program], check=True)
        with open(os.path.join(self.dir, "compile_commands.json"), "w") as f:
            json.dump([{"directory": self.dir, "file": source,
                        "command": f"{ARGS.clangxx} {flags} -c {source}"}], f)
        return program

    def rank(self, *args):
        return subprocess.run([ARGS.heapwise, "rank", "-p", self.dir, "--quiet", *args],
                              cwd=self.dir, capture_output=True, text=True, timeout=300)

    def test_a_reserve_removes_the_reallocations_not_the_strings(self):
        program = self.build(self.SOURCE)
        r = self.rank("--format=json", "--", program)
        self.assertEqual(r.returncode, 1, r.stderr)
        report = json.loads(r.stdout)
        [reserve] = [f for f in report["findings"] if f["check"] == "heapwise-missing-reserve"]
        # 100,000 strings and 18 buffers (capacities 1 ... 131072) pass through
        # the loop; the reserve leaves one buffer.
        self.assertEqual(reserve["allocations"], 100018)
        self.assertEqual(reserve["removable_allocations"], 17)

        # The map's nodes: no finding covers them, and the report says why they
        # are allocated.
        top = report["uncovered"][0]
        self.assertEqual((os.path.join(report["root"], top["file"]), top["line"], top["function"]),
                         (self.SOURCE, 25, "squares"))
        self.assertEqual(top["allocations"], 100000)
        self.assertEqual(top["cause"], "node insertion into std::map/set")
        self.assertIn("arena", top["suggestion"])
        # Moving the copied string removes its copy, not the string.
        [copy] = [f for f in report["findings"] if f["check"] == "heapwise-copy-on-last-use"]
        self.assertEqual((copy["allocations"], copy["removable_allocations"]), (2000, 1000))
        # The reserve in copies() is vector growth, not string growth.
        [reserve_call] = [u for u in report["uncovered"] if u["function"] == "copies"]
        self.assertEqual(reserve_call["cause"], "vector growth")
        self.assertEqual(report["profile"]["allocations"], 202021)
        self.assertEqual(report["profile"]["covered_allocations"], 102018)

        text = self.rank("--", program).stdout
        self.assertIn("removes about 17 of the 100,018 allocations", text)
        self.assertIn("removable.cpp:25 in squares: node insertion into std::map/set", text)
        self.assertIn("findings cover 50.5% of this program's allocations", text)

    def test_findings_rank_by_what_their_fix_removes(self):
        program = self.build(os.path.join(INPUTS, "rank", "three_loops.cpp"))
        ranked = findings(self.rank("--format=json", "--", program))
        removable = {(f["line"], f["check"]): f["removable_allocations"] for f in ranked}
        # growingRows: 20,000 rows of 16 ints grow through capacities 1, 2, 4,
        # 8, 16: a reserve leaves one buffer per row; hoisted, one row's buffer
        # grows once.
        self.assertEqual(removable[(37, "heapwise-missing-reserve")], 80000)
        self.assertEqual(removable[(35, "heapwise-container-in-loop")], 100000 - 5)
        self.assertEqual(removable[(35, "heapwise-small-vector")], 100000)
        # fewRows: ten rows of one int; hoisted, one buffer stays.
        self.assertEqual(removable[(18, "heapwise-container-in-loop")], 9)
        self.assertEqual([f["removable_allocations"] for f in ranked],
                         sorted(removable.values(), reverse=True))

    def test_no_findings_is_said(self):
        source = os.path.join(self.dir, "clean.cpp")
        with open(source, "w") as f:
            f.write("#include <cstdio>\n#include <string>\nint main(int argc, char **) {\n"
                    "  std::string s(40 + argc, 'x');\n  std::puts(s.c_str());\n}\n")
        program = self.build(source)
        r = self.rank("--", program)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("no findings in the checked files", r.stdout)
        self.assertIn("clean.cpp:4 in main: string built from characters", r.stdout)
        self.assertIn("findings cover 0.0%", r.stdout)

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
    """`heapwise prove` on the CMake project in test-inputs/prove/project."""

    def setUp(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="heapwise-prove-test-"))
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        # The default work folder goes under TMPDIR: it must be gone afterwards.
        self.tmp = os.path.join(self.dir, "tmp")
        os.makedirs(self.tmp)

    def prove_command(self, *args, source=PROVE_PROJECT, configure=None,
                      build="cmake --build {build}", program=("{build}/prove_demo",)):
        configure = configure or (f"cmake -G Ninja -S {{source}} -B {{build}} "
                                  f"-DCMAKE_CXX_COMPILER={ARGS.clangxx} "
                                  "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo")
        return [ARGS.heapwise, "prove", "--source", source, "--configure", configure,
                "--build", build, *args, "--", *program]

    def prove(self, *args, **kwargs):
        return subprocess.run(self.prove_command(*args, **kwargs), capture_output=True, text=True,
                              timeout=600, env={**os.environ, "TMPDIR": self.tmp})

    def prove_on_a_terminal(self, *args, **kwargs):
        """Runs prove with stderr on a pseudo-terminal: (exit status, its stderr)."""
        master, slave = pty.openpty()
        process = subprocess.Popen(self.prove_command(*args, **kwargs), stdout=subprocess.DEVNULL,
                                   stderr=slave, env={**os.environ, "TMPDIR": self.tmp})
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: every writer of the terminal is gone
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(master)
        return process.wait(timeout=600), b"".join(chunks).decode(errors="replace")

    def assertExit(self, result, code, *needles):
        self.assertEqual(result.returncode, code, result.stdout + result.stderr)
        for needle in needles:
            self.assertIn(needle, result.stdout + result.stderr)

    def test_fixes_remove_allocations_and_keep_the_output(self):
        before = tree_hash(PROVE_PROJECT)
        work = os.path.join(self.dir, "work")
        r = self.prove("--format=json", "--work-dir", work)
        self.assertExit(r, 0)
        self.assertEqual(tree_hash(PROVE_PROJECT), before)
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
        self.assertNotIn("heapwise prove: configure", r.stderr)  # no terminal, no progress

    def test_progress_lines_on_a_terminal_unless_quiet(self):
        status, stderr = self.prove_on_a_terminal(configure="true", build="exit 3")
        self.assertEqual(status, 2, stderr)
        self.assertIn("heapwise prove: configure the before copy: true", stderr)
        status, stderr = self.prove_on_a_terminal("--quiet", configure="true", build="exit 3")
        self.assertEqual(status, 2, stderr)
        self.assertNotIn("heapwise prove: configure", stderr)
        self.assertIn("build of the before copy failed", stderr)

    def test_missing_program(self):
        r = self.prove(configure="true", build="true", program=("{build}/no-such-program",))
        self.assertExit(r, 2, "no-such-program", "does not exist")

    def test_a_configure_of_the_original_tree_leaves_it_unwritten(self):
        # On a copy of the project: a regression must not write the repository.
        original = os.path.join(self.dir, "original")
        shutil.copytree(PROVE_PROJECT, original)
        before = tree_hash(original)
        r = self.prove(source=original,
                       configure=f"cmake -G Ninja -S {original} -B {{build}} "
                                 f"-DCMAKE_CXX_COMPILER={ARGS.clangxx} -DCMAKE_EXPORT_COMPILE_COMMANDS=ON")
        self.assertExit(r, 2, "outside the copy", "nothing was written")
        self.assertEqual(tree_hash(original), before)

    def test_a_build_without_compilation_database(self):
        r = self.prove(configure="true", build="true", program=("true",))
        self.assertExit(r, 2, "compile_commands.json", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON")

    def test_bad_options(self):
        def run(*args, env=None):
            return subprocess.run([ARGS.heapwise, "prove", *args], capture_output=True, text=True,
                                  timeout=60, env=env)
        common = ["--source", PROVE_PROJECT, "--configure", "true", "--build", "true"]
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
    parser.add_argument("--apply-replacements", required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.heapwise = os.path.abspath(ARGS.heapwise)
    # The result cache's default folder, for every run that names none.
    cache_home = tempfile.mkdtemp(prefix="heapwise-test-cache-")
    os.environ["XDG_CACHE_HOME"] = cache_home
    try:
        run = unittest.main(argv=[sys.argv[0], *rest], verbosity=2, exit=False)
    finally:
        shutil.rmtree(cache_home, ignore_errors=True)
    sys.exit(0 if run.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
