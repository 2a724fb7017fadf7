#!/bin/sh
# step_eof.sh VFSRACE - scripted `replay --step` ends: at EOF, and when the
# script asks for a step past the last (yes '' | vfsrace replay F --step);
# `vfsrace help merge` prints merge's help, not the general one.
set -u
VFSRACE=$1
TESTNAME=step-eof
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

"$VFSRACE" explore dekker --fix broken --quiet --out cex >/dev/null 2>&1
sched=$(ls cex/*.vfsched | head -1)
[ -n "$sched" ] || fail "no schedule to step through"
n=$("$VFSRACE" replay "$sched" --format json | sed -n 's/^  "steps": \([0-9]*\),$/\1/p')
[ -n "$n" ] || fail "no step count"

# An endless stream of Enter: the walk ends after the last step (the
# guard only keeps a regression from hanging ctest).
yes '' | head -n 100000 | "$VFSRACE" replay "$sched" --step >yes.out
rc=$?
[ "$rc" = 1 ] || fail "yes | --step exited $rc, expected 1 (the replay's violation)"
[ "$(grep -c '^step [0-9]* of ' yes.out)" = "$n" ] || fail "expected $n screens, got $(grep -c '^step [0-9]* of ' yes.out)"
[ "$(grep -c 'already at the last step' yes.out)" = 0 ] || fail "stepped past the end repeatedly"
grep -q 'end of the trace' yes.out || fail "the end is not said"
# EOF at once: the first screen, then the end.
"$VFSRACE" replay "$sched" --step </dev/null >eof.out
[ "$(grep -c '^step [0-9]* of ' eof.out)" = 1 ] || fail "EOF: expected 1 screen"

"$VFSRACE" help merge >merge.txt
grep -q '^usage: vfsrace merge' merge.txt || fail "help merge: $(head -1 merge.txt)"
"$VFSRACE" merge --help | cmp -s - merge.txt || fail "merge --help differs from help merge"

[ "$fails" = 0 ] && echo "step_eof: ok"
exit "$((fails > 0))"
