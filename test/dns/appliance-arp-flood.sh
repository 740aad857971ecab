#!/bin/sh
# SPDX-License-Identifier: ISC
# No answer lost while ARP refreshes its entries under load: the DNS
# appliance on a tap in a network namespace this script creates (and
# deletes) answers a steady flood of queries from the namespace for 24 s.
# The ARP lifetime is cut from its defaults (30 s reachable, 5 s delay) to
# arp.reachable_ms=2000 and arp.delay_ms=500, so that the client's entry
# crosses several refreshes (REACHABLE -> STALE -> DELAY -> unicast PROBE
# -> REACHABLE) in the run instead of one per 35 s; every query must be
# answered, and the appliance's counters must show the probes and no
# frame held or dropped by ARP.
#
# usage: appliance-arp-flood.sh UNILINK   (needs root and iproute2; 77 without)
set -u
unilink=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-arp-flood"
. "$here/appliance-lib.sh"
ns=unilink-relnet-arp-$$
seconds=24 rate=300

[ "$(id -u)" = 0 ] || { echo "$what: SKIP: needs root for ip netns"; exit 77; }
command -v ip >/dev/null || { echo "$what: SKIP: no ip (iproute2)"; exit 77; }
app_cleanup_more() {
	ip netns del "$ns" 2>/dev/null
}
app_tmp

app_build -D net0.ipv4=10.0.5.2/24 -D net0.gateway=0.0.0.0 \
	-D arp.reachable_ms=2000 -D arp.delay_ms=500
ip netns add "$ns" || { echo "$what: SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip tuntap add dev tap0 mode tap
in_ns ip addr add 10.0.5.1/24 dev tap0
in_ns ip link set tap0 up

in_ns "$unilink" run "$tmp/dns.elf" --timeout 300 --memory 128 -- \
	-netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
	-device virtio-net-device,netdev=n0 >"$tmp/raw" 2>&1 &
qemu_pid=$!
in_ns python3 "$here/../bench/lib/idle_cpu.py" "$qemu_pid" 0 \
	--wait-dns 10.0.5.2:53 >/dev/null || fail "the appliance never answered"
in_ns python3 "$here/arp_flood.py" 10.0.5.2 53 "$seconds" "$rate"
flood=$?
in_ns python3 -c 'import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"quit", (sys.argv[1], 9))' 10.0.5.2
wait "$qemu_pid"
status=$?
qemu_pid=
tr -d '\r' <"$tmp/raw" >"$tmp/console"
grep -E '^net0: (arp|dropped)|^virtio-net: (interrupts|no interrupt)' "$tmp/console"
[ "$flood" = 0 ] || fail "answers were lost (above)"
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
probes=$(sed -n 's/^net0: arp .* probes \([0-9]*\) .*/\1/p' "$tmp/console")
[ "${probes:-0}" -ge 3 ] ||
	fail "expected the client's entry refreshed by unicast probes (3 or more in ${seconds} s), found ${probes:-none}"
! grep -q '^net0: dropped .*: arp:' "$tmp/console" ||
	fail "ARP dropped frames (above)"
grep -q '^net0: arp .* queued 0 failed 0$' "$tmp/console" ||
	fail "expected no frame held back and no entry given up by ARP"
echo "$what: PASS"
