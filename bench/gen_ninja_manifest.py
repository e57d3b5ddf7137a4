#!/usr/bin/env python3
"""Writes a ninja manifest for measuring ninja's parser (`ninja -n -C DIR`).

    gen_ninja_manifest.py DIR [--edges 20000]

DIR/build.ninja gets EDGES build edges over a few rules with variables
(top-level, rule and edge bindings), several explicit outputs and inputs per
edge, implicit outputs, implicit and order-only dependencies and validations,
so that the manifest parser builds many EvalStrings. Every input is a source
file the script creates (empty), so a dry run has work to do and finds no
missing file; nothing is ever built. The output is deterministic.
"""
import argparse
import os

RULES = """\
cflags = -O2 -g -Wall -Iinclude -Isrc
ldflags = -L$builddir/lib

rule cc
  command = cc -MMD -MF $out.d $cflags $extra -c $in -o $out
  description = CC $out
  depfile = $out.d
  deps = gcc

rule ar
  command = ar rcs $out $in
  description = AR $out

rule link
  command = cc $ldflags -o $out $in $libs
  description = LINK $out

rule gen
  command = python3 gen.py --module $module --out $out $in
  description = GEN $out
  restat = 1
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--edges", type=int, default=20000)
    args = parser.parse_args()
    os.makedirs(os.path.join(args.dir, "src"), exist_ok=True)
    lines = ["builddir = out", RULES]
    sources = []
    for i in range(args.edges):
        module = "module_%05d" % i
        src = "src/%s.c" % module
        sources.append(src)
        kind = i % 4
        if kind == 0:
            # A generator edge: two outputs, an implicit output, a validation.
            lines.append("build $builddir/gen/%s.h $builddir/gen/%s.inc | $builddir/gen/%s.stamp: "
                         "gen %s | gen.py || $builddir/gen/dir.stamp |@ %s"
                         % (module, module, module, src, src))
            lines.append("  module = %s" % module)
        elif kind == 3 and i >= 3:
            # An archive of the two objects before it.
            objs = " ".join("$builddir/obj/module_%05d.o" % j for j in range(i - 2, i))
            lines.append("build $builddir/lib/lib%s.a: ar %s" % (module, objs))
        else:
            lines.append("build $builddir/obj/%s.o: cc %s | include/common.h include/config.h "
                         "|| $builddir/gen/dir.stamp" % (module, src))
            lines.append("  extra = -DMODULE=%s -DINDEX=%d" % (module, i))
    lines.append("build $builddir/gen/dir.stamp: gen gen.py")
    lines.append("  module = dir")
    objs = " ".join("$builddir/obj/module_%05d.o" % i for i in range(1, args.edges, 100))
    lines.append("build $builddir/bin/app: link %s" % objs)
    lines.append("  libs = -lm")
    with open(os.path.join(args.dir, "build.ninja"), "w") as f:
        f.write("\n".join(lines) + "\n")
    for path in sources + ["gen.py", "include/common.h", "include/config.h"]:
        full = os.path.join(args.dir, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        open(full, "a").close()


if __name__ == "__main__":
    main()
