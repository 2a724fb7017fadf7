#!/usr/bin/env python3
"""json_schema.py VFSRACE SOURCE_DIR - every command's JSON validates
against docs/result.schema.json, and documents with a key retyped,
renamed or missing do not (so the check can fail).

The validator is a small one of the keywords the schema uses (the
standard library only); with the jsonschema package installed the
documents are checked by it as well."""
import copy
import json
import os
import re
import subprocess
import sys
import tempfile

VFSRACE, SRC = sys.argv[1], sys.argv[2]
with open(os.path.join(SRC, "docs", "result.schema.json")) as fh:
    SCHEMA = json.load(fh)
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
KNOWN = {"$schema", "$defs", "$ref", "title", "description", "type", "required", "properties",
         "additionalProperties", "items", "enum", "const", "oneOf", "minimum", "pattern"}


def is_type(v, t):
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, TYPES[t])


def errors(v, s, path="$"):
    """The ways v fails schema s: a list of strings, empty when it holds."""
    unknown = set(s) - KNOWN
    if unknown:
        return ["%s: schema keyword(s) %s not supported here" % (path, sorted(unknown))]
    if "$ref" in s:
        node = SCHEMA
        for part in s["$ref"].lstrip("#/").split("/"):
            node = node[part]
        return errors(v, node, path)
    out = []
    if "type" in s:
        ts = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(is_type(v, t) for t in ts):
            return ["%s: %r is not of type %s" % (path, v, s["type"])]
    if "const" in s and v != s["const"]:
        out.append("%s: %r is not %r" % (path, v, s["const"]))
    if "enum" in s and v not in s["enum"]:
        out.append("%s: %r not one of %s" % (path, v, s["enum"]))
    if "minimum" in s and is_type(v, "number") and v < s["minimum"]:
        out.append("%s: %r < %r" % (path, v, s["minimum"]))
    if "pattern" in s and isinstance(v, str) and not re.search(s["pattern"], v):
        out.append("%s: %r does not match %s" % (path, v, s["pattern"]))
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                out.append("%s: %s missing" % (path, k))
        props = s.get("properties", {})
        for k, x in v.items():
            if k in props:
                out += errors(x, props[k], "%s.%s" % (path, k))
            elif s.get("additionalProperties") is False:
                out.append("%s: %s is not in the schema" % (path, k))
            elif isinstance(s.get("additionalProperties"), dict):
                out += errors(x, s["additionalProperties"], "%s.%s" % (path, k))
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            out += errors(x, s["items"], "%s[%d]" % (path, i))
    if "oneOf" in s:
        results = [errors(v, alt, path) for alt in s["oneOf"]]
        ok = sum(1 for r in results if not r)
        if ok != 1:
            best = min(results, key=len)
            out.append("%s: matches %d of oneOf (closest: %s)" % (path, ok, "; ".join(best)))
    return out


try:
    import jsonschema
except ImportError:
    jsonschema = None

failures = []


def run(*args):
    p = subprocess.run([VFSRACE, *args], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        failures.append("vfsrace %s exited %d: %s" % (" ".join(args), p.returncode, p.stderr))
        return None
    return json.loads(p.stdout)


def valid(name, doc):
    errs = errors(doc, SCHEMA)
    if jsonschema is not None:
        errs += ["jsonschema: " + e.message
                 for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(doc)]
    for e in errs:
        failures.append("%s: %s" % (name, e))


def invalid(name, doc):
    if not errors(doc, SCHEMA):
        failures.append("%s: accepted by the schema" % name)


os.chdir(tempfile.mkdtemp(prefix="vfsrace-json-schema."))
docs = {
    "explore": run("explore", "dekker", "--fix", "broken", "--json"),
    "explore --races --minimize": run("explore", "select_parent", "--races", "--minimize",
                                      "--executions", "20", "--keep-going", "--json"),
    "explore random": run("explore", "writers", "--strategy", "random", "--executions", "5",
                          "--json"),
    "verify": run("verify", "select_parent", "--preemptions", "1", "--json"),
}
shards = []
for i in range(2):
    shards.append("shard-%d.json" % i)
    with open(shards[-1], "w") as fh:
        p = subprocess.run([VFSRACE, "explore", "readers", "--shard", "%d/2" % i, "--json"],
                           capture_output=True, text=True)
        fh.write(p.stdout)
    docs["explore --shard %d/2" % i] = json.loads(p.stdout)
docs["merge"] = run("merge", *shards)
sched = docs["explore"]["violations"][0]["schedule"]
docs["replay"] = run("replay", sched, "--format", "json")
docs["minimize"] = run("minimize", sched, "--json")

for name, doc in docs.items():
    if doc is not None:
        valid(name, doc)
commands = {d["command"] for d in docs.values() if d}
if commands != {"explore", "verify", "replay", "minimize"}:
    failures.append("commands seen: %s" % sorted(commands))
for name, doc in docs.items():
    if doc and doc["schema_version"] != 1:
        failures.append("%s: schema_version %r" % (name, doc["schema_version"]))

# Types are the same in every command: steps a number, result a list.
for name in ("explore", "replay", "minimize"):
    if docs[name] and not is_type(docs[name]["steps"], "integer"):
        failures.append("%s: steps is %r" % (name, type(docs[name]["steps"])))

# The schema refuses what the old output was, and drift.
if docs["verify"] and docs["replay"] and docs["explore"]:
    bad = copy.deepcopy(docs["verify"])
    bad["fixes"][0]["result"] = ", ".join(bad["fixes"][0]["result"]) or "none found"
    invalid("verify with a comma-joined result", bad)
    bad = copy.deepcopy(docs["replay"])
    bad["steps"] = bad.pop("trace")
    invalid("replay with steps as the array", bad)
    bad = copy.deepcopy(docs["explore"])
    del bad["schema_version"]
    invalid("explore without schema_version", bad)
    bad = copy.deepcopy(docs["explore"])
    bad["undocumented"] = 1
    invalid("explore with an undocumented key", bad)

for f in failures:
    print("FAIL:", f)
print("json_schema: %d documents, %s" % (len(docs), "ok" if not failures else
                                          "%d failures" % len(failures)))
sys.exit(1 if failures else 0)
