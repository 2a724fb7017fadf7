#!/usr/bin/env python3
"""reports.py VFSRACE DATA_DIR - reports name both sides, with stacks and
2.4.26 lines (issue #16), read from `replay --format json` and the text.

Each check reads what the replay computed and compares one part of it
with another (the window with the free and the use, the stack's top with
the step, the story of --fix with the trace's own rows), so a wrong
stack, a lost side or an off-by-one step fails.
"""
import json
import re
import subprocess
import sys

VFSRACE, DATA = sys.argv[1], sys.argv[2]
fails = 0


def fail(msg):
    global fails
    print("FAIL:", msg)
    fails += 1


def run(*args):
    p = subprocess.run([VFSRACE, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def replay_json(name):
    rc, out, err = run("replay", f"{DATA}/{name}", "--format", "json")
    if rc != 1:
        fail(f"{name}: replay exits {rc}, not 1: {err}")
    return json.loads(out)


PORT_FILES = {"dcache.c", "inode.c", "super.c", "namespace.c", "vmscan.c", "namei.c",
              "nfs_unlink.c", "nfs_dir.c", "sunrpc.c", "autofs4_waitq.c", "buffer.c"}

# --- use-after-free: the access, freed by, allocated by, the window ---
d = replay_json("select_parent-none-uaf.vfsched")
v = d["violations"][0]
if v["kind"] != "use-after-free":
    fail(f"uaf schedule shows {v['kind']}")
acc = v.get("access", {})
steps = d["trace"]
if acc.get("step") != v["step"] or v["step"] != len(steps) - 1:
    fail(f"the access is at step {acc.get('step')}, the report says {v['step']}, "
         f"the trace ends at {len(steps) - 1}")
st = acc.get("stack", [])
if not st or st[-1]["function"] != steps[v["step"]]["function"]:
    fail("the access's innermost frame is not the function of its step")
if "kernel" not in st[-1] or not st[-1]["kernel"]["file"].startswith("fs/"):
    fail("the access's innermost frame has no 2.4.26 line")
names = [f["function"] for f in st]
for fn in ("prune_dcache", "prune_one_dentry", "dput", "iput"):
    if fn not in names:
        fail(f"kswapd's stack lacks {fn}: {names}")
if names.index("prune_dcache") > names.index("iput"):
    fail("the stack is not outermost first")
labels = {r["label"]: r for r in v["related"]}
freed = labels.get("freed by")
if not freed:
    fail("no 'freed by' side")
else:
    fs = steps[freed["step"]]
    if "kfree" not in fs["operation"] and "kmem_cache_free" not in fs["operation"]:
        fail(f"the 'freed by' step {freed['step']} is {fs['operation']}, not a free")
    if freed["thread"] == acc.get("thread"):
        fail("the free and the use are by the same thread")
    if freed["stack"][-1]["function"] != fs["function"]:
        fail("the free's innermost frame is not the function of its step")
    if f"freed it at step {freed['step']} " not in v["message"]:
        fail("the Oops message and the 'freed by' side name different steps")
    if v.get("window") != {"from": freed["step"], "to": v["step"]}:
        fail(f"the window {v.get('window')} is not free..use")
if "allocated by" not in labels or not labels["allocated by"]["stack"]:
    fail("no 'allocated by' side with a stack")

# --- every step in a ported function has its 2.4.26 line ---
for s in steps:
    if s["file"] in PORT_FILES and s["function"] not in ("kswapd_thread", "umount_thread"):
        if "kernel" not in s:
            fail(f"step {s['step']} ({s['function']} {s['file']}:{s['line']}) has no 2.4.26 line")
            break
        if s["stack"][-1]["line"] != s["line"]:
            fail(f"step {s['step']}: its stack's innermost line is not its own")
            break

# --- the text report: both stacks with 2.4.26 lines ---
rc, out, _ = run("replay", f"{DATA}/select_parent-none-uaf.vfsched")
rep = out[out.index("Violation in this execution"):] if "Violation in this execution" in out else ""
if not re.search(r"by kswapd at step \d+:\n\s+iput\s+inode\.c:\d+\s+fs/inode\.c:\d+", rep):
    fail("the text report does not open the access's call trace with iput and its lines")
if not re.search(r"Freed by umount at step \d+: \S+ sb memfs\n\s+destroy_super\s+super\.c:\d+\s+fs/super\.c:\d+", rep):
    fail("the text report has no 'Freed by umount' call trace")

# --- busy inodes: which inode, which dentries hold it ---
d = replay_json("select_parent-none.vfsched")
v = d["violations"][0]
if v["kind"] != "busy-inodes" or not any("held by dentry" in n for n in v["notes"]):
    fail(f"busy-inodes report without the holding dentries: {v['notes']}")

# --- deadlock: who waits, with its stack ---
d = replay_json("autofs4_waitq-none-deadlock.vfsched")
v = d["violations"][0]
w = [r for r in v["related"] if r["label"] == "waiting"]
if v["kind"] != "deadlock" or not w or not w[0]["stack"]:
    fail("the deadlock report names no waiting thread with a stack")

# --- data race (explore --races): both accesses with their stacks ---
import glob, os, tempfile
tmp = tempfile.mkdtemp(prefix="vfsrace-reports.")
run("explore", "select_parent", "--races", "--quiet", "--out", tmp)
races = sorted(glob.glob(os.path.join(tmp, "*-data-race-*.vfsched")))
if not races:
    fail("explore select_parent --races saved no data-race schedule")
else:
    rc, out, err = run("replay", races[0], "--format", "json")
    d = json.loads(out)
    v = [x for x in d["violations"] if x["kind"] == "data-race"]
    if not v:
        fail("the data-race schedule replays without its data race")
    else:
        v = v[0]
        other = [r for r in v["related"] if r["label"] == "the other access"]
        if not other:
            fail("the data race names no other access")
        else:
            o = other[0]
            os_ = d["trace"][o["step"]]
            if o["thread"] == v["thread"] or o["stack"][-1]["function"] != os_["function"]:
                fail("the other access is not the other thread's step with its stack")
            if f"(step {o['step']})" not in v["message"] or f"(step {v['step']})" not in v["message"]:
                fail("the data race's message and sides name different steps")
            if not v["access"]["stack"] or v["access"]["stack"][-1]["function"] != d["trace"][v["step"]]["function"]:
                fail("the racing access's stack is not its step's")

# --- --fix: where the fix changes the story ---
rc, out, err = run("replay", f"{DATA}/select_parent-none.vfsched", "--fix", "moestl-semaphore")
if rc != 0:
    fail(f"replay --fix moestl-semaphore exits {rc} ({err.strip()}): the fix should hold")
m = re.search(r"step (\d+): umount blocks in down &dcache_lru_sem \(.*held by kswapd since step (\d+)", out)
if not m:
    fail("replay --fix moestl-semaphore does not name where umount blocks on the semaphore")
else:
    at, since = int(m.group(1)), int(m.group(2))
    rows = out.split("\n")
    marked = [i for i, r in enumerate(rows) if "here the schedule stops fitting" in r]
    nxt = rows[marked[0] + 1] if marked else ""
    if not re.match(rf"\s*{at}\s+", nxt):
        fail(f"the story names step {at}, the trace marks {nxt.strip()[:40]!r}")
    took = [r for r in rows if re.match(rf"\s*{since}\s+kswapd\s+\S+\s+\S+.*down &dcache_lru_sem", r)]
    if not took:
        fail(f"kswapd's step {since} is not its down(&dcache_lru_sem)")
rc, _, err = run("replay", f"{DATA}/select_parent-none.vfsched", "--fix", "no-such-fix")
if rc != 2 or "no fix 'no-such-fix'" not in err:
    fail(f"replay --fix with an unknown fix: exit {rc}, {err.strip()}")

# --- --kernel-src DIR: the 2.4.26 lines quoted from a local tree ---
tree = tempfile.mkdtemp(prefix="vfsrace-ksrc.")
for f in ("fs/dcache.c", "fs/inode.c", "fs/super.c", "fs/namespace.c", "fs/namei.c",
          "include/linux/mount.h", "include/linux/locks.h"):
    os.makedirs(os.path.dirname(os.path.join(tree, f)), exist_ok=True)
    with open(os.path.join(tree, f), "w") as fh:
        fh.write("".join(f"{f} line {n}\n" for n in range(1, 3000)))
rc, out, err = run("replay", f"{DATA}/select_parent-none-uaf.vfsched", "--format", "json",
                   "--kernel-src", tree)
d = json.loads(out)
ks = d.get("kernel_source", {})
quoted = 0
for s in d["trace"]:
    k = s.get("kernel")
    if k and os.path.exists(os.path.join(tree, k["file"])) and k["line"] > 0:
        key = f"{k['file']}:{k['line']}"
        if ks.get(key) != f"{k['file']} line {k['line']}":
            fail(f"--kernel-src: step {s['step']} quotes {ks.get(key)!r} for {key}")
            break
        quoted += 1
if not quoted:
    fail("--kernel-src quoted no line")
rc, _, err = run("replay", f"{DATA}/select_parent-none-uaf.vfsched", "--format", "html",
                 "--kernel-src", os.path.join(tree, "no-such-dir"))
if rc != 2 or "--kernel-src" not in err:
    fail(f"--kernel-src with no tree: exit {rc}, {err.strip()}")
rc, _, err = run("replay", f"{DATA}/select_parent-none-uaf.vfsched", "--kernel-src", tree)
if rc != 2:
    fail(f"--kernel-src with a text trace: exit {rc}, not 2")

print(f"reports: {fails} failure(s)")
sys.exit(1 if fails else 0)
