#!/bin/sh
# SPDX-License-Identifier: ISC
# What an idle DNS server costs its host: the unilink DNS appliance
# (configs/dns/dns.conf) and NSD in a Linux VM (Debian's kernel and the
# initramfs of test/bench/dns/linux-vm.sh), booted side by side under the
# same QEMU flags (TCG, q35, virtio-net-pci on a tap, each in a network
# namespace of its own that this script creates: 198.18.0.1 host side,
# 198.18.0.2 guest, no route out). Once each answers a query, nothing more
# is sent; the CPU time (utime + stime from /proc) of each QEMU process
# over the same SECONDS of wall time is printed, in seconds and per cent
# of one core, with the ratio Linux+NSD / appliance. A benchmark, not a
# test (ctest's dns.appliance_idle keeps the appliance's bound).
#
# usage: run.sh [-d SECONDS] [--unilink PATH]
# Default 60 s; --unilink uses that command (default build/bin/unilink).
# Needs root (ip netns, tap) and the DNS bench's packages (nsd, busybox-
# static, linux-image-amd64, cpio, qemu-system-x86).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
lib=$here/../lib
. "$lib/netns.sh"

seconds=60 unilink=$top/build/bin/unilink
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || { sed -n '/^# usage:/,/^# Default/p' "$0" >&2; exit 2; }
	case $1 in
	-d) seconds=$2 ;;
	--unilink) unilink=$2 ;;
	*) sed -n '/^# usage:/,/^# Default/p' "$0" >&2; exit 2 ;;
	esac
	shift 2
done
case $seconds in '' | *[!0-9]*) echo "idle-bench: -d: expected seconds, found '$seconds'" >&2; exit 2 ;; esac

say() { echo "idle-bench: $*"; }
die() { echo "idle-bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (ip netns, tap devices)"

tmp=$(mktemp -d /tmp/idle-bench.XXXXXX)
ns_a=unilink-idle-a-$$ ns_b=unilink-idle-b-$$
pid_a='' pid_b=''
cleanup() {
	trap - EXIT INT TERM HUP
	for p in $pid_a $pid_b; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	bench_netns_down "$ns_a"
	bench_netns_down "$ns_b"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP

guest=198.18.0.2 mac=52:54:00:12:34:56
zones="example.com=$top/configs/dns/example.com.zone"
zones="$zones 2.0.192.in-addr.arpa=$top/configs/dns/2.0.192.in-addr.arpa.zone"

"$unilink" build "$top/configs/dns/dns.conf" -q --report=none \
	-o "$tmp/dns.elf" -D "net0.ipv4=$guest/24" -D net0.gateway=0.0.0.0 \
	-D net0.dhcp=false || die "unilink build failed"
# shellcheck disable=SC2086 # $zones: one word per zone
kver=$(sh "$here/../dns/linux-vm.sh" "$tmp/vm" "$guest/24" 53 $zones) ||
	die "could not build the Linux VM (see above)"
for ns in "$ns_a" "$ns_b"; do
	bench_netns_up "$ns" tap0 198.18.0.1/24 &&
		bench_netns_neigh "$ns" tap0 "$guest" "$mac" ||
		die "could not create network namespace $ns"
done

qemu_flags="-accel tcg -cpu max -M q35 -m 256 -nodefaults -no-user-config
	-display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
	-netdev tap,id=n0,ifname=tap0,script=no,downscript=no
	-device virtio-net-pci,netdev=n0,mac=$mac"
# shellcheck disable=SC2086
ip netns exec "$ns_a" qemu-system-x86_64 $qemu_flags -kernel "$tmp/dns.elf" \
	-serial "file:$tmp/a.serial" </dev/null >"$tmp/a.qemu" 2>&1 &
pid_a=$!
# shellcheck disable=SC2086
ip netns exec "$ns_b" qemu-system-x86_64 $qemu_flags \
	-kernel "$tmp/vm/vmlinuz" -initrd "$tmp/vm/initrd.cpio" \
	-append "console=ttyS0 quiet panic=-1" \
	-serial "file:$tmp/b.serial" </dev/null >"$tmp/b.qemu" 2>&1 &
pid_b=$!

say "$(date -u +%FT%TZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "$(qemu-system-x86_64 --version | head -n 1); both: TCG, q35, -m 256, virtio-net-pci on a tap"
say "(a) unilink DNS appliance, (b) NSD $(nsd -v 2>&1 | sed -n 's/^NSD version //p' | head -n 1) in Linux $kver"
say "waiting for both to answer, then ${seconds} s with nothing sent"
ip netns exec "$ns_a" python3 "$lib/idle_cpu.py" "$pid_a" "$seconds" \
	--wait-dns "$guest:53" >"$tmp/a.idle" 2>&1 &
wa=$!
ip netns exec "$ns_b" python3 "$lib/idle_cpu.py" "$pid_b" "$seconds" \
	--wait-dns "$guest:53" >"$tmp/b.idle" 2>&1 &
wb=$!
wait "$wa" || die "(a): $(cat "$tmp/a.idle"); console: $(tail -n 3 "$tmp/a.serial")"
wait "$wb" || die "(b): $(cat "$tmp/b.idle"); console: $(tail -n 3 "$tmp/b.serial")"
grep -h '^virtio-net: \(interrupts\|no interrupt\)' "$tmp/a.serial" |
	tr -d '\r' | sed 's/^/idle-bench: (a) /'

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2"; }
printf '%-32s %10s %10s %10s\n' "idle server" "cpu s" "wall s" "% core"
for p in a b; do
	case $p in a) name="(a) unilink appliance" ;; b) name="(b) Linux + NSD VM" ;; esac
	printf '%-32s %10s %10s %10s\n' "$name" "$(field cpu_s "$tmp/$p.idle")" \
		"$(field wall_s "$tmp/$p.idle")" "$(field percent "$tmp/$p.idle")"
done
awk -v a="$(field cpu_s "$tmp/a.idle")" -v b="$(field cpu_s "$tmp/b.idle")" \
	'BEGIN { if (a > 0) printf "ratio b/a: %.1f\n", b / a;
		 else print "ratio b/a: infinite (a used no measurable CPU)" }'
