#!/bin/sh
# SPDX-License-Identifier: ISC
# The blkfront test disk: 2048 sectors of 512 bytes, zero but for a marker
# at the start of sector 0 and of the last sector (test.c checks both).
set -eu
out=$1
dd if=/dev/zero of="$out.tmp" bs=512 count=2048 2>/dev/null
printf 'unilink blkfront test disk: first sector' |
	dd of="$out.tmp" bs=512 seek=0 conv=notrunc 2>/dev/null
printf 'unilink blkfront test disk: last sector' |
	dd of="$out.tmp" bs=512 seek=2047 conv=notrunc 2>/dev/null
mv "$out.tmp" "$out"
