#!/bin/sh
# SPDX-License-Identifier: ISC
# The DNS appliance built without the command: clang-19 and ld.lld-19 with
# `unilink cflags`, `unilink ldflags` and the object of `unilink data` (the
# zones and the run note), by the plain Makefile of test/make-project.
# With no dns.qemu.sh beside it, `unilink run` boots it with the memory and
# the network device of its run note: the same as the dns.qemu.sh of the
# `unilink build` image of the same configuration says. Both images are
# booted side by side under QEMU and asked the differential test's queries
# (names and types by AXFR from NSD); every answer of the clang image must
# equal the command image's, byte for byte.
#
# usage: appliance-clang.sh UNILINK   (exit 77 without NSD)
set -u
unilink=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-clang"
. "$here/appliance-lib.sh"

base=$(mktemp -d /tmp/dns-appliance-clang.XXXXXX)
cmd_pid= clang_pid=
cleanup() {
	for p in $cmd_pid $clang_pid; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$base"
}
trap cleanup EXIT INT TERM

mkdir "$base/cmd" "$base/clang"
make -s -f "$top/test/make-project/Makefile" UNILINK="$unilink" \
	CONFIG="$top/configs/dns/dns.conf" OUT="$base/clang" \
	DEFINES="dns.control_port=9 dns.rrl=false" >"$base/make.log" 2>&1 ||
	{ cat "$base/make.log"; fail "the Makefile build failed"; }
[ -f "$base/clang/dns.elf" ] || fail "the Makefile made no dns.elf"
[ -e "$base/clang/dns.qemu.sh" ] && fail "expected no dns.qemu.sh beside the clang image"
echo "$what: clang image $(stat -c %s "$base/clang/dns.elf") bytes"
tmp=$base/cmd
app_build
app_boot
cmd_port=$port cmd_ctl=$ctl cmd_pid=$qemu_pid
app_wait_ready 180 || fail "the command's image did not answer within 180 s"

# The clang image as `unilink run IMAGE` boots it on its own: no --memory.
tmp=$base/clang
port=$(free_port)
ctl=$(free_port)
"$unilink" run "$tmp/dns.elf" -v --timeout 900 \
	--hostfwd "udp:127.0.0.1:$port-:53" --hostfwd "tcp:127.0.0.1:$port-:53" \
	--hostfwd "udp:127.0.0.1:$ctl-:9" >"$tmp/raw" 2>&1 &
qemu_pid=$!
clang_port=$port clang_ctl=$ctl clang_pid=$qemu_pid
app_wait_ready 180 || { cat "$tmp/raw"; fail "the clang image did not answer within 180 s"; }

want=$(sed -n 's/^memory=//p' "$base/cmd/dns.qemu.sh")
got=$(sed -n 's/^+ .* -m \([0-9]*\) .*/\1/p' "$tmp/raw")
[ -n "$want" ] && [ "$got" = "$want" ] ||
	fail "the clang image booted with -m '$got', expected the command's memory=$want"
grep -q '^+ .* -device virtio-net-device,netdev=net0' "$tmp/raw" ||
	fail "the clang image booted without the virtio-net device of its note"
echo "$what: run note: -m $got and a virtio-net device, as dns.qemu.sh says"

"$here/nsd-diff.sh" --server "127.0.0.1:$clang_port" \
	--ref "127.0.0.1:$cmd_port" "$top/configs/dns"
rc=$?
for v in cmd clang; do
	eval "tmp=\$base/$v ctl=\$${v}_ctl qemu_pid=\$${v}_pid"
	app_quit
	eval "${v}_pid="
	[ "$status" = 0 ] || fail "the $v image ended with status $status"
done
[ "$rc" = 77 ] && exit 77
[ "$rc" = 0 ] || fail "the clang image's answers differ from the command's (above)"
echo "$what: PASS: the clang image answered every query as the command's did"
