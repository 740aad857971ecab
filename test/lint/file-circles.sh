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
# usage: file-circles.sh [--rooms] [--allow FILE] NM OBJECT|DIR...
#   An object's name is its path after ".../CMakeFiles/TARGET.dir/"; a DIR
#   stands for every *.o below it. FILE lists the uses that may close a
#   circle, one "FROM TO reason" a line (# starts a comment): each must say
#   why, and each must still exist, so that the list stays the smallest.
# Exit status 0: no circle; 1: the circles (or a stale or unexplained
# allowed use) are printed, one per line; 2: usage error or no object found.
set -eu
rooms=0
allow=/dev/null
while :; do
	case ${1:-} in
	--rooms) rooms=1; shift ;;
	--allow) [ $# -ge 2 ] || break; allow=$2; shift 2 ;;
	*) break ;;
	esac
done
[ -r "$allow" ] || { echo "$0: cannot read $allow" >&2; exit 2; }
[ $# -ge 2 ] || {
	echo "usage: $0 [--rooms] [--allow FILE] NM OBJECT|DIR..." >&2
	exit 2
}
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

awk -v allow="$allow" '
FILENAME == allow {
	sub(/#.*/, "")
	if (NF == 0)
		next
	if (NF < 3) {
		print "allowed use without a reason: " $0
		bad = 1
	}
	allowed[$1, $2] = 1
	next
}
$1 == "D" { def[$3] = $2; file[$2] = 1; next }
$1 == "U" { use[$2, $3] = 1; file[$2] = 1 }
END {
	n = 0
	for (f in file)
		name[n++] = f
	for (k in use) {
		split(k, p, SUBSEP)
		if (!(p[2] in def) || def[p[2]] == p[1])
			continue
		if ((p[1], def[p[2]]) in allowed)
			seen[p[1], def[p[2]]] = 1
		else
			reach[p[1], def[p[2]]] = 1
	}
	for (k in allowed)
		if (!(k in seen)) {
			split(k, p, SUBSEP)
			print "allowed use not found: " p[1] " -> " p[2]
			bad = 1
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
}' "$allow" "$list"
