#!/bin/sh
# keep_going_files.sh VFSRACE - every schedule file --keep-going writes is
# accounted for: the listed ones (first of each kind) plus "also saved: N
# more" equal the files in the --out directory.
set -u
VFSRACE=$1
T=$(mktemp -d /tmp/vfsrace-keep-going.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

# bounded splits into work units, each saving its own first of a kind
"$VFSRACE" explore autofs4_waitq --strategy bounded --preemptions 1 --keep-going \
	--out out >log 2>&1
rc=$?
[ "$rc" = 1 ] || { echo "FAIL: exit $rc, expected 1"; cat log; exit 1; }
listed=$(grep -c '^      schedule: out/' log)
more=$(sed -n 's/^also saved: *\([0-9]*\) more.*/\1/p' log)
files=$(ls out/*.vfsched | wc -l)
[ "$listed" -gt 0 ] || { echo "FAIL: no schedule listed"; exit 1; }
if [ $((listed + ${more:-0})) -ne "$files" ]; then
	echo "FAIL: $listed listed + ${more:-0} more, but $files files written"
	cat log
	exit 1
fi
echo "ok: $files schedule files, $listed listed, ${more:-0} reported beside them"
