#!/bin/sh
# jobs_bpor.sh VFSRACE - dpor under a preemption bound reports the same
# with -j 2 and with --shard i/3 + merge as with -j 1.  (Split into work
# units, each unit recognised repeated traces within itself only, and a
# trace two units reached was counted twice: select_parent K=1 gave 40 at
# -j 2 for 35 at -j 1.)
set -u
VFSRACE=$1
TESTNAME=jobs_bpor
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# The counts that must not depend on how the work is spread.
counts() {
	python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["executions"], d["distinct_states"], d["complete"], sorted(v["kind"] for v in d["violations"]))'
}

for args in "select_parent --preemptions 1" "example_two_dput --preemptions 2"; do
	# shellcheck disable=SC2086 # args are words
	one=$("$VFSRACE" explore $args --keep-going --json --quiet --out o1 | counts)
	case $one in *True*) ;; *) fail "$args: -j 1 did not complete: '$one'" ;; esac
	# shellcheck disable=SC2086
	two=$("$VFSRACE" explore $args --keep-going --json --quiet -j 2 --out o2 | counts)
	[ "$one" = "$two" ] || fail "$args: -j 1 gives '$one', -j 2 '$two'"
	for i in 0 1 2; do
		# shellcheck disable=SC2086
		"$VFSRACE" explore $args --keep-going --json --quiet --shard $i/3 --out s$i >s$i.json
	done
	merged=$("$VFSRACE" merge s0.json s1.json s2.json | counts)
	[ "$one" = "$merged" ] || fail "$args: -j 1 gives '$one', 3 shards merged '$merged'"
done
[ "$fails" = 0 ] && echo "ok: bounded dpor counts do not depend on -j or --shard"
exit $((fails > 0))
