#!/bin/sh
# minimize_check.sh VFSRACE - minimize replays its input first (issue 17,
# item 7): a schedule whose violation the replay shows is minimised into
# one that shows it too, within a budget (--executions, stated in --help);
# a data race (found by explore --races, invisible to a plain replay) is
# checked with the race detector, replayed and minimised as what it is,
# not searched for without end.  Refusals of schedules that do not
# reproduce are in tests/explore/test_minimize.c (a damaged file cannot be
# made here: its checksum refuses it first).  `timeout` only guards
# against a search that never ends.
set -u
VFSRACE=$1
TESTNAME=minimize-check
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

"$VFSRACE" minimize --help | grep -q -- "--executions N" || fail "minimize --help states no budget"

"$VFSRACE" explore select_parent --races --strategy random --executions 300 --dentries 2 \
	--out out --quiet >/dev/null 2>&1
S=$(ls out/*-data-race-*.vfsched 2>/dev/null | head -1)
if [ -z "$S" ]; then
	fail "explore --races saved no data-race schedule"
else
	"$VFSRACE" replay "$S" --quiet >replay 2>err
	rc=$?
	[ $rc = 1 ] && grep -q data-race replay ||
		fail "replay of a data-race schedule: exit $rc: $(cat replay err)"
	timeout 600 "$VFSRACE" minimize "$S" --out min.vfsched --quiet >/dev/null 2>err
	rc=$?
	[ $rc = 1 ] || fail "minimize of a data-race schedule: exit $rc: $(cat err)"
	"$VFSRACE" replay min.vfsched --quiet >replay 2>&1
	rc=$?
	[ $rc = 1 ] && grep -q data-race replay ||
		fail "the minimised data-race schedule replays to: $(cat replay)"
fi

"$VFSRACE" explore select_parent --out out --quiet >/dev/null 2>&1
U=$(ls out/*-use-after-free-*.vfsched | head -1)
timeout 600 "$VFSRACE" minimize "$U" --out min2.vfsched --executions 1 >text 2>err
rc=$?
[ $rc = 1 ] || fail "minimize --executions 1: exit $rc: $(cat err)"
grep -q "budget of 1 executions ran out" text || fail "minimize --executions 1: no word of the budget"
"$VFSRACE" replay min2.vfsched --quiet >/dev/null 2>&1
[ $? = 1 ] || fail "minimize --executions 1 saved a schedule that does not show its violation"
"$VFSRACE" replay "$U" --executions 5 >/dev/null 2>err
[ $? = 2 ] || fail "replay took --executions"

[ $fails = 0 ] && echo "minimize_check: all passed"
exit $fails
