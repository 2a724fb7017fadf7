#!/bin/sh
# merge_strict.sh VFSRACE - merge refuses shard results vfsrace would not
# have written, with one line and exit 2: a count past 2^53 (2^64+5 once
# wrapped to 5), negative, fractional or in exponent form; a verdict that is
# not a boolean; a bad state hash; a duplicate key; a NUL in a string.
# Untouched shards still merge to what one process prints.
set -u
VFSRACE=$1
TESTNAME=merge-strict
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

for i in 0 1; do
	"$VFSRACE" explore readers --size 3 --strategy dfs --shard $i/2 --json --quiet \
		--out out >s$i.json || fail "shard $i did not run"
done
"$VFSRACE" merge s0.json s1.json >m.json 2>err || fail "the good shards do not merge: $(cat err)"

# damage NAME SED-EXPRESSION: s0.json edited, then merged: exit 2, one line
damage() {
	sed "$2" s0.json >bad.json
	cmp -s bad.json s0.json && { fail "$1: the edit changed nothing"; return; }
	"$VFSRACE" merge bad.json s1.json >out 2>err
	rc=$?
	[ "$rc" = 2 ] || fail "$1: exit $rc, expected 2 ($(cat out | head -c 200))"
	[ "$(wc -l <err)" = 1 ] || fail "$1: not one line: $(cat err)"
}
damage "2^64+5 executions" 's/"executions": [0-9]*/"executions": 18446744073709551621/'
damage "negative executions" 's/"executions": [0-9]*/"executions": -3/'
damage "fractional executions" 's/"executions": [0-9]*/"executions": 1.5/'
damage "exponent executions" 's/"executions": [0-9]*/"executions": 1e308/'
damage "complete as a string" 's/"complete": [a-z]*/"complete": "yes"/'
damage "bad state hash" '0,/^    "[0-9a-f]\{16\}"/s//    "zz"/'
damage "duplicate key" 's/"executions": \([0-9]*\)/"executions": \1, "executions": \1/'
damage "NUL in a string" 's/"model": "readers"/"model": "readers\\u0000x"/'

[ "$fails" = 0 ] && echo "merge_strict: ok"
exit "$((fails > 0))"
