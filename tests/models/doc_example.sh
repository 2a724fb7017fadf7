#!/bin/sh
# doc_example.sh DOC FILE - the block between "<!-- begin FILE -->" and
# "<!-- end FILE -->" in DOC (inside a ``` fence) is FILE's text, verbatim.
# With --update as a third argument, rewrite the block from FILE instead.
set -u
DOC=$1
FILE=$2
NAME=$(basename "$(dirname "$FILE")")/$(basename "$FILE")
BLOCK=$(mktemp /tmp/vfsrace-doc-block.XXXXXX)
trap 'rm -f "$BLOCK" "$BLOCK.new"' EXIT
awk -v b="<!-- begin $NAME -->" -v e="<!-- end $NAME -->" '
	$0 == b { inside = 1; next }
	$0 == e { inside = 0 }
	inside && !/^```/ { print }' "$DOC" >"$BLOCK"
if [ "${3:-}" = "--update" ]; then
	awk -v b="<!-- begin $NAME -->" -v e="<!-- end $NAME -->" -v f="$FILE" '
		$0 == b { print; print "```c"; while ((getline l < f) > 0) print l; print "```"; skip = 1; next }
		$0 == e { skip = 0 }
		!skip { print }' "$DOC" >"$BLOCK.new" && mv "$BLOCK.new" "$DOC"
	exit 0
fi
if [ ! -s "$BLOCK" ]; then
	echo "FAIL: $DOC has no block for $NAME"
	exit 1
fi
if ! diff -u "$FILE" "$BLOCK"; then
	echo "FAIL: $DOC's copy of $NAME differs from the file (run: sh $0 $DOC $FILE --update)"
	exit 1
fi
echo "ok: $DOC shows $NAME as it is"
