#!/bin/sh
# help_defaults.sh VFSRACE - the defaults 'vfsrace help explore' states are
# the ones a run takes: each is compared with the space an explore run
# without the option records (its --shard JSON), or with what the run did.
# And --depth is the model's parameter, --pct-depth pct's.
set -u
VFSRACE=$1
TESTNAME=help-defaults
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

"$VFSRACE" help explore >help.txt || fail "help explore exited $?"
# stated OPTION: the default the help states on OPTION's line or the next.
stated() {
	grep -A1 -e "^  $1 " help.txt | sed -n 's/.*(default:\{0,1\} \([^),;]*\).*/\1/p' |
		head -1 | awk '{print $1}'
}
# space KEY: its value in the space of a run with every default.
"$VFSRACE" explore readers --shard 0/2 --json --quiet >shard.json 2>/dev/null
space() {
	sed -n 's/.*"space": "\(.*\)".*/\1/p' shard.json | tr ' ' '\n' | grep -A1 -x "$1" | tail -1
}

check() { # OPTION KEY HELP-VALUE-AS-SPACE-VALUE
	got=$(space "$2")
	[ -n "$got" ] || fail "no $2 in the space: $(cat shard.json | head -c 200)"
	[ "$3" = "$got" ] || fail "help says $1 defaults to '$(stated "$1")', a run takes $2 $got"
}
check --strategy strategy "$(stated --strategy)"
check --seed seed "$(stated --seed)"
check --pct-depth pct-depth "$(stated --pct-depth)"
check --max-steps max-steps "$(stated --max-steps)"
p=$(stated --preemptions)
[ "$p" = none ] && p=-1
check --preemptions preemptions "$p"
# --walk: "random (default for explore ...)": random is a stay of 0 percent.
grep -q -e '--walk W .*: random (default' help.txt || fail "--walk's default not stated as random"
check --walk walk 0

# --out: the counterexample goes where the help says.
out=$(stated --out)
"$VFSRACE" explore dekker --fix broken --quiet >/dev/null 2>&1
ls "$out"/*.vfsched >/dev/null 2>&1 || fail "no schedule in '$out', the stated --out default"

# --depth is select_parent's tree depth, --pct-depth pct's bug depth.
"$VFSRACE" explore select_parent --depth 3 --executions 1 --json >sp.json 2>/dev/null
grep -q '"depth": 3' sp.json || fail "--depth 3 did not set select_parent's depth"
"$VFSRACE" explore writers --depth 3 >/dev/null 2>err.txt
[ $? = 2 ] || fail "--depth on a model without it is not a usage error"
"$VFSRACE" explore writers --strategy pct --pct-depth 2 --executions 3 >/dev/null 2>&1
[ $? = 0 ] || fail "--pct-depth 2 refused"
"$VFSRACE" explore writers --strategy pct --pct-depth 99 >/dev/null 2>err.txt
[ $? = 2 ] || fail "--pct-depth 99 accepted"

[ "$fails" = 0 ] && echo "help_defaults: ok"
exit "$((fails > 0))"
