#!/bin/sh
# interrupt.sh VFSRACE - SIGINT or SIGTERM stops a long explore (or verify) after the
# current execution; it prints what it explored so far (JSON: complete
# false, interrupted true, the counts and violations so far; text: the
# summary saying so) and exits 130.
#
# The signal is sent once the run has saved a counterexample (so there is
# a violation "so far"), not after a delay: select_parent --passes 3
# --keep-going runs far longer than that.
set -u
VFSRACE=$1
TESTNAME=interrupt
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# interrupt SIGNAL FORMAT-ARGS...: run, signal after the first schedule is
# saved, wait; output in $T/out.$SIGNAL, exit code in $rc.
interrupt() {
	sig=$1
	shift
	rm -rf "$T/cex"
	"$VFSRACE" ${CMD:-explore} select_parent --passes 3 --keep-going --out "$T/cex" "$@" \
		>"$T/out.$sig" 2>"$T/err.$sig" &
	pid=$!
	tries=0
	while ! ls "$T/cex" 2>/dev/null | grep -q '\.vfsched$'; do
		tries=$((tries + 1))
		if [ $tries -gt 600 ] || ! kill -0 $pid 2>/dev/null; then
			fail "no counterexample saved while running (tries $tries)"
			break
		fi
		sleep 0.1
	done
	kill -"$sig" $pid 2>/dev/null || fail "$sig: the run had ended before the signal"
	wait $pid
	rc=$?
}

interrupt INT --json
[ "$rc" = 130 ] || fail "SIGINT: exit $rc, expected 130"
grep -q '"complete": false,' "$T/out.INT" || fail "SIGINT: complete is not false"
grep -q '"interrupted": true,' "$T/out.INT" || fail "SIGINT: interrupted is not true"
grep -q '"executions": [1-9][0-9]*,' "$T/out.INT" || fail "SIGINT: no executions counted"
grep -q '"kind": "use-after-free"' "$T/out.INT" || fail "SIGINT: the violation so far is missing"
grep -q '^vfsrace: interrupted' "$T/err.INT" || fail "SIGINT: stderr: $(cat "$T/err.INT")"
if command -v python3 >/dev/null 2>&1; then
	python3 -c '
import json, os, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1 and d["command"] == "explore"
assert d["violations"], "no violations"
for v in d["violations"]:
    assert os.path.isfile(v["schedule"]), v["schedule"]
' "$T/out.INT" || fail "SIGINT: the JSON is not whole: $(head -c 300 "$T/out.INT")"
fi

interrupt TERM
[ "$rc" = 143 ] || fail "SIGTERM: exit $rc, expected 143 (128 + SIGTERM)"
grep -q '^complete: *no: interrupted' "$T/out.TERM" || fail "SIGTERM: text does not say interrupted"
grep -q '^violations: *[1-9]' "$T/out.TERM" || fail "SIGTERM: no violations so far in the text"

# verify: the rows so far (the interrupted fix's included), exit 130
CMD=verify interrupt INT
[ "$rc" = 130 ] || fail "verify SIGINT: exit $rc, expected 130"
grep -q '^none .*use-after-free.*not exhaustive' "$T/out.INT" ||
	fail "verify SIGINT: no row so far: $(cat "$T/out.INT")"
grep -q '^vfsrace: interrupted in fix none' "$T/err.INT" ||
	fail "verify SIGINT: stderr: $(cat "$T/err.INT")"

[ "$fails" = 0 ] && echo "interrupt: ok"
exit "$((fails > 0))"
