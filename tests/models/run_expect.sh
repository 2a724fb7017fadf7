#!/bin/sh
# run_expect.sh VFSRACE [CHECKS...] -- ARGS...
# Runs `VFSRACE ARGS... --json` and checks its result:
#   --exit N          exit code N (0 nothing found, 1 violation)
#   --kind K          a violation of kind K is reported (repeatable)
#   --no-kind K       no violation of kind K is reported (repeatable)
#   --executions N    "executions": N
#   --complete B      "complete": B (true|false)
#   --preemptions N   "preemptions": N (replay)
set -u
VFSRACE=$1
shift
want_exit=""
checks=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	checks="$checks $1=$2"
	[ "$1" = "--exit" ] && want_exit=$2
	shift 2
done
shift
OUT=$(mktemp /tmp/vfsrace-model-test.XXXXXX)
DIR=$(mktemp -d /tmp/vfsrace-model-out.XXXXXX)
trap 'rm -rf "$OUT" "$DIR"' EXIT
case "$1" in
explore | verify) "$VFSRACE" "$@" --json --out "$DIR" >"$OUT" 2>/dev/null ;;
*) "$VFSRACE" "$@" --json >"$OUT" 2>/dev/null ;;
esac
got=$?
fails=0
fail() {
	echo "FAIL: vfsrace $*: $msg"
	fails=$((fails + 1))
}
if [ -n "$want_exit" ] && [ "$got" != "$want_exit" ]; then
	msg="exit $got, expected $want_exit" fail "$@"
fi
for c in $checks; do
	opt=${c%%=*}
	val=${c#*=}
	case "$opt" in
	--kind) grep -q "\"kind\": \"$val\"" "$OUT" || { msg="no $val violation" fail "$@"; } ;;
	--no-kind) ! grep -q "\"kind\": \"$val\"" "$OUT" || { msg="unexpected $val violation" fail "$@"; } ;;
	--executions) grep -q "\"executions\": $val," "$OUT" || { msg="executions not $val: $(grep '"executions"' "$OUT")" fail "$@"; } ;;
	--complete) grep -q "\"complete\": $val" "$OUT" || { msg="complete not $val" fail "$@"; } ;;
	--preemptions) grep -q "\"preemptions\": $val," "$OUT" || { msg="preemptions not $val" fail "$@"; } ;;
	--exit) ;;
	*) msg="unknown check $opt" fail "$@" ;;
	esac
done
[ "$fails" = 0 ] || exit 1
echo "ok: vfsrace $*"
