#!/bin/sh
# atomic_save.sh VFSRACE - a counterexample is on disk, complete, the moment
# it is found: vfsrace is killed (SIGKILL, no clean-up) right after saving
# its first schedule (with -j 2: a worker is), and that file replays with a good checksum and shows
# the violation; no temporary file is left beside it.
#
# VFSRACE_TEST_KILL_AFTER_SAVE=1 makes vfsrace raise SIGKILL itself right
# after the save, so the kill lands at that point every time.
set -u
VFSRACE=$1
T=$(mktemp -d /tmp/vfsrace-atomic-save.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0

for args in "select_parent --passes 1" "select_parent --passes 1 -j 2" \
	"select_parent --passes 1 --strategy random --seed 3"; do
	rm -rf "$T/out"
	VFSRACE_TEST_KILL_AFTER_SAVE=1 "$VFSRACE" explore $args --out "$T/out" --quiet \
		>/dev/null 2>&1
	rc=$?
	# -j 2: a worker is killed, the parent reports it (exit 2).
	if [ $rc != 137 ] && [ $rc != 2 ]; then
		echo "FAIL: $args: exit $rc (want 137, killed)"
		fails=$((fails + 1))
	fi
	if [ -z "$(ls "$T/out" 2>/dev/null)" ]; then
		echo "FAIL: $args: no schedule saved"
		fails=$((fails + 1))
	fi
	for f in "$T/out"/*; do
		[ -e "$f" ] || continue
		case $f in
		*.vfsched) ;;
		*)
			echo "FAIL: $args: left behind $f"
			fails=$((fails + 1))
			continue
			;;
		esac
		"$VFSRACE" replay "$f" --quiet >"$T/replay" 2>&1
		rc=$?
		if [ $rc != 1 ]; then
			echo "FAIL: $args: replay of $f exited $rc (want 1, violation shown):"
			cat "$T/replay"
			fails=$((fails + 1))
		fi
	done
done

[ $fails = 0 ] && echo "atomic_save: all passed"
exit $fails
