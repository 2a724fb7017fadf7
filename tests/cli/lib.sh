# lib.sh - what the tests/cli scripts start with, sourced once a script
# has taken its own arguments:
#   TESTNAME=name
#   . "$(cd "$(dirname "$0")" && pwd)/lib.sh"
# A scratch directory $T (removed on exit) as the working directory, and
# fail(), which prints one FAIL line and counts it in $fails.
T=$(mktemp -d "/tmp/vfsrace-$TESTNAME.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
