#!/bin/sh
# sampling.sh VFSRACE - random and pct have a stated default budget, so a
# run without --executions or --time ends; --checkpoint and --resume, which
# they cannot honour, are refused with one line and exit 2 (issue 17,
# item 6).  `timeout` only guards against a run that never ends.
set -u
VFSRACE=$1
TESTNAME=sampling
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

"$VFSRACE" explore --help >help
default=$(sed -n 's/.*--executions N .*random and pct: default \([0-9][0-9]*\).*/\1/p' help)
[ -n "$default" ] || fail "explore --help states no default budget for random and pct"

timeout 600 "$VFSRACE" verify writers --strategy random --out out >verify 2>err
rc=$?
[ $rc = 0 ] || fail "verify writers --strategy random: exit $rc: $(cat err)"
grep -q "^none .* $default executions" verify || fail "verify writers --strategy random: $(cat verify)"
for s in random pct; do
	timeout 600 "$VFSRACE" explore writers --strategy $s --json --out out >json 2>err
	rc=$?
	[ $rc = 0 ] || fail "explore writers --strategy $s: exit $rc: $(cat err)"
	grep -q "\"executions\": *$default," json || fail "--strategy $s ran not $default executions"
	timeout 600 "$VFSRACE" explore writers --strategy $s --time 0.2 --json --out out >json 2>err
	grep -q "\"executions\": *$default," json && fail "--strategy $s --time: the default budget cut it"
done

# refused ARGS...: exit 2, one line, no file made.
refused() {
	timeout 600 "$VFSRACE" explore "$@" --out out >/dev/null 2>err
	rc=$?
	if [ $rc != 2 ] || [ "$(wc -l <err)" != 1 ]; then
		fail "explore $*: exit $rc (want 2, one line): $(cat err)"
	fi
	[ -e ck ] && fail "explore $*: made a checkpoint" && rm -f ck
}
refused writers --strategy random --checkpoint ck
refused writers --strategy pct --checkpoint ck --executions 10
refused writers --strategy random --resume ck
refused writers --strategy pct --resume no-such-file
refused writers --strategy random --executions 0

[ $fails = 0 ] && echo "sampling: all passed"
exit $fails
