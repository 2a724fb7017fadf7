#!/bin/sh
# shard_balance.sh VFSRACE - `explore --shard i/8` of unbounded dpor splits
# the space deep enough that the largest shard runs at most twice the mean
# shard's executions (executions per shard are deterministic counts, so
# this is a property, not a timing), and the eight shards merged report
# the executions, states, verdict and kinds of one process.
set -u
VFSRACE=$1
TESTNAME=shard_balance
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

field() { # field NAME FILE: the number after "NAME":
	sed -n "s/^ *\"$1\": \([0-9a-z]*\),*$/\1/p" "$2" | head -1
}

# balance NAME N ARGS...: N shards of ARGS.
balance() {
	name=$1
	n=$2
	shift 2
	"$VFSRACE" explore "$@" --json --quiet --out "$T/out" >"$T/$name.one.json"
	i=0
	max=0
	total=0
	while [ $i -lt "$n" ]; do
		"$VFSRACE" explore "$@" --shard $i/"$n" --json --quiet --out "$T/out" \
			>"$T/$name.$i.json"
		e=$(field executions "$T/$name.$i.json")
		if [ -z "$e" ]; then
			fail "$name: shard $i/$n printed no executions"
			return
		fi
		total=$((total + e))
		[ "$e" -gt $max ] && max=$e
		i=$((i + 1))
	done
	# max <= 2 * mean  <=>  max * n <= 2 * total
	if [ $((max * n)) -gt $((2 * total)) ]; then
		fail "$name: largest of $n shards ran $max of $total executions (more than 2x the mean)"
	fi
	"$VFSRACE" merge "$T/$name".[0-9]*.json >"$T/$name.merged.json" 2>"$T/err"
	if [ $? = 2 ]; then
		fail "$name: merge refused the shards: $(cat "$T/err")"
		return
	fi
	for f in executions distinct_states complete; do
		a=$(field $f "$T/$name.one.json")
		b=$(field $f "$T/$name.merged.json")
		[ "$a" = "$b" ] || fail "$name: $f: one process $a, $n shards merged $b"
	done
	grep '"kind"' "$T/$name.one.json" | sort -u >"$T/a"
	grep '"kind"' "$T/$name.merged.json" | sort -u >"$T/b"
	diff "$T/a" "$T/b" >/dev/null || fail "$name: violation kinds differ"
}

balance korotaev 8 select_parent --fix korotaev --keep-going

[ $fails = 0 ] && echo "shard_balance: all passed"
exit $fails
