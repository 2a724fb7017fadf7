#!/bin/sh
# no_clobber.sh VFSRACE - saved files never replace what is at the path
# (issue 17, item 1): --checkpoint and minimize --out refuse a character
# device, a FIFO, a symbolic link or a directory with one line and exit 2,
# and leave it as it was; --checkpoint refuses an existing file that is not
# the one being resumed unless --force is given.
set -u
VFSRACE=$1
TESTNAME=no-clobber
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# A character device: one of our own as root (a failing run must not
# replace the system's /dev/full), the system's otherwise (it cannot).
if [ "$(id -u)" = 0 ] && mknod "$T/chr" c 1 7 2>/dev/null; then
	CHR=$T/chr
else
	CHR=/dev/full
fi
mkfifo fifo
echo "precious" >target
ln -s target link
mkdir dir

# what PATH: "chr", "fifo", "link", "dir" or "file" as ls sees it.
what() {
	if [ -L "$1" ]; then echo link
	elif [ -c "$1" ]; then echo chr
	elif [ -p "$1" ]; then echo fifo
	elif [ -d "$1" ]; then echo dir
	elif [ -f "$1" ]; then echo file
	else echo none
	fi
}

# refused PATH WANT-TEXT ARGS...: exit 2, one line naming WANT-TEXT,
# PATH still what it was.
refused() {
	path=$1 text=$2
	shift 2
	before=$(what "$path")
	"$VFSRACE" "$@" >/dev/null 2>err
	rc=$?
	if [ $rc != 2 ] || [ "$(wc -l <err)" != 1 ] || ! grep -q -- "$text" err; then
		fail "vfsrace $*: exit $rc (want 2 and one line with '$text'):"
		cat err
	fi
	[ "$(what "$path")" = "$before" ] || fail "vfsrace $*: $path was $before, is $(what "$path")"
	[ "$(cat target)" = precious ] || fail "vfsrace $*: the symbolic link's target was written"
}

EXPLORE="explore readers --size 3 --strategy dfs --out out"
refused "$CHR" "character device" $EXPLORE --checkpoint "$CHR"
refused fifo "FIFO" $EXPLORE --checkpoint fifo
refused link "symbolic link" $EXPLORE --checkpoint link
refused dir "directory" $EXPLORE --checkpoint dir
# --force replaces a regular file only.
refused fifo "FIFO" $EXPLORE --checkpoint fifo --force
refused link "symbolic link" $EXPLORE --checkpoint link --force

# An existing file is another run's checkpoint, or not one at all.
refused target "already exists" $EXPLORE --checkpoint target
"$VFSRACE" $EXPLORE --checkpoint ck >/dev/null 2>err || fail "a new checkpoint: $(cat err)"
cp ck ck.before
refused ck "--resume" $EXPLORE --checkpoint ck
cmp -s ck ck.before || fail "a refused --checkpoint changed the existing checkpoint"
"$VFSRACE" $EXPLORE --resume ck >/dev/null 2>err || fail "--resume ck: $(cat err)"
"$VFSRACE" $EXPLORE --resume ck --checkpoint ck >/dev/null 2>err ||
	fail "--resume ck --checkpoint ck: $(cat err)"
"$VFSRACE" $EXPLORE --resume ck --checkpoint ./ck >/dev/null 2>err ||
	fail "--resume ck --checkpoint ./ck (the same file): $(cat err)"
refused target "already exists" $EXPLORE --resume ck --checkpoint target
"$VFSRACE" $EXPLORE --checkpoint ck --force >/dev/null 2>err ||
	fail "--checkpoint ck --force: $(cat err)"
cp target t2
"$VFSRACE" $EXPLORE --checkpoint t2 --force >/dev/null 2>err ||
	fail "--checkpoint t2 --force: $(cat err)"
head -c 19 t2 | grep -q vfsrace-checkpoint || fail "--force did not write the checkpoint"

# minimize --out, and explore --minimize's checkpoint is not minimize's.
"$VFSRACE" explore select_parent --out out --quiet >/dev/null 2>&1
S=$(ls out/*.vfsched | head -1)
[ -n "$S" ] || fail "explore select_parent saved no schedule"
refused "$CHR" "character device" minimize "$S" --out "$CHR" --quiet
refused fifo "FIFO" minimize "$S" --out fifo --quiet
refused link "symbolic link" minimize "$S" --out link --quiet
refused dir "directory" minimize "$S" --out dir --quiet
"$VFSRACE" minimize "$S" --out min.vfsched --quiet >/dev/null 2>err
[ $? = 1 ] || fail "minimize --out min.vfsched: $(cat err)"
"$VFSRACE" replay min.vfsched --quiet >/dev/null 2>&1
[ $? = 1 ] || fail "the minimised schedule does not replay to its violation"
"$VFSRACE" explore select_parent --out out2 --quiet --minimize --checkpoint sp.ckpt >/dev/null 2>err
[ $? = 1 ] || fail "explore --minimize --checkpoint: $(cat err)"
"$VFSRACE" explore select_parent --out out2 --quiet --resume sp.ckpt >/dev/null 2>err
[ $? = 1 ] || fail "--minimize wrote its own runs into the checkpoint: $(cat err)"

[ $fails = 0 ] && echo "no_clobber: all passed"
exit $fails
