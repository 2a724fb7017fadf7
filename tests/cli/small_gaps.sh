#!/bin/sh
# small_gaps.sh VFSRACE - issue 17, item 10: a run killed before its first
# unit ends can be resumed; replay --step ends on endless or binary input
# and refuses --format; RT_SPIN is validated; explore saves nothing, and
# needs no --out directory, when it finds nothing; clearer messages (CRLF
# schedules, explore options given to verify, --shard as typed).
# `timeout` only guards against a hang.
set -u
VFSRACE=$1
DATA=$2
TESTNAME=small-gaps
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
# usage WANT-TEXT ARGS...: exit 2 and one line with WANT-TEXT.
usage() {
	text=$1
	shift
	timeout 600 "$VFSRACE" "$@" >/dev/null 2>err
	rc=$?
	if [ $rc != 2 ] || [ "$(wc -l <err)" != 1 ] || ! grep -q -- "$text" err; then
		fail "vfsrace $*: exit $rc (want 2, one line with '$text'): $(cat err)"
	fi
}

# Killed before any unit finished: the checkpoint is there, and resumes.
RUN="explore readers --size 3 --strategy dfs --json --out out"
"$VFSRACE" $RUN --checkpoint full.ckpt | grep -v elapsed_s >full.json
VFSRACE_TEST_KILL_BEFORE_UNITS=1 "$VFSRACE" $RUN --checkpoint early.ckpt >/dev/null 2>&1
rc=$?
[ $rc = 137 ] || fail "VFSRACE_TEST_KILL_BEFORE_UNITS=1: exit $rc (want 137, killed)"
[ -s early.ckpt ] || fail "killed before the first unit: no checkpoint"
"$VFSRACE" $RUN --resume early.ckpt 2>err | grep -v elapsed_s >resumed.json
cmp -s full.json resumed.json || fail "resumed from the early checkpoint: $(cat err; diff full.json resumed.json)"

# replay --step: binary input, endless input, --format.
timeout 600 "$VFSRACE" replay "$DATA" --step </dev/zero >/dev/null 2>&1
[ $? = 124 ] && fail "replay --step < /dev/zero does not end"
yes n | timeout 600 "$VFSRACE" replay "$DATA" --step >/dev/null 2>&1
[ $? = 124 ] && fail "yes n | replay --step does not end"
usage "does not go with --format html" replay "$DATA" --step --format html
usage "does not go with --format json" replay "$DATA" --step --json

# RT_SPIN
RT_SPIN=-5 timeout 600 "$VFSRACE" explore writers --out out >/dev/null 2>err
rc=$?
[ $rc = 2 ] && [ "$(wc -l <err)" = 1 ] || fail "RT_SPIN=-5: exit $rc: $(cat err)"
RT_SPIN=abc timeout 600 "$VFSRACE" explore writers --out out >/dev/null 2>&1
[ $? = 2 ] || fail "RT_SPIN=abc accepted"
RT_SPIN=0 "$VFSRACE" explore writers --out out >/dev/null 2>&1 || fail "RT_SPIN=0 refused"

# Nothing found, nothing saved: an --out that cannot be created is no error.
: >afile
"$VFSRACE" explore writers --out afile/sub --quiet >/dev/null 2>err || fail "explore --out afile/sub: $(cat err)"
"$VFSRACE" verify writers --out afile/sub >/dev/null 2>err || fail "verify --out afile/sub: $(cat err)"
[ -e afile/sub ] && fail "an out directory appeared"

# Messages.
sed 's/$/\r/' "$DATA" >crlf.vfsched
usage "CRLF" replay crlf.vfsched
usage "option of explore, not of verify" verify writers --minimize -j 2
usage "option of explore, not of verify" verify writers --seed=3
"$VFSRACE" explore readers --size 3 --strategy dfs --shard 0/3 --out out >text 2>&1
grep -q "shard 0/3" text || fail "--shard 0/3 shown as: $(grep bounds text)"
"$VFSRACE" explore readers --size 3 --strategy dfs --shard 0/2 --json --out out >s0.json
usage "not a regular file" merge s0.json .

[ $fails = 0 ] && echo "small_gaps: all passed"
exit $fails
