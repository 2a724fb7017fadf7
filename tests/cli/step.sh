#!/bin/sh
# step.sh VFSRACE SCHEDULE - `replay --step` driven by scripted input agrees
# with the text trace: next/back/preemption land on the right steps, the
# locks held and the state line are shown, q quits with the replay's code.
set -u
VFSRACE=$1
SCHED=$2
TESTNAME=step
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

"$VFSRACE" replay "$SCHED" >"$T/trace"
# The first preemption and the thread it cut off, as the text trace says.
pre=$(grep -m1 -E '^ *[0-9]+ .*<-- preempts' "$T/trace" | awk '{print $1}')
victim=$(grep -m1 -E '^ *[0-9]+ .*<-- preempts' "$T/trace" | sed 's/.*<-- preempts //')
[ -n "$pre" ] || fail "the text trace of $SCHED shows no preemption"

printf 'n\nn\np\nb\nq\n' | "$VFSRACE" replay "$SCHED" --step >"$T/out"
rc=$?
[ "$rc" = 1 ] || fail "--step exited $rc, expected 1 (the replay shows a violation)"
screens=$(grep -c '^step [0-9]* of ' "$T/out")
[ "$screens" = 5 ] || fail "expected 5 screens (start, n, n, p, b), got $screens"
grep '^step ' "$T/out" | awk '{print $2}' >"$T/steps"
printf '0\n1\n2\n%s\n%s\n' "$pre" "$((pre - 1))" | cmp -s - "$T/steps" ||
	fail "steps shown: $(tr '\n' ' ' <"$T/steps"), expected 0 1 2 $pre $((pre - 1))"
grep -q "PREEMPTION: $victim was cut off" "$T/out" || fail "the preemption of $victim is not marked"
# Step 0 of the shipped race is kswapd's start, step 1 its read of
# nr_unused, step 2 its spin_lock(&dcache_lock) in prune_dcache.
screen() {
	awk -v n="$1" '$1 == "step" {s = ($2 == n)} s' "$T/out"
}
screen 2 | grep -q 'kswapd .*prune_dcache.*locks held: dcache_lock' ||
	fail "after step 2 kswapd should be in prune_dcache holding dcache_lock"
screen 1 | grep -q 'locks held: dcache_lock' &&
	fail "no lock is held after step 1"
grep -q '^  state: foo/ d_count=1' "$T/out" || fail "no dentry state line"

# Running off the end shows the violation; 'b' at the start is refused.
printf 'b\n' | "$VFSRACE" replay "$SCHED" --step >"$T/out2"
grep -q 'already at the first step' "$T/out2" || fail "'b' at step 0 not refused"
n=$(grep -c '^ *[0-9][0-9]*  ' "$T/trace")
yes n 2>/dev/null | head -n "$n" | "$VFSRACE" replay "$SCHED" --step >"$T/out3"
grep -q "^step $((n - 1)) of" "$T/out3" || fail "n pressed $n times does not reach the last step $((n - 1))"
grep -q 'Violation in this execution' "$T/out3" || fail "the last step does not show the violation"

[ "$fails" = 0 ] && echo "ok: replay --step"
exit "$fails"
