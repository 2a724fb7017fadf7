#!/bin/sh
# expect.sh VFSRACE EXPECT_DIR - verify --expect / --write-expect.
# Every tests/expect file is checked by the command its 'Check' line
# names (exit 0); a file that differs in two rows gives exit 1 and one
# line for each; a file of another run, or a malformed one, exit 2.
set -u
VFSRACE=$1
DIR=$2
TESTNAME=expect
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# run WANT ARGS...: vfsrace ARGS exits WANT; stderr in $T/err.
run() {
	want=$1
	shift
	"$VFSRACE" "$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" = "$want" ] || {
		fail "vfsrace $* exited $got, expected $want"
		sed 's/^/  stderr: /' "$T/err"
	}
}

n=0
for f in "$DIR"/*.expect; do
	args=$(sed -n 's/^# Check: *vfsrace verify \(.*\) --expect FILE$/\1/p' "$f")
	[ -n "$args" ] || { fail "$f has no 'Check' line"; continue; }
	# shellcheck disable=SC2086 # the line is the arguments, split as a shell would
	run 0 verify $args --expect "$f"
	n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n expect files in $DIR"

# Round trip: what --write-expect writes, --expect accepts.
run 0 verify dekker --write-expect "$T/d.expect"
run 0 verify dekker --expect "$T/d.expect"
grep -q '^broken  *mutual-exclusion  *no$' "$T/d.expect" || fail "dekker's broken row: $(cat "$T/d.expect")"

# Two rows wrong: exit 1, one line each, naming the fix and both results.
sed 's/^\(broken  *\)mutual-exclusion/\1use-after-free/; s/^\(none  *none  *\)yes$/\1no/' \
	"$T/d.expect" >"$T/wrong.expect"
run 1 verify dekker --expect "$T/wrong.expect"
[ "$(grep -c '^vfsrace: expect: fix ' "$T/err")" = 2 ] || fail "two mismatch lines expected: $(cat "$T/err")"
grep -q 'fix broken: expected use-after-free, complete no; got mutual-exclusion, complete no' "$T/err" ||
	fail "broken's reason: $(cat "$T/err")"
grep -q 'fix none: expected none, complete no; got none, complete yes' "$T/err" ||
	fail "none's reason: $(cat "$T/err")"

# A row for a fix the model does not have, and a missing row: exit 1.
sed 's/^broken /gone   /' "$T/d.expect" >"$T/renamed.expect"
run 1 verify dekker --expect "$T/renamed.expect"
grep -q 'fix broken: no row in' "$T/err" || fail "missing row: $(cat "$T/err")"
grep -q 'fix gone: in .*, but dekker has no such fix' "$T/err" || fail "extra row: $(cat "$T/err")"

# Another run's file: refused before running, exit 2, one line.
run 2 verify dekker --preemptions 1 --expect "$T/d.expect"
grep -q 'preemptions -1 vs 1' "$T/err" || fail "bound mismatch not named: $(cat "$T/err")"
run 2 verify dekker --rounds 2 --expect "$T/d.expect"
run 2 verify peterson --expect "$T/d.expect"
grep -q 'expects model dekker, not peterson' "$T/err" || fail "model mismatch: $(cat "$T/err")"

# Malformed files: exit 2 naming the line.
printf 'model dekker\nspace x 1\nfix result complete\nnone none maybe\n' >"$T/bad.expect"
run 2 verify dekker --expect "$T/bad.expect"
grep -q 'bad.expect:4:' "$T/err" || fail "bad row not located: $(cat "$T/err")"
run 2 verify dekker --expect "$T/does-not-exist.expect"
run 2 verify dekker --expect "$T/d.expect" --write-expect "$T/e.expect"

# Without --expect verify exits 0 whatever it finds.
run 0 verify dekker

[ "$fails" = 0 ] && echo "expect: ok ($n shipped files)"
exit "$((fails > 0))"
