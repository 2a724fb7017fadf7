#!/bin/sh
# cx_names.sh VFSRACE - counterexamples of different runs never overwrite
# each other (issue 17, item 2): the name carries a hash of the run's
# options (parameters, seed, ...), a name in use by another file gets a -N
# suffix, and the same run twice gives the same name, one file.
set -u
VFSRACE=$1
TESTNAME=cx-names
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# saved ARGS...: the schedule path explore prints for its first violation.
saved() {
	"$VFSRACE" explore "$@" --out d --quiet 2>err | sed -n 's/^ *schedule: //p' | head -1
}

a=$(saved select_parent --dentries 5)
[ -f "$a" ] || fail "no schedule saved for --dentries 5 ($a): $(cat err)"
sum_a=$(cksum <"$a")
b=$(saved select_parent --dentries 5 --seed 3)
c=$(saved select_parent --dentries 4)
d=$(saved select_parent --dentries 5 --strategy bounded --preemptions 1)
[ "$a" != "$b" ] || fail "--seed 3 saved under the first run's name $a"
[ "$a" != "$c" ] || fail "--dentries 4 saved under the first run's name $a"
[ "$a" != "$d" ] || fail "--strategy bounded saved under the first run's name $a"
[ "$(cksum <"$a")" = "$sum_a" ] || fail "$a was overwritten"
[ "$(ls d | wc -l)" = 4 ] || fail "4 runs, $(ls d | wc -l) files: $(ls d)"
for f in "$a" "$b" "$c" "$d"; do
	"$VFSRACE" replay "$f" --quiet >/dev/null 2>&1
	[ $? = 1 ] || fail "$f does not replay to its violation"
done

# The same run again: the same name, no new file.
a2=$(saved select_parent --dentries 5)
[ "$a2" = "$a" ] || fail "the same run saved $a2, the first time $a"
[ "$(ls d | wc -l)" = 4 ] || fail "the same run again made a new file: $(ls d)"

# Another file at the name: kept, the schedule gets the next free name.
cp "$b" "$a"
a3=$(saved select_parent --dentries 5)
case $a3 in
*-2.vfsched) ;;
*) fail "name in use by another file: saved as $a3 (want a -2 suffix)" ;;
esac
cmp -s "$a" "$b" || fail "the file at $a was replaced"
rm -f "$a"
mkfifo "$a"
a4=$(saved select_parent --dentries 5)
[ -p "$a" ] || fail "the FIFO at $a was replaced"
[ -f "$a4" ] && [ "$a4" != "$a" ] || fail "FIFO at the name: saved as '$a4'"

[ $fails = 0 ] && echo "cx_names: all passed"
exit $fails
