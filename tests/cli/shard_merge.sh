#!/bin/sh
# shard_merge.sh VFSRACE - `explore -j 2` prints what one process prints
# (elapsed_s aside), every strategy; `explore --shard i/3` for i = 0, 1, 2,
# combined by `vfsrace merge`, prints the same for dfs and bounded, and for
# unbounded dpor (optimal in one process, Source-DPOR units when sharded)
# the same traces, states, kinds and verdict;
# merge refuses a missing, repeated or foreign shard, or shards of runs
# whose options differ, with one line and exit 2.
set -u
VFSRACE=$1
T=$(mktemp -d /tmp/vfsrace-shard-merge.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0

# Everything one run and the merged shards must agree on.
counts() {
	grep -v '"elapsed_s"' "$1"
}

# The verdict and what was explored, not how (blocked, schedule names).
essentials() {
	grep -E '"(executions|complete|distinct_states|kind)"' "$1"
}

# check NAME SAME ARGS...: unsharded run vs -j 2 (all of it) and vs three
# merged shards (SAME: counts, or essentials for unbounded dpor).
check() {
	name=$1
	same=$2
	shift 2
	"$VFSRACE" explore "$@" --json --quiet --out "$T/out" >"$T/$name.one.json"
	"$VFSRACE" explore "$@" -j 2 --json --quiet --out "$T/out" >"$T/$name.full.json"
	if ! counts "$T/$name.one.json" >"$T/a" || ! counts "$T/$name.full.json" >"$T/b" ||
		! diff "$T/a" "$T/b"; then
		echo "FAIL: $name: -j 2 printed otherwise than one process (< -j 1, > -j 2)"
		fails=$((fails + 1))
	fi
	for i in 0 1 2; do
		"$VFSRACE" explore "$@" --shard $i/3 --json --quiet --out "$T/out" >"$T/$name.$i.json"
	done
	if ! "$VFSRACE" merge "$T/$name.2.json" "$T/$name.0.json" "$T/$name.1.json" \
		>"$T/$name.merged.json" 2>"$T/err"; then
		if [ $? = 2 ]; then
			echo "FAIL: $name: merge refused the shards:"
			cat "$T/err"
			fails=$((fails + 1))
			return
		fi
	fi
	if ! $same "$T/$name.full.json" >"$T/a" || ! $same "$T/$name.merged.json" >"$T/b" ||
		! diff "$T/a" "$T/b"; then
		echo "FAIL: $name: merged shards differ from the unsharded run (< one run, > merged)"
		fails=$((fails + 1))
	fi
	# Each shard on its own covers less than the whole.
	if diff -q "$T/$name.0.json" "$T/$name.full.json" >/dev/null; then
		echo "FAIL: $name: shard 0/3 did the whole run"
		fails=$((fails + 1))
	fi
}

check readers essentials readers --size 4 --strategy dpor
check readers_dfs counts readers --size 4 --strategy dfs
check select_parent counts select_parent --passes 1 --strategy bounded --preemptions 1 --keep-going

# refuse: expect-2 ARGS...: exit 2 and one line on stderr.
refuse() {
	"$VFSRACE" merge "$@" >/dev/null 2>"$T/err"
	rc=$?
	if [ $rc != 2 ] || [ "$(wc -l <"$T/err")" != 1 ]; then
		echo "FAIL: merge $*: exit $rc, stderr:"
		cat "$T/err"
		fails=$((fails + 1))
	fi
}
refuse
refuse "$T/readers.0.json" "$T/readers.1.json"
refuse "$T/readers.0.json" "$T/readers.1.json" "$T/readers.1.json"
refuse "$T/readers.0.json" "$T/readers.1.json" "$T/select_parent.2.json"
refuse "$T/readers.full.json"
refuse "$T/does-not-exist.json"
printf '{"shard": {"index": 0, "count": 1' >"$T/cut.json"
refuse "$T/cut.json"

# refuse-mixed WHAT ARGS-0 -- ARGS-1: shard 0/2 of one run and shard 1/2 of
# another are refused, and the error names what differs.
refuse_mixed() {
	what=$1
	shift
	a= b=
	while [ "$1" != -- ]; do
		a="$a $1"
		shift
	done
	shift
	b="$*"
	"$VFSRACE" explore $a --shard 0/2 --json --quiet --out "$T/out" >"$T/mixed.0.json"
	"$VFSRACE" explore $b --shard 1/2 --json --quiet --out "$T/out" >"$T/mixed.1.json"
	refuse "$T/mixed.0.json" "$T/mixed.1.json"
	if ! grep -q "$what" "$T/err"; then
		echo "FAIL: merge of shards with other $what: the error does not say so:"
		cat "$T/err"
		fails=$((fails + 1))
	fi
}
SP="select_parent --passes 1 --strategy bounded --preemptions 1 --keep-going"
refuse_mixed preemptions readers --size 4 --strategy bounded --preemptions 3 -- \
	readers --size 4 --strategy bounded --preemptions 1
refuse_mixed seed readers --size 4 --seed 1 -- readers --size 4 --seed 2
refuse_mixed walk readers --size 4 --walk random -- readers --size 4 --walk sticky
refuse_mixed max-steps readers --size 4 -- readers --size 4 --max-steps 900
refuse_mixed param.size readers --size 4 -- readers --size 5
refuse_mixed fix $SP --fix none -- $SP --fix korotaev
refuse_mixed strategy readers --size 4 --strategy dfs -- readers --size 4 --strategy dpor

[ $fails = 0 ] && echo "shard_merge: all passed"
exit $fails
