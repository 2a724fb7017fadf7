#!/bin/sh
# dot.sh VFSRACE SCHEDULE - `replay --format dot [--at STEP]` draws the
# dentry tree as it was after that step.
set -u
VFSRACE=$1
SCHED=$2
TESTNAME=dot
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

"$VFSRACE" replay "$SCHED" --format dot --at 0 >"$T/first"
"$VFSRACE" replay "$SCHED" --format dot >"$T/last"
grep -q '^digraph dcache {' "$T/first" || fail "not a digraph"
# After step 0 (a read): bar unused on dentry_unused, foo/ pinned by it.
grep -q 'foo/bar\\nd_count=0\\non dentry_unused' "$T/first" || fail "at step 0 bar is unused on the LRU"
grep -q 'foo/\\nd_count=1\\nnot on LRU' "$T/first" || fail "at step 0 foo/ has d_count 1"
grep -q 'd0 -> d1' "$T/first" || fail "no parent -> child edge at step 0"
grep -q 'lru -> ' "$T/first" || fail "dentry_unused chain missing at step 0"
# After the last step the super_block is freed and so are both dentries.
grep -q 'sb memfs\\nfreed' "$T/last" || fail "sb not freed after the last step"
grep -q 'd_count=' "$T/last" && fail "a dentry is still drawn live after umount"
grep -q 'bar\\nfreed' "$T/last" || fail "bar not shown freed after the last step"
"$VFSRACE" replay "$SCHED" --format dot --at 99999999 >/dev/null 2>"$T/err"
[ $? = 2 ] || fail "--at past the end should exit 2"
if command -v dot >/dev/null 2>&1; then
	dot -Tsvg "$T/first" >/dev/null || fail "Graphviz rejects the output"
fi
[ "$fails" = 0 ] && echo "ok: replay --format dot"
exit "$fails"
