#!/bin/sh
# ckpt_checksum.sh VFSRACE - a checkpoint carries a checksum: one flipped
# byte anywhere (the fingerprint, a unit's record, the trailer) or a cut
# makes --resume refuse it with one line and exit 2, never merge what is
# left of it into other totals (issue 17, item 5).  The unit records -j
# workers send back carry one too (tests/explore/test_unit_io.c).
set -u
VFSRACE=$1
TESTNAME=ckpt-checksum
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
RUN="explore readers --size 3 --strategy dfs --json --out out"

"$VFSRACE" $RUN --checkpoint good.ckpt >full.json 2>err || fail "the checkpointed run: $(cat err)"
"$VFSRACE" $RUN --resume good.ckpt >resumed.json 2>err || fail "resume of a good checkpoint: $(cat err)"
size=$(wc -c <good.ckpt)
[ "$size" -gt 200 ] || fail "checkpoint of $size bytes"

# flip OFFSET: a copy of good.ckpt with the byte at OFFSET changed.
flip() {
	cp good.ckpt bad.ckpt
	printf '\377' | dd of=bad.ckpt bs=1 seek="$1" conv=notrunc 2>/dev/null
	cmp -s good.ckpt bad.ckpt || return 0
	printf '\001' | dd of=bad.ckpt bs=1 seek="$1" conv=notrunc 2>/dev/null
}

for at in 25 60 $((size / 3)) $((size / 2)) $((size * 2 / 3)) $((size - 20)) $((size - 1)); do
	flip $at
	"$VFSRACE" $RUN --resume bad.ckpt >out.json 2>err
	rc=$?
	if [ $rc != 2 ] || [ "$(wc -l <err)" != 1 ]; then
		fail "byte $at of $size flipped: exit $rc (want 2, one line): $(cat err)"
	fi
	[ -s out.json ] && fail "byte $at of $size flipped: a result was printed"
done
flip $((size / 2))
"$VFSRACE" $RUN --resume bad.ckpt >/dev/null 2>err
grep -q "checksum" err || fail "a damaged unit record is not named as such: $(cat err)"
head -c $((size - 1)) good.ckpt >cut.ckpt
"$VFSRACE" $RUN --resume cut.ckpt >/dev/null 2>err
[ $? = 2 ] || fail "a checkpoint cut by one byte was taken"

[ $fails = 0 ] && echo "ckpt_checksum: all passed"
exit $fails
