#!/bin/sh
# SPDX-License-Identifier: ISC
#
# measure-sizes.sh: the text size of a program after each unilink pass and
# the symbols each pass made vanish. Every stage is the program with the
# passes so far, then the pipeline that images get (the plugin's
# unilink-optimize element, unilink_opt_pipeline() in passes/specialize.c,
# with internalize keeping the entry and mem*), compiled with llc and
# measured with llvm-size; "generic" is the program with no unilink pass
# at all.
#
# usage: measure-sizes.sh PLUGIN CONFIG ENTRY INPUT.{c,ll,bc}...
#   PLUGIN  build/lib/unilink-passes.so
#   CONFIG  the appliance configuration (an empty file for the defaults)
#   ENTRY   the symbols to keep external, comma-separated (main)
# C inputs are compiled freestanding for x86-64 with rt/include on the path;
# CFLAGS adds flags. Tools: the LLVM 19 ones (LLVM_BIN, default
# /usr/lib/llvm-19/bin).
set -eu

if [ $# -lt 4 ]; then
	echo "usage: $0 PLUGIN CONFIG ENTRY INPUT.{c,ll,bc}..." >&2
	exit 2
fi
plugin=$1 config=$2 entry=$3
shift 3
bin=${LLVM_BIN:-/usr/lib/llvm-19/bin}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Compile and link the inputs into one module.
n=0
for f in "$@"; do
	n=$((n + 1))
	case $f in
	*.c)
		"$bin/clang" --target=x86_64-unknown-none-elf -ffreestanding \
			-nostdlibinc -fno-pic -fno-stack-protector -O1 \
			-I"$src/rt/include" -I"$src/rt/include/libc" \
			${CFLAGS:-} -c -emit-llvm "$f" -o "$work/in$n.bc" ;;
	*) cp "$f" "$work/in$n.bc" ;;
	esac
done
"$bin/llvm-link" "$work"/in*.bc -o "$work/all.bc"

# One stage: the unilink passes named in $2 (may be empty), then the one
# optimisation pipeline.
stage() {
	name=$1 passes=$2
	if [ -n "$passes" ]; then
		"$bin/opt" -load-pass-plugin="$plugin" -passes="$passes" \
			-unilink-config="$config" "$work/all.bc" \
			-o "$work/$name.spec.bc"
	else
		cp "$work/all.bc" "$work/$name.spec.bc"
	fi
	"$bin/opt" -load-pass-plugin="$plugin" -passes=unilink-optimize \
		-internalize-public-api-list="$entry,memcpy,memset,memmove,memcmp" \
		"$work/$name.spec.bc" -o "$work/$name.opt.bc"
	"$bin/llc" -O2 -filetype=obj -relocation-model=static \
		"$work/$name.opt.bc" -o "$work/$name.o"
	"$bin/llvm-nm" --defined-only "$work/$name.o" | awk '{print $3}' |
		sort > "$work/$name.syms"
	"$bin/llvm-size" -A "$work/$name.o" |
		awk '$1 ~ /^\.text/ {t += $2} END {print t + 0}'
}

printf '%-16s %8s %8s  %s\n' stage text delta vanished
prev=
prev_size=
for s in generic config-fold driver-prune protocol-prune; do
	case $s in
	generic) p= ;;
	config-fold) p=unilink-config-fold ;;
	driver-prune) p=unilink-config-fold,unilink-driver-prune ;;
	protocol-prune) p=unilink-specialize ;;
	esac
	size=$(stage "$s" "$p")
	gone=
	if [ -n "$prev" ]; then
		gone=$(comm -23 "$work/$prev.syms" "$work/$s.syms" | tr '\n' ' ')
	fi
	delta=${prev_size:+$((size - prev_size))}
	printf '%-16s %8s %8s  %s\n' "$s" "$size" "${delta:--}" "$gone"
	prev=$s
	prev_size=$size
done
