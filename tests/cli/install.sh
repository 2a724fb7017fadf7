#!/bin/sh
# install.sh CMAKE BUILD_DIR - cmake --install puts a vfsrace that runs and
# the documentation under the prefix.
set -u
T=$(mktemp -d /tmp/vfsrace-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
"$1" --install "$2" --prefix "$T" >/dev/null || { echo "FAIL: cmake --install exited $?"; exit 1; }
fails=0
"$T/bin/vfsrace" --version | grep -q '^vfsrace [0-9]' || { echo "FAIL: installed vfsrace does not run"; fails=1; }
for f in README.md ci.md tutorial.md result.schema.json; do
	[ -f "$T/share/doc/vfsrace/$f" ] || { echo "FAIL: no share/doc/vfsrace/$f"; fails=1; }
done
[ $fails = 0 ] && echo "install: ok"
exit $fails
