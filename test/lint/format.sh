#!/bin/sh
# The C and C++ sources of the tree against .clang-format (clang-format-19).
#
#   format.sh [TOP]
#
# Prints each file whose formatting differs, with the first lines of the
# difference, and exits 1 when there is one; 0 when every file is formatted.
# Fix a file with: clang-format-19 -i FILE. Generated code and fuzz corpora
# are not sources; a region that must keep a hand layout (a table of golden
# bytes) is marked `// clang-format off` ... `// clang-format on`.
set -u
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cf=${CLANG_FORMAT:-clang-format-19}
command -v "$cf" >/dev/null 2>&1 || {
	echo "format: expected $cf on PATH (scripts/setup.sh installs it), found none" >&2
	exit 1
}
cd "$top" || exit 1
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	files=$(git ls-files '*.c' '*.h' '*.cpp')
else
	files=$(find . -path ./build -prune -o -type f \( -name '*.c' -o -name '*.h' -o -name '*.cpp' \) -print | sed 's|^\./||' | sort)
fi
n=0
bad=0
for f in $files; do
	n=$((n + 1))
	if ! "$cf" --style=file "$f" | diff -u "$f" - >/tmp/format.$$ 2>&1; then
		bad=$((bad + 1))
		echo "format: $f differs from .clang-format:"
		sed -n '3,12p' /tmp/format.$$ | sed 's/^/  /'
	fi
done
rm -f /tmp/format.$$
echo "format: $n files checked, $bad not formatted"
[ "$bad" -eq 0 ]
