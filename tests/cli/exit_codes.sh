#!/bin/sh
# exit_codes.sh VFSRACE - the command's exit codes and one-line errors.
# 0 no violation, 1 violation found, 2 usage or input error.
set -u
VFSRACE=$1
T=$(mktemp -d /tmp/vfsrace-exit-codes.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0

# expect CODE ARGS...: exit code CODE; for code 2, exactly one line on stderr.
expect() {
	want=$1
	shift
	"$VFSRACE" "$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: vfsrace $* exited $got, expected $want"
		sed 's/^/  stderr: /' "$T/err"
		fails=$((fails + 1))
		return
	fi
	if [ "$want" = 2 ] && [ "$(wc -l <"$T/err")" != 1 ]; then
		echo "FAIL: vfsrace $*: expected one line on stderr, got:"
		sed 's/^/  stderr: /' "$T/err"
		fails=$((fails + 1))
	fi
}

expect 2
expect 2 no-such-command
expect 2 explore
expect 2 explore no_such_model
expect 2 explore writers --no-such-option 1
expect 2 explore --no-such-option writers
expect 2 explore writers --fix no-such-fix
expect 2 explore writers --strategy no-such-strategy
expect 2 explore writers --executions many
expect 2 explore writers --executions -3
expect 2 explore writers --preemptions
expect 2 explore select_parent --fs ext3
expect 2 explore select_parent --fs 1
expect 2 explore select_parent --fs
expect 2 explore writers --size 9999
expect 2 explore writers --size two
expect 2 explore writers --shard 4/4
expect 2 explore writers --shard x
expect 2 explore writers --strategy random --shard 0/2
expect 2 explore writers --strategy pct --shard 1/2
expect 2 explore writers --time -1
expect 2 explore writers --walk fast
expect 2 explore writers --walk 101
expect 2 explore writers --walk -5
expect 2 explore writers --timeout 0
expect 2 explore writers --timeout
expect 2 explore writers --isolate=yes
expect 2 explore writers --resume
expect 2 explore writers --resume does-not-exist.ckpt
expect 2 merge
expect 2 merge does-not-exist.json
expect 2 explore writers writers
expect 2 verify
expect 2 verify writers --fix none
expect 2 replay
expect 2 replay does-not-exist.vfsched
expect 2 replay a b
expect 2 replay x --format yaml
expect 2 minimize
expect 2 list extra
expect 0 help
expect 0 --help
expect 0 list
expect 0 explore --help
grep -q '1/(n\*k^(d-1))' "$T/out" || { echo "FAIL: explore --help lacks PCT's bound"; fails=$((fails + 1)); }
expect 0 replay --help
expect 0 verify --help
expect 0 minimize --help

# Malformed schedule files: each refused with exit 2 and one line.
printf '' >empty.vfsched
expect 2 replay empty.vfsched
printf 'hello\n' >garbage.vfsched
expect 2 replay garbage.vfsched
printf 'vfsrace-schedule 3\nmodel writers\n' >v3.vfsched
expect 2 replay v3.vfsched
grep -q 'version 3' "$T/err" || { echo "FAIL: version message"; fails=$((fails + 1)); }
printf 'vfsrace-schedule 1\nmodel writers\n' >v1.vfsched
expect 2 replay v1.vfsched
grep -q 'explore again' "$T/err" || { echo "FAIL: version 1 message"; fails=$((fails + 1)); }
printf 'vfsrace-schedule 2\nmodel writers\nsteps 3\n' >trunc.vfsched
expect 2 replay trunc.vfsched
grep -q 'truncated' "$T/err" || { echo "FAIL: truncated message"; fails=$((fails + 1)); }
printf 'vfsrace-schedule 2\nmodel writers\nchecksum fnv1a64 0123456789abcdef\n' >bad.vfsched
expect 2 replay bad.vfsched
grep -q 'corrupted' "$T/err" || { echo "FAIL: corrupted message"; fails=$((fails + 1)); }

# A run that finds nothing exits 0 (validation models have no violations).
expect 0 explore writers --size 2 --quiet --out "$T/out-dir"
expect 0 explore writers --size 2 --json --out "$T/out-dir"
grep -q '"complete"' "$T/out" || { echo "FAIL: explore --json lacks complete"; fails=$((fails + 1)); }
expect 0 verify writers --size 2 --json --out "$T/out-dir"
grep -q '"fixes"' "$T/out" || { echo "FAIL: verify --json lacks fixes"; fails=$((fails + 1)); }

if [ "$fails" != 0 ]; then
	echo "$fails failure(s)"
	exit 1
fi
echo "all exit codes as documented"
