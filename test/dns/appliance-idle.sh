#!/bin/sh
# SPDX-License-Identifier: ISC
# An idle appliance costs its host (almost) nothing: the DNS appliance
# booted with `unilink run` (microvm, or q35 with the argument q35), once
# it answers, is left alone for 10 s; its QEMU process tree must use less
# than 1 % of a core in that time (utime + stime from /proc), and the
# driver must say that it waits for interrupts. With the 1 ms polling timer
# it used to cost about 5 %.
#
# usage: appliance-idle.sh UNILINK [microvm|q35]
set -u
unilink=$1
machine=${2:-microvm}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-idle ($machine)"
. "$here/appliance-lib.sh"
seconds=10 bound=1.0

app_tmp
app_build
app_boot "$machine"
out=$(python3 "$here/../bench/lib/idle_cpu.py" "$qemu_pid" "$seconds" \
	--wait-dns "127.0.0.1:$port") || fail "$out"
app_quit
grep '^virtio-net: \(interrupts\|no interrupt\)' "$tmp/console"
echo "$what: idle for ${seconds} s: $out (bound ${bound} %)"
grep -q '^virtio-net: interrupts:' "$tmp/console" ||
	fail "expected the driver to wait for interrupts, it polls"
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
pct=${out##*percent=}
awk -v p="$pct" -v b="$bound" 'BEGIN { exit !(p < b) }' ||
	fail "the idle appliance used ${pct} % of a core, expected < ${bound} %"
echo "$what: PASS"
