#!/bin/sh
# checkpoint.sh VFSRACE - a run stopped by SIGINT after some work units and
# resumed from its --checkpoint file prints the JSON of an uninterrupted run
# (elapsed_s aside), with -j 1, -j 2 and --isolate; a checkpoint of other
# options, or a damaged one, is refused with one line and exit 2.
#
# VFSRACE_TEST_INTERRUPT_AFTER_UNITS=K makes vfsrace raise SIGINT itself
# once K units are checkpointed, so "midway" is the same point every time.
set -u
VFSRACE=$1
T=$(mktemp -d /tmp/vfsrace-checkpoint.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0

no_elapsed() {
	grep -v '"elapsed_s"' "$1"
}

# check NAME K RESUME-ARGS -- ARGS...: interrupt after K units, resume.
check() {
	name=$1 k=$2 resume_args=$3
	shift 3
	# The uninterrupted run checkpoints too: dpor splits into units for a
	# checkpoint (as for -j), so this is the run to compare with.
	"$VFSRACE" explore "$@" --json --out "$T/out" --checkpoint "$T/$name.full.ckpt" \
		>"$T/$name.full" 2>/dev/null
	VFSRACE_TEST_INTERRUPT_AFTER_UNITS=$k "$VFSRACE" explore "$@" --json --out "$T/out" \
		--checkpoint "$T/$name.ckpt" >"$T/$name.cut" 2>"$T/err"
	rc=$?
	if [ $rc != 130 ] || [ "$(wc -l <"$T/err")" != 1 ] || [ ! -s "$T/$name.ckpt" ] ||
		! grep -q -- "--resume" "$T/err"; then
		echo "FAIL: $name: interrupted run exited $rc (want 130, one line, a checkpoint):"
		cat "$T/err"
		fails=$((fails + 1))
		return
	fi
	"$VFSRACE" explore "$@" $resume_args --json --out "$T/out" --resume "$T/$name.ckpt" \
		>"$T/$name.resumed" 2>"$T/err"
	no_elapsed "$T/$name.full" >"$T/a"
	no_elapsed "$T/$name.resumed" >"$T/b"
	if ! diff "$T/a" "$T/b"; then
		echo "FAIL: $name: resumed run differs from the uninterrupted one (< full, > resumed)"
		cat "$T/err"
		fails=$((fails + 1))
	fi
}

check readers_dfs 7 "" readers --size 3 --strategy dfs
check readers_dpor 3 "-j 2" readers --size 5 --strategy dpor
check writers_isolated 2 "" writers --size 4 --strategy dfs --isolate
check select_parent 2 "" select_parent --passes 1 --strategy bounded --preemptions 1 --keep-going

# refuse ARGS...: exit 2 and one line on stderr.
refuse() {
	"$VFSRACE" explore "$@" --json --out "$T/out" >/dev/null 2>"$T/err"
	rc=$?
	if [ $rc != 2 ] || [ "$(wc -l <"$T/err")" != 1 ]; then
		echo "FAIL: explore $*: exit $rc, stderr:"
		cat "$T/err"
		fails=$((fails + 1))
	fi
}
refuse readers --size 4 --strategy dfs --resume "$T/readers_dfs.ckpt"
refuse readers --size 5 --strategy dpor --resume "$T/readers_dfs.ckpt"
refuse readers --size 5 --strategy dfs --resume "$T/no-such-file"
head -c 200 "$T/readers_dfs.ckpt" >"$T/cut.ckpt"
refuse readers --size 5 --strategy dfs --resume "$T/cut.ckpt"
echo "vfsrace-schedule 1" >"$T/other.ckpt"
refuse readers --size 5 --strategy dfs --resume "$T/other.ckpt"

[ $fails = 0 ] && echo "checkpoint: all passed"
exit $fails
