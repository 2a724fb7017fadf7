#!/bin/sh
# max_steps.sh VFSRACE - a livelock found under --max-steps 100 replays as
# saved (issue 17, item 8): the schedule records the step bound
# ('max-steps 100'), replay, --format dot and minimize use it, and
# replay --max-steps N overrides it.
set -u
VFSRACE=$1
TESTNAME=max-steps
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

"$VFSRACE" explore select_parent --max-steps 100 --out out --quiet >/dev/null 2>err
S=$(ls out/*-livelock-*.vfsched 2>/dev/null | head -1)
[ -n "$S" ] || { fail "no livelock found under --max-steps 100: $(cat err)"; exit 1; }
grep -qx "max-steps 100" "$S" || fail "$S does not record its step bound"
"$VFSRACE" replay "$S" --quiet >replay 2>err
rc=$?
[ $rc = 1 ] && grep -qx livelock replay || fail "replay of $S: exit $rc: $(cat replay err)"
"$VFSRACE" replay "$S" --format dot >/dev/null 2>err
[ $? = 1 ] || fail "replay --format dot of $S: $(cat err)"
"$VFSRACE" replay "$S" --quiet --max-steps 5000 >/dev/null 2>err
[ $? = 2 ] || fail "replay --max-steps 5000 did not override the recorded bound"
"$VFSRACE" minimize "$S" --out min.vfsched --quiet >/dev/null 2>err
[ $? = 1 ] || fail "minimize of $S: $(cat err)"
grep -qx "max-steps 100" min.vfsched || fail "the minimised schedule does not record the bound"
"$VFSRACE" replay min.vfsched --quiet >replay 2>&1
[ $? = 1 ] && grep -qx livelock replay || fail "the minimised schedule: $(cat replay)"
"$VFSRACE" replay --help | grep -q -- "--max-steps N" || fail "replay --help lacks --max-steps"

# The default bound is not written: files stay as they were.
"$VFSRACE" explore select_parent --out out2 --quiet >/dev/null 2>&1
grep -q "^max-steps" out2/*.vfsched && fail "max-steps written for the default bound"

[ $fails = 0 ] && echo "max_steps: all passed"
exit $fails
