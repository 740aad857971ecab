#!/bin/sh
# Boot time and size of the hello appliance, next to an empty PVH image.
#
#   boot-time.sh [HELLO.elf] [RUNS]
#
# Builds test/bench/empty-pvh with clang-19/ld.lld-19 (the baseline: a PVH
# image of a few instructions, not an appliance), then boots each image RUNS
# times (default 5) with `unilink run` (128 MiB each) and prints: hello's
# text+data (llvm-size), its in-guest boot time (TSC at PVH entry -> main,
# printed by hello), and the median wall time from start to exit of both.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
hello=${1:-$top/build/configs/hello.elf}
runs=${2:-5}
unilink=$top/build/bin/unilink

[ -r "$hello" ] || { echo "boot-time.sh: no hello image at $hello (build it first)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The empty image; only xen/elfnote.h is taken from /usr/include.
mkdir -p "$work/inc"
ln -s /usr/include/xen "$work/inc/xen"
clang-19 --target=x86_64-unknown-none-elf -I"$work/inc" -c \
	-o "$work/empty.o" "$here/empty-pvh/empty.S"
ld.lld-19 -nostdlib -static -z max-page-size=4096 \
	-T "$here/empty-pvh/empty.ld" -o "$work/empty.elf" "$work/empty.o"

now_ns() { date +%s%N; }

# median_ms IMAGE: boots IMAGE $runs times, prints the median wall time in ms.
median_ms() {
	i=0
	: >"$work/times"
	while [ "$i" -lt "$runs" ]; do
		t0=$(now_ns)
		if ! "$unilink" run "$1" --timeout 60 --memory 128 >"$work/out" 2>&1; then
			echo "boot-time.sh: $1 did not exit with status 0:" >&2
			cat "$work/out" >&2
			exit 1
		fi
		t1=$(now_ns)
		echo $(((t1 - t0) / 1000)) >>"$work/times"
		i=$((i + 1))
	done
	sort -n "$work/times" | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f", m / 1000 }'
}

empty_ms=$(median_ms "$work/empty.elf")
hello_ms=$(median_ms "$hello")
guest_us=$(sed -n 's/.*PVH entry to main in \([0-9]*\) us.*/\1/p' "$work/out" | head -n 1)
berkeley=$(llvm-size-19 "$hello" | awk 'NR == 2 { print $1 " text, " $2 " data, " $3 " bss" }')

echo "hello image:           $berkeley (llvm-size); text+data $(llvm-size-19 "$hello" | awk 'NR == 2 { print $1 + $2 }') bytes"
echo "hello in-guest boot:   ${guest_us:-?} us (TSC at PVH entry -> main)"
echo "QEMU start -> exit:    hello ${hello_ms} ms, empty PVH image ${empty_ms} ms (median of $runs, ${UNILINK_ACCEL:-tcg})"
