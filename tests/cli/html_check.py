#!/usr/bin/env python3
"""html_check.py TRACE.json DOM DOM_AFTER_KEY - the page of `replay
--format html`, as headless Chromium left it (--dump-dom), against the
replay's JSON (--format json):

- a column per thread, a preemption mark on each preemption;
- the two steps of the violation that the JSON names (the bad access and
  its other side: "related", or for a use-after-free without it the
  "freed it at step N" of the message) highlighted, and the rows between
  them (the JSON's "window" when it has one) shaded, nothing else;
- the row selected on load is the focus step (the JSON's "focus", else
  the last preemption at or before the window, else the first
  preemption, else the violation's step);
- a lock bar beside the holder's column on the steps of each lock span;
- the side panel filled, and the layout fits the 1280 px window (what the
  page's script measured: scrollWidth, innerWidth, the panel's right);
- DOM_AFTER_KEY, loaded with #selftest=ArrowDown: the selection moved
  exactly one step down.
Prints one FAIL line per problem; exits 1 if there was one."""
import html.parser
import json
import re
import sys

TRACE, DOM, DOM_KEY = sys.argv[1:4]
fails = 0


def fail(msg):
    global fails
    print("FAIL: " + msg)
    fails += 1


class Page(html.parser.HTMLParser):
    """The rows, header cells, body attributes and element texts by id."""

    def __init__(self):
        super().__init__()
        self.rows, self.threads, self.body, self.text = [], [], {}, {}
        self.stack = []  # open elements: (tag, id, is_thread_header)
        self.row = None
        self.cell = -1

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        if tag == "tr" and "step" in a.get("class", "").split():
            self.row = {"step": int(a["data-step"]), "tid": int(a["data-tid"]),
                        "class": set(a.get("class", "").split()), "gutters": []}
            self.rows.append(self.row)
        if tag == "td" and self.row is not None and "gut" in a.get("class", ""):
            self.row["gutters"].append(a.get("style", ""))
        if tag in ("br", "col", "meta", "img", "hr", "input", "link"):
            return  # void: no end tag
        self.stack.append((tag, a.get("id"), tag == "th" and "thread" in a.get("class", "")))
        for t, i, _ in self.stack:
            if i:
                self.text.setdefault(i, "")
        if tag == "th" and "thread" in a.get("class", ""):
            self.threads.append("")

    def handle_endtag(self, tag):
        if tag == "tr":
            self.row = None
        while self.stack:
            t = self.stack.pop()[0]
            if t == tag:
                break

    def handle_data(self, data):
        for t, i, th in self.stack:
            if i:
                self.text[i] += data
            if th:
                self.threads[-1] += data


def load(path):
    p = Page()
    with open(path, encoding="utf-8") as fh:
        p.feed(fh.read())
    return p


with open(TRACE, encoding="utf-8") as fh:
    D = json.load(fh)
T = D["trace"]
steps = [s["step"] for s in T]
threads = []
for s in T:
    if s["tid"] >= len(threads):
        threads += [None] * (s["tid"] + 1 - len(threads))
    threads[s["tid"]] = s["thread"]

# The two sides of the violation the JSON names.
V = D["violations"]
v = next((x for x in V if x.get("access") or x.get("related") or x["tid"] >= 0), V[0] if V else None)
a = b = None
if v:
    if v.get("access") and v["access"].get("step", -1) in steps:
        a = v["access"]["step"]
    elif v["tid"] >= 0:
        a = v["step"] if v["step"] in steps else steps[-1]
    rel = [r["step"] for r in v.get("related", []) if r.get("step", -1) in steps and r["step"] != a]
    prim = [r["step"] for r in v.get("related", [])
            if r.get("step", -1) in steps and r["step"] != a and r.get("label") != "allocated by"]
    if "related" not in v:
        m = re.search(r"freed it at step (\d+)", v["message"])
        rel = prim = [int(m.group(1))] if m else []
    if a is None and rel:
        a = rel.pop(0)
        prim = [x for x in prim if x != a]
    b = (prim or rel or [None])[0]
window = None
if v and v.get("window"):
    window = (v["window"]["from"], v["window"]["to"])
elif a is not None and b is not None:
    window = (min(a, b), max(a, b))
pre = [s["step"] for i, s in enumerate(T) if s["preemption"] and i > 0]
focus = D.get("focus")
if focus not in steps:
    focus = None
    if window:
        focus = ([p for p in pre if p <= window[0]] or [None])[-1]
    if focus is None and pre:
        focus = pre[0]
    if focus is None:
        focus = a if a is not None else steps[-1]

page = load(DOM)
rows = page.rows
if not rows:
    fail("no rows: the script did not build the table (the browser dumped %d bytes)" %
         len(open(DOM, encoding="utf-8").read()))
if [r["step"] for r in rows] != steps:
    fail("the table's rows are not the trace's %d steps" % len(steps))
if page.threads != threads:
    fail("thread columns %s, the trace has %s" % (page.threads, threads))
got = [r["step"] for r in rows if "preempt" in r["class"]]
if got != pre:
    fail("preemptions marked at %s, the trace has them at %s" % (got, pre))

hl_a = [r["step"] for r in rows if "hl-a" in r["class"]]
hl_b = [r["step"] for r in rows if "hl-b" in r["class"]]
if hl_a != ([a] if a is not None else []) or hl_b != ([b] if b is not None else []):
    fail("highlighted steps %s and %s, the JSON names %s and %s" % (hl_a, hl_b, a, b))
win = [r["step"] for r in rows if "win" in r["class"]]
want = [s for s in steps if window and window[0] <= s <= window[1]]
if win != want:
    fail("shaded steps %s..%s (%d), want the window %s" %
         (win[:1], win[-1:], len(win), window))
sel = [r["step"] for r in rows if "sel" in r["class"]]
if sel != [focus]:
    fail("selected on load: %s, the focus step is %s" % (sel, focus))
if page.body.get("data-focus") != str(focus):
    fail("body data-focus=%s, want %s" % (page.body.get("data-focus"), focus))

# Lock bars: every step of a span shows a bar in the holder's lane.
spans = D.get("locks", [])
if not spans:
    fail("no lock spans (the select_parent schedules take dcache_lock)")
by_step = {r["step"]: r for r in rows}
for sp in spans:
    for st in range(sp["from"], sp["to"]):
        r = by_step.get(st)
        if r and "linear-gradient" not in r["gutters"][sp["tid"]]:
            fail("step %d: no bar for %s held by %s" % (st, sp["name"], sp["thread"]))
            break

# The panel shows the selected step, its state line and the locks.
if not re.match(r"Step %d\b" % focus, page.text.get("p-step", "")):
    fail("panel heading %r, want Step %d" % (page.text.get("p-step"), focus))
if not re.search(r"sb (live|freed)", page.text.get("p-state", "")):
    fail("no dentry state line in the panel: %r" % page.text.get("p-state"))
for t in threads:
    if not re.search(r"^%s: " % re.escape(t), page.text.get("p-locks", ""), re.M):
        fail("the panel's locks list no line for %s" % t)
if v and v["kind"] not in page.text.get("p-report", ""):
    fail("the report does not name the violation %s" % v["kind"])

# The page measured itself at 1280 wide.
bd = page.body
try:
    sw, iw, pr = (int(bd["data-" + k]) for k in ("scroll-width", "inner-width", "panel-right"))
except (KeyError, ValueError):
    fail("the page did not report its layout: %s" % bd)
else:
    if iw != 1280:
        fail("innerWidth %d, the window is 1280 wide" % iw)
    if sw > iw:
        fail("horizontal scrolling: scrollWidth %d > innerWidth %d" % (sw, iw))
    if pr > iw:
        fail("the panel is cut: its right edge at %d > %d" % (pr, iw))
    if bd.get("data-fits") != "yes":
        fail("the page says it does not fit: %s" % bd.get("data-fits"))

# One ArrowDown moves the selection to the next step.
key = load(DOM_KEY)
kb = key.body
if not key.rows:
    fail("the page loaded with #selftest=ArrowDown has no rows (the browser dumped %d bytes)" %
         len(open(DOM_KEY, encoding="utf-8").read()))
want = steps[min(steps.index(focus) + 1, len(steps) - 1)]
if kb.get("data-selftest-from") != str(focus) or kb.get("data-selftest-step") != str(want):
    fail("ArrowDown from %s went to %s, want %s -> %s" %
         (kb.get("data-selftest-from"), kb.get("data-selftest-step"), focus, want))
ksel = [r["step"] for r in key.rows if "sel" in r["class"]]
if ksel != [want]:
    fail("after ArrowDown the selected row is %s, want %d" % (ksel, want))

if not fails:
    print("ok: %d steps, highlighted %s/%s, window %s, focus %s, fits (%d <= %d)" %
          (len(steps), a, b, window, focus, sw, iw))
sys.exit(1 if fails else 0)
