#!/bin/sh
# jobs_signal.sh VFSRACE - SIGINT or SIGTERM sent to the parent of a -j run
# only stops its workers and the run exits 130 or 143, as with -j 1; with
# --checkpoint the checkpoint can be resumed; workers die with a parent
# killed outright (SIGKILL) instead of exploring on (issue 17, item 4).
#
# readers --size 6 under dfs has work units far longer than this test, so
# a run ends only because it was told to.  The waits below are guards
# against a hang (a run that ignores the signal fails, it is not waited
# for), never measured.
set -u
VFSRACE=$1
TESTNAME=jobs-signal
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
LONG="explore readers --size 6 --strategy dfs --quiet --out out"

# children PID: the pids of PID's live (not zombie) children.
children() {
	for f in /proc/[0-9]*/stat; do
		awk -v p="$1" '$4 == p && $3 != "Z" { print $1 }' "$f" 2>/dev/null
	done
}
# running PID: PID exists and is not a zombie.
running() {
	[ -e "/proc/$1/stat" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
# wait_children PID N: until PID has N live children (false after a long while).
wait_children() {
	i=0
	while [ "$(children "$1" | wc -l)" -lt "$2" ]; do
		i=$((i + 1))
		[ $i -gt 600 ] && return 1
		running "$1" || return 1
		sleep 0.1
	done
}
# wait_gone PID...: until none of them runs (false after a long while).
wait_gone() {
	i=0
	for p in "$@"; do
		while running "$p"; do
			i=$((i + 1))
			[ $i -gt 300 ] && return 1
			sleep 0.1
		done
	done
}
# Whatever is left when the test ends (a failing vfsrace) is killed.
ALL=""
trap 'for p in $ALL; do kill -9 $p 2>/dev/null; done; rm -rf "$T"' EXIT

# stop SIG WANT JOBS [ARGS...]: start, signal the parent only, expect WANT.
stop() {
	sig=$1 want=$2 jobs=$3
	shift 3
	"$VFSRACE" $LONG -j "$jobs" "$@" 2>err &
	P=$!
	ALL="$ALL $P"
	need=$jobs
	[ "$jobs" = 1 ] && need=0
	if ! wait_children $P $need; then
		fail "-j $jobs $*: the workers did not start"
		return
	fi
	W=$(children $P)
	ALL="$ALL $W"
	kill -"$sig" $P
	if ! wait_gone $P; then
		fail "-j $jobs $*: SIG$sig to the parent did not stop the run"
		kill -9 $P
	fi
	wait $P
	rc=$?
	[ $rc = "$want" ] || fail "-j $jobs $*: SIG$sig: exit $rc (want $want): $(cat err)"
	wait_gone $W || fail "-j $jobs $*: SIG$sig: workers $W still run after their parent ended"
}

stop INT 130 1
stop TERM 143 1
stop INT 130 2
stop TERM 143 2
stop INT 130 2 --isolate
rm -f ck
stop INT 130 2 --checkpoint ck
grep -q -- "--resume ck" err || fail "-j 2 --checkpoint: SIGINT: no word of the checkpoint: $(cat err)"
[ -s ck ] || fail "-j 2 --checkpoint: SIGINT: no checkpoint written"
stop TERM 143 2 --resume ck

# SIGKILL: nothing can stop the workers but their own end.
"$VFSRACE" $LONG -j 2 >/dev/null 2>&1 &
P=$!
ALL="$ALL $P"
if wait_children $P 2; then
	W=$(children $P)
	ALL="$ALL $W"
	kill -9 $P
	wait $P
	wait_gone $W || fail "SIGKILL: the workers $W of the killed parent explore on"
else
	fail "SIGKILL: the workers did not start"
fi

[ $fails = 0 ] && echo "jobs_signal: all passed"
exit $fails
