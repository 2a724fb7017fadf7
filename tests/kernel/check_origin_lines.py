#!/usr/bin/env python3
"""check_origin_lines.py - is src/kernel/origin_lines.c still the port's?

Needs no kernel tree.  Checks that
  * every entry's port line still hashes as it did when the table was made;
  * the ported functions (origin comment + definition) are the table's, at
    the same lines, and every code line of their bodies has an entry;
  * a function's entries lie in its kernel range, and those not flagged
    approximate have non-decreasing kernel lines;
  * every call of a ported function from a ported function is listed, and
    a listed call names functions that exist, on a line that calls it.

  check_origin_lines.py [--root DIR]   check DIR (default: this checkout)
  check_origin_lines.py --self-test    also check that edits of a copy of
                                       the port are caught
Exit 1 with the differences, and how to regenerate, when the table is stale.
"""
import argparse
import importlib.machinery
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

HINT = ("the origin table is stale: regenerate it with\n"
        "  tools/gen-origin-lines --kernel-git GITDIR   (a clone of "
        "MaximeChretien/linux-history, tag 2.4.26)\n"
        "or --kernel-src DIR (a linux-2.4.26 tree); see docs/port-map.md")


def load_generator(root):
    path = os.path.join(root, "tools", "gen-origin-lines")
    loader = importlib.machinery.SourceFileLoader("gen_origin_lines", path)
    spec = importlib.util.spec_from_loader("gen_origin_lines", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def parse_flags(expr, gen):
    bits = {name: bit for bit, name in gen.FLAG_NAMES}
    f = 0
    for part in expr.split("|"):
        part = part.strip()
        if part and part != "0":
            f |= bits[part]
    return f


def parse_table(path, gen):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    s = r'"((?:[^"\\]|\\.)*)"'
    ent = re.findall(r"\{ %s, (\d+), 0x([0-9a-f]{8})u, %s, (\d+), ([A-Z_| 0]+) \}" % (s, s), text)
    fns = re.findall(r"\{ %s, %s, (\d+), (\d+), %s, %s, (\d+), (\d+), ([A-Z_| 0]+) \}"
                     % (s, s, s, s), text)
    calls = re.findall(r"\{ %s, (\d+), %s, %s \}" % (s, s, s), text)
    entries = [(e[0], int(e[1]), int(e[2], 16), e[3], int(e[4]), parse_flags(e[5], gen))
               for e in ent]
    functions = [(f[0], f[1], int(f[2]), int(f[3]), f[4], f[5], int(f[6]), int(f[7]),
                  parse_flags(f[8], gen)) for f in fns]
    calls = [(c[0], int(c[1]), c[2], c[3]) for c in calls]
    for name, rows in (("origin_line_table", entries), ("origin_function_table", functions),
                       ("origin_call_table", calls)):
        m = re.search(r"%s_count = (\d+);" % name, text)
        if not m or int(m.group(1)) != len(rows):
            raise SystemExit("%s: %s: cannot read the table (%d rows parsed)" % (path, name, len(rows)))
    return entries, functions, calls


def check(root, table=None, out=sys.stdout):
    gen = load_generator(root)
    table = table or os.path.join(root, "src", "kernel", "origin_lines.c")
    entries, functions, calls = parse_table(table, gen)
    errors = []
    count = [0]

    def err(msg):
        count[0] += 1
        if len(errors) < 40:
            errors.append(msg)
        elif len(errors) == 40:
            errors.append("... (more)")

    keys = [(e[0].encode(), e[1]) for e in entries]
    if keys != sorted(keys) or len(set(keys)) != len(keys):
        err("origin_line_table is not sorted by port file and line, or has duplicates")

    port = gen.load_port(root)
    lines_of = {rel: lines for rel, lines, _, _ in port}
    by_entry = {(e[0], e[1]): e for e in entries}

    # 1. the lines hash as they did
    for rel, ln, h, kp, kline, f in entries:
        lines = lines_of.get(rel)
        if lines is None:
            err("%s: no such port file" % rel)
        elif ln > len(lines):
            err("%s:%d: past the end of the file" % (rel, ln))
        elif gen.fnv1a(lines[ln - 1]) != h:
            err("%s:%d: the line changed since the table was made: %s"
                % (rel, ln, lines[ln - 1].strip()))

    # 2. the ported functions and their code lines
    now = {}
    names = set()
    for rel, lines, toks, fns in port:
        for fn in fns:
            now[(rel, fn.name)] = (toks[fn.open].line, toks[fn.close].line,
                                   gen.body_code_lines(toks, fn), fn, toks)
            names.add(fn.name)
    listed = {(f[0], f[1]): f for f in functions}
    for key in sorted(set(now) - set(listed)):
        err("%s: %s(): a ported function the table lacks" % key)
    for key in sorted(set(listed) - set(now)):
        err("%s: %s(): in the table, no longer a ported function of the port" % key)
    covered = set()
    for key in sorted(set(now) & set(listed)):
        a, b, code, fn, toks = now[key]
        rel, name, ta, tb, kp, kname, ka, kend, ff = listed[key]
        if (a, b) != (ta, tb):
            err("%s: %s(): body at lines %d-%d, the table says %d-%d" % (rel, name, a, b, ta, tb))
        for ln in code:
            covered.add((rel, ln))
            if (rel, ln) not in by_entry:
                err("%s:%d: a code line of %s() without an entry" % (rel, ln, name))
        # 3. kernel range and order
        prev = None
        for ln in range(ta, tb + 1):
            e = by_entry.get((rel, ln))
            if not e:
                continue
            kline, f = e[4], e[5]
            if e[3] != kp:
                err("%s:%d: kernel file %s, the function's is %s" % (rel, ln, e[3], kp))
            if ff & gen.FN_NOT_FOUND:
                if kline != 0 or not f & gen.APPROXIMATE:
                    err("%s:%d: kernel line %d in a function not found" % (rel, ln, kline))
                continue
            if not ka <= kline <= kend:
                err("%s:%d: kernel line %d outside %s() %d-%d" % (rel, ln, kline, kname, ka, kend))
            if not f & gen.APPROXIMATE:
                if prev is not None and kline < prev:
                    err("%s:%d: kernel line %d before %d, not flagged approximate"
                        % (rel, ln, kline, prev))
                prev = kline
    for key in sorted(set(by_entry) - covered):
        err("%s:%d: an entry for a line that is no code line of a ported body" % key)

    # 4. call sites
    want = set()
    for key, (a, b, code, fn, toks) in now.items():
        for ln, callee in gen.call_sites(toks, fn, names):
            want.add((key[0], ln, key[1], callee))
    have = set(calls)
    for c in sorted(want - have):
        err("%s:%d: call of %s() in %s() missing from origin_call_table" % (c[0], c[1], c[3], c[2]))
    for c in sorted(have - want):
        err("%s:%d: origin_call_table's call of %s() in %s() is not in the port" % (c[0], c[1], c[3], c[2]))
    tnames = {f[1] for f in functions}
    for rel, ln, caller, callee in calls:
        if caller not in tnames or callee not in tnames:
            err("%s:%d: call %s() -> %s() names a function not in the table" % (rel, ln, caller, callee))
        lines = lines_of.get(rel)
        if lines and ln <= len(lines) and not re.search(r"\b%s\s*\(" % re.escape(callee), lines[ln - 1]):
            err("%s:%d: does not call %s()" % (rel, ln, callee))

    if errors:
        for e in errors:
            print("check_origin_lines: " + e, file=out)
        print("check_origin_lines: %d problem(s); %s" % (count[0], HINT), file=out)
        return 1
    return 0


def self_test(root):
    """Copies of the port with a shifted and an edited line must fail."""
    failures = 0
    gen = load_generator(root)
    dcache = os.path.join("src", "kernel", "dcache.c")

    def copy():
        d = tempfile.mkdtemp(prefix="origin-check-")
        shutil.copytree(os.path.join(root, "src", "kernel"), os.path.join(d, "src", "kernel"),
                        ignore=shutil.ignore_patterns("*.h", "include"))
        os.makedirs(os.path.join(d, "tools"))
        shutil.copy(os.path.join(root, "tools", "gen-origin-lines"), os.path.join(d, "tools"))
        return d

    def run(d):
        import io
        buf = io.StringIO()
        rc = check(d, out=buf)
        return rc, buf.getvalue()

    # the copy itself passes
    d = copy()
    rc, text = run(d)
    shutil.rmtree(d)
    if rc != 0:
        print("self-test: an unchanged copy fails:\n" + text)
        failures += 1

    with open(os.path.join(root, dcache), encoding="utf-8") as f:
        lines = f.read().split("\n")
    toks, fns = gen.port_functions(os.path.join(root, dcache), "dcache.c")
    fn = fns[0]
    brace = toks[fn.open].line  # 1-based line of the body's '{'

    # a one-line marker at the top of a ported function shifts the lines
    d = copy()
    shifted = lines[:brace] + ["\trt_shadow_enter();"] + lines[brace:]
    with open(os.path.join(d, dcache), "w", encoding="utf-8") as f:
        f.write("\n".join(shifted))
    rc, text = run(d)
    shutil.rmtree(d)
    if rc == 0 or "tools/gen-origin-lines" not in text or "changed since" not in text:
        print("self-test: a shifted port passes, or says nothing of regenerating:\n" + text)
        failures += 1

    # a statement edited in place changes its line's hash
    d = copy()
    edited = list(lines)
    k = next(i for i in range(brace, len(lines)) if lines[i].strip().endswith(";"))
    edited[k] = edited[k].replace(";", "; ;", 1)
    with open(os.path.join(d, dcache), "w", encoding="utf-8") as f:
        f.write("\n".join(edited))
    rc, text = run(d)
    shutil.rmtree(d)
    if rc == 0 or "dcache.c:%d: the line changed" % (k + 1) not in text:
        print("self-test: an edited line %d passes:\n%s" % (k + 1, text))
        failures += 1
    if not failures:
        print("self-test: the shifted and the edited copies fail as they should")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    rc = check(a.root)
    if rc == 0:
        print("check_origin_lines: the table matches the port")
    if a.self_test:
        rc |= self_test(a.root)
    return rc


if __name__ == "__main__":
    sys.exit(main())
