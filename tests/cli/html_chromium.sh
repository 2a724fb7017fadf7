#!/bin/sh
# html_chromium.sh VFSRACE SCHEDULE - `replay --format html` renders in a
# headless Chromium: the thread columns, the lock lanes, both preemptions
# and the violation are in the DOM, and the page's script ran (the state
# panel is filled).  No browser, or one that cannot start: exit 77 (skip).
set -u
VFSRACE=$1
SCHED=$2
TESTNAME=html
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

"$VFSRACE" replay "$SCHED" --format html >"$T/race.html"
[ $? = 1 ] || fail "replay --format html should exit 1 (violation reproduced)"
# Self-contained: nothing is fetched.
grep -Eq '(src|href)=|https?://|@import' "$T/race.html" && fail "the page refers to outside resources"

browser=
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	echo "SKIP: no chromium on PATH (Debian: apt-get install chromium)"
	exit 77
fi
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --user-data-dir="$T/profile" \
	--dump-dom "file://$T/race.html" >"$T/dom" 2>"$T/err"
if [ ! -s "$T/dom" ]; then
	echo "SKIP: $browser did not start:"
	tail -3 "$T/err"
	exit 77
fi

"$VFSRACE" replay "$SCHED" >"$T/trace"
npre=$(grep -cE '^ *[0-9]+ .*<-- preempts' "$T/trace")
kind=$("$VFSRACE" replay "$SCHED" --quiet | head -1)
for t in kswapd umount; do
	grep -q "<th class=\"thread\"[^>]*>$t</th>" "$T/dom" || fail "no column for thread $t"
done
grep -q "Violation: $kind" "$T/dom" || fail "the violation $kind is not shown"
grep -q '<span>dcache_lock</span>' "$T/dom" || fail "no lock lane for dcache_lock"
got=$(grep -o 'class="step preempt' "$T/dom" | wc -l)
[ "$got" = "$npre" ] || fail "$got preemptions highlighted, the trace has $npre"
# The script selected a step and filled the panel with its state line.
grep -q '<h2 id="p-step">Step [0-9]' "$T/dom" || fail "the step panel was not filled (script did not run)"
grep -Eq '<pre id="p-state">[^<]*sb (live|freed)' "$T/dom" || fail "no dentry state line in the panel"
[ "$fails" = 0 ] && echo "ok: replay --format html in $browser"
exit "$fails"
