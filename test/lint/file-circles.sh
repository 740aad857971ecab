#!/bin/sh
# SPDX-License-Identifier: ISC
#
# No circle of files that call each other. From the symbol lists of a
# program's objects (NM --defined-only / --undefined-only), file A uses file
# B when A refers to a symbol that B defines; a circle is two or more files
# each reachable from the other through such uses. A helper that two files
# need goes below both, not into one of them. With --rooms, the same for
# the folders the files are in (link/'s rooms): a room may only use rooms
# below it.
#
# usage: file-circles.sh [--rooms] NM OBJECT|DIR...
#   An object's name is its path after ".../CMakeFiles/TARGET.dir/"; a DIR
#   stands for every *.o below it.
# Exit status 0: no circle; 1: the circles are printed, one per line;
# 2: usage error or no object found.
set -eu
rooms=0
if [ "${1:-}" = "--rooms" ]; then
	rooms=1
	shift
fi
[ $# -ge 2 ] || { echo "usage: $0 [--rooms] NM OBJECT|DIR..." >&2; exit 2; }
nm=$1
shift
list=$(mktemp)
trap 'rm -f "$list"' EXIT

symbols() { # object name
	"$nm" --defined-only --extern-only "$1" |
	    awk -v f="$2" 'NF >= 3 { print "D", f, $3 }'
	"$nm" --undefined-only "$1" | awk -v f="$2" 'NF >= 2 { print "U", f, $2 }'
}

name_of() { # object
	n=${1##*.dir/}
	n=${n#./}
	n=${n%.o}
	if [ $rooms = 1 ]; then
		case $n in */*) n=${n%%/*} ;; *) n=. ;; esac
	fi
	printf '%s\n' "$n"
}

for arg in "$@"; do
	if [ -d "$arg" ]; then
		find "$arg" -name '*.o' | sort
	else
		printf '%s\n' "$arg"
	fi
done | while read -r obj; do
	symbols "$obj" "$(name_of "$obj")"
done >"$list"
[ -s "$list" ] || { echo "$0: no object files in $*" >&2; exit 2; }

awk '
$1 == "D" { def[$3] = $2; file[$2] = 1; next }
$1 == "U" { use[$2, $3] = 1; file[$2] = 1 }
END {
	n = 0
	for (f in file)
		name[n++] = f
	for (k in use) {
		split(k, p, SUBSEP)
		if ((p[2] in def) && def[p[2]] != p[1])
			reach[p[1], def[p[2]]] = 1
	}
	# Reachability (Floyd-Warshall); a few hundred files at most.
	for (k = 0; k < n; k++)
		for (i = 0; i < n; i++) {
			if (!((name[i], name[k]) in reach))
				continue
			for (j = 0; j < n; j++)
				if ((name[k], name[j]) in reach)
					reach[name[i], name[j]] = 1
		}
	bad = 0
	for (i = 0; i < n; i++) {
		if (name[i] in done || !((name[i], name[i]) in reach))
			continue
		line = name[i]
		for (j = 0; j < n; j++)
			if (j != i && (name[i], name[j]) in reach &&
			    (name[j], name[i]) in reach) {
				line = line " " name[j]
				done[name[j]] = 1
			}
		print "circle: " line
		bad = 1
	}
	exit bad
}' "$list"
