#!/usr/bin/env python3
"""ci_formats.py VFSRACE SOURCE_DIR - explore's and verify's --format junit
and --format sarif hold the structure their consumers require, and say
what --json says: one testcase per fix, failed when it found a violation
(with --expect: when its row differs), the failure naming each violation
and its schedule file; one SARIF 2.1.0 result per violation, located at
files of the source tree, relative to its root, at lines they have."""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

VFSRACE, SRC = sys.argv[1], sys.argv[2]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(*args, want=None):
    p = subprocess.run([VFSRACE, *args], capture_output=True, text=True)
    if want is not None and p.returncode != want:
        failures.append("vfsrace %s exited %d, expected %d: %s" %
                        (" ".join(args), p.returncode, want, p.stderr.strip()))
    return p.stdout


def check_junit(args, doc, expect_fail=None):
    """doc: the --json of the same run (verify's, or explore's)."""
    root = ET.fromstring(run(*args, "--format", "junit"))
    fixes = doc["fixes"] if "fixes" in doc else [dict(doc, result=None)]
    check(root.tag == "testsuites", "junit root is %s" % root.tag)
    suites = root.findall("testsuite")
    check(len(suites) == 1, "one testsuite")
    cases = suites[0].findall("testcase")
    check(len(cases) == len(fixes), "%d testcases for %d fixes" % (len(cases), len(fixes)))
    nfail = 0
    for case, fix in zip(cases, fixes):
        name = fix["fix"]
        check(case.get("name") == name, "testcase %s for fix %s" % (case.get("name"), name))
        check(case.get("classname") == doc["model"], "classname %s" % case.get("classname"))
        float(case.get("time"))
        f = case.find("failure")
        fails = bool(fix["violations"]) if expect_fail is None else name in expect_fail
        check((f is not None) == fails, "%s: failure element %s" % (name, f is not None))
        if f is None:
            continue
        nfail += 1
        check(f.get("message"), "%s: failure without message" % name)
        for v in fix["violations"]:
            check(v["kind"] in f.text and v["schedule"] in f.text,
                  "%s: failure misses %s or %s" % (name, v["kind"], v["schedule"]))
            check(os.path.isfile(v["schedule"]), "%s: no file %s" % (name, v["schedule"]))
    for el in (root, suites[0]):
        check(el.get("tests") == str(len(cases)), "%s tests=%s" % (el.tag, el.get("tests")))
        check(el.get("failures") == str(nfail), "%s failures=%s, %d failed" %
              (el.tag, el.get("failures"), nfail))


def check_sarif(args, doc):
    s = json.loads(run(*args, "--format", "sarif"))
    check(s.get("version") == "2.1.0", "sarif version %s" % s.get("version"))
    check("sarif-2.1.0" in s.get("$schema", ""), "sarif $schema")
    check(isinstance(s.get("runs"), list) and len(s["runs"]) == 1, "one run")
    r = s["runs"][0]
    driver = r["tool"]["driver"]
    check(driver["name"] == "vfsrace", "driver name")
    rules = [x["id"] for x in driver["rules"]]
    check(len(rules) == len(set(rules)), "rules repeat: %s" % rules)
    fixes = doc["fixes"] if "fixes" in doc else [doc]
    want = [(f["fix"], v["kind"], v["schedule"]) for f in fixes for v in f["violations"]]
    got = [(x["properties"]["fix"], x["ruleId"], x["properties"]["schedule"])
           for x in r["results"]]
    check(got == want, "sarif results %s, --json violations %s" % (got, want))
    check("SRCROOT" in r.get("originalUriBaseIds", {}), "SRCROOT")
    for x in r["results"]:
        check(rules[x["ruleIndex"]] == x["ruleId"], "ruleIndex of %s" % x["ruleId"])
        check(x["level"] in ("error", "warning", "note", "none"), "level")
        check(x["message"]["text"], "result without message text")
        if x["properties"]["seen"] == "step":
            check(len(x["locations"]) >= 1, "%s without a location" % x["ruleId"])
        for loc in x["locations"]:
            pl = loc["physicalLocation"]
            uri, line = pl["artifactLocation"]["uri"], pl["region"]["startLine"]
            check(pl["artifactLocation"].get("uriBaseId") == "SRCROOT", "uriBaseId")
            check(not uri.startswith("/") and ".." not in uri, "uri %s not relative" % uri)
            path = os.path.join(SRC, uri)
            check(os.path.isfile(path), "uri %s is no file of the tree" % uri)
            if os.path.isfile(path):
                with open(path, encoding="utf-8", errors="replace") as fh:
                    n = sum(1 for _ in fh)
                check(isinstance(line, int) and 1 <= line <= n, "%s:%s" % (uri, line))
    return r["results"]


os.chdir(tempfile.mkdtemp(prefix="vfsrace-ci-formats."))
verify = ["verify", "select_parent", "--preemptions", "1"]
vdoc = json.loads(run(*verify, "--json", want=0))
check_junit(verify, vdoc)
results = check_sarif(verify, vdoc)
# The use-after-free is located on both sides: the faulting access and the free.
uaf = [x for x in results if x["ruleId"] == "use-after-free"]
check(uaf and all(len(x["locations"]) >= 2 for x in uaf), "use-after-free with both sides")

# With --expect a testcase fails only when its row differs.
with open(os.path.join(SRC, "tests/expect/select_parent.expect")) as fh:
    text = fh.read()
with open("wrong.expect", "w") as fh:
    fh.write(text.replace("korotaev           none                 yes",
                          "korotaev           use-after-free       no"))
check_junit(verify + ["--expect", os.path.join(SRC, "tests/expect/select_parent.expect")], vdoc,
            expect_fail=set())
check_junit(verify + ["--expect", "wrong.expect"], vdoc, expect_fail={"korotaev"})
run(*verify, "--expect", "wrong.expect", "--format", "junit", want=1)

explore = ["explore", "dekker", "--fix", "broken"]
edoc = json.loads(run(*explore, "--json", want=1))
check_junit(explore, edoc)
check_sarif(explore, edoc)
run(*explore, "--format", "junit", want=1)
clean = ["explore", "dekker"]
cdoc = json.loads(run(*clean, "--json", want=0))
check_junit(clean, cdoc)
check(check_sarif(clean, cdoc) == [], "no results without violations")

for f in failures:
    print("FAIL:", f)
print("ci_formats: %s" % ("ok" if not failures else "%d failures" % len(failures)))
sys.exit(1 if failures else 0)
