#!/bin/sh
# stdout_full.sh VFSRACE - a write to standard output that fails (a full
# disk: /dev/full; a closed stdout) is an error: exit 2 and one line on
# stderr, never exit 0 with a 0-byte result (issue 17, item 3).  A
# counterexample is on disk all the same.
set -u
VFSRACE=$1
TESTNAME=stdout-full
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# full ARGS...: vfsrace ARGS > /dev/full exits 2 with one line on stderr.
full() {
	"$VFSRACE" "$@" >/dev/full 2>err
	rc=$?
	if [ $rc != 2 ] || [ "$(wc -l <err)" != 1 ] || ! grep -q "cannot write the output" err; then
		fail "vfsrace $* >/dev/full: exit $rc (want 2, one line):"
		cat err
	fi
}

"$VFSRACE" explore readers --size 3 --strategy dfs --shard 0/2 --json --out out >s0.json
"$VFSRACE" explore readers --size 3 --strategy dfs --shard 1/2 --json --out out >s1.json
"$VFSRACE" explore select_parent --out out --quiet >/dev/null 2>&1
S=$(ls out/*.vfsched | head -1)

full explore writers --json --out out
full explore writers --out out
full explore writers --quiet --out out
full explore readers --size 3 --strategy dfs --shard 0/2 --json --out out
full merge s0.json s1.json
full verify writers --out out
full verify writers --json --out out
full replay "$S"
full replay "$S" --format json
full replay "$S" --format html
full replay "$S" --format dot
full replay "$S" --quiet
full minimize "$S" --out m.vfsched
full minimize "$S" --out m.vfsched --json
full list
full help
full explore --help
full --version

# A violation found with stdout full: exit 2, and the schedule is saved.
rm -rf out2
full explore select_parent --out out2
[ -n "$(ls out2/*.vfsched 2>/dev/null)" ] || fail "no schedule saved with stdout full"

# A closed stdout.
"$VFSRACE" list >&- 2>err
rc=$?
[ $rc = 2 ] || fail "vfsrace list >&-: exit $rc (want 2)"

[ $fails = 0 ] && echo "stdout_full: all passed"
exit $fails
