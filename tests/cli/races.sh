#!/bin/sh
# races.sh VFSRACE - `explore --races` lists every racing pair it saw, in
# text and JSON, with how often; `merge` of --shard runs adds them up to
# what one run prints.
set -u
VFSRACE=$1
TESTNAME=races
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

RUN="explore select_parent --races --keep-going --dentries 2 --strategy random --seed 1 --executions 3000"
"$VFSRACE" $RUN --quiet >text
[ $? = 1 ] || fail "$RUN: expected exit 1 (data races are violations)"
"$VFSRACE" $RUN --json >json
pairs=$(sed -n 's/^data races: *\([0-9]*\) racing pair.*/\1/p' text)
[ -n "$pairs" ] && [ "$pairs" -ge 2 ] || fail "text lists ${pairs:-no} racing pairs, expected at least 2"
# one line per pair starting with its count, and the JSON has as many entries
lines=$(grep -c '^ *[0-9][0-9]*  [a-z_0-9]*\.c:[0-9]' text)
[ "$lines" = "$pairs" ] || fail "text: $lines pair lines for $pairs pairs"
[ "$(grep -c '"accepted"' json)" = "$pairs" ] || fail "JSON races: $(grep -c '"accepted"' json) entries, text $pairs"
grep -q 'nr_dentry-- (load)' text || fail "the lost-update race on nr_dentry is not listed"
grep -q '0x[0-9a-f]\{6,\}\|/work/\|/home/' text json && fail "an address or an absolute path in the output"

# shards merged: the same pairs and counts as the unsharded run (bounded:
# the complete dpor run of the unfixed model is 319915 traces, 36 s)
ARGS="explore select_parent --races --keep-going --strategy bounded --preemptions 1 --json --quiet"
"$VFSRACE" $ARGS >full.json
for i in 0 1; do "$VFSRACE" $ARGS --shard $i/2 >shard$i.json; done
"$VFSRACE" merge shard0.json shard1.json >merged.json
races() { sed -n '/"races"/,/"races_dropped"/p' "$1" | grep -v elapsed; }
races full.json >a
races merged.json >b
[ -s a ] || fail "no races in the unsharded JSON"
cmp -s a b || fail "merged races differ from the unsharded run's: $(diff a b | head -5)"

[ "$fails" = 0 ] && echo "ok: --races"
exit "$fails"
