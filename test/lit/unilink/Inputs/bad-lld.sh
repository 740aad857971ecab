#!/bin/sh
# A stand-in for ld.lld-19 that succeeds but writes a file that is not an
# image, so that the image check of the build fails.
while [ $# -gt 0 ]; do
	[ "$1" = -o ] && out=$2
	shift
done
echo "not an image" >"$out"
