#!/bin/sh
# diverge.sh VFSRACE DATA - a schedule this build cannot follow (here: the
# shipped select_parent race with the model's 'referenced' flag changed,
# checksum recomputed, as a schedule from another build would be): replay
# exits 2, says at which step and which threads could run there, notes
# that the file names other sources, and prints the steps it replayed
# before the divergence.
set -u
VFSRACE=$1
DATA=$2
T=$(mktemp -d /tmp/vfsrace-diverge.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

# rewrite the header, then the FNV-1a 64 checksum over every byte before it
sed -e '/^checksum /d' -e 's/^param referenced 1$/param referenced 0/' \
	-e 's/^tool \(.*\)$/tool \1\nsource 00000000deadbeef/' \
	"$DATA/select_parent-none.vfsched" >body
python3 - body >other.vfsched <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
h = 0xcbf29ce484222325
for c in b:
    h = ((h ^ c) * 0x100000001b3) & 0xffffffffffffffff
sys.stdout.write(b.decode() + "checksum fnv1a64 %016x\n" % h)
PY
"$VFSRACE" replay other.vfsched >out 2>err
rc=$?
fails=0
[ "$rc" = 2 ] || { echo "FAIL: exit $rc, expected 2"; fails=1; }
grep -q "replay diverged: .*threads that could run: [0-9] (kswapd\|replay diverged: .*threads that could run: [0-9] (umount" err ||
	grep -q "replay diverged: .*no thread could run" err ||
	{ echo "FAIL: the error does not say which threads could run"; cat err; fails=1; }
grep -q "note: other.vfsched was saved by vfsrace .* built from other sources (source 00000000deadbeef" err ||
	{ echo "FAIL: no note that the schedule comes from other sources"; cat err; fails=1; }
grep -q "^The steps replayed before the schedule diverged:" out ||
	{ echo "FAIL: no partial trace"; fails=1; }
grep -q "^ *0  kswapd" out || { echo "FAIL: the partial trace has no step 0"; fails=1; }
[ "$fails" = 0 ] && echo "ok: $(cat err)"
exit "$fails"
