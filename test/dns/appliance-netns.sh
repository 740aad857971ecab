#!/bin/sh
# SPDX-License-Identifier: ISC
# The DNS appliance on a tap device inside a network namespace this script
# creates (and deletes), so no traffic leaves it: built specialised with
# net0 = 10.0.4.2/24, it must answer ping (ICMP echo from a raw socket) and
# every dig check of appliance_checks.py on port 53, then stop through its
# control port and exit 0.
#
# usage: appliance-netns.sh UNILINK   (needs root and iproute2; exit 77 without)
set -u
unilink=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-netns"
. "$here/appliance-lib.sh"
ns=unilink-dns-$$

[ "$(id -u)" = 0 ] || { echo "$what: SKIP: needs root for ip netns"; exit 77; }
command -v ip >/dev/null || { echo "$what: SKIP: no ip (iproute2)"; exit 77; }
command -v dig >/dev/null || { echo "$what: SKIP: no dig (dnsutils)"; exit 77; }
app_cleanup_more() {
	ip netns del "$ns" 2>/dev/null
}
app_tmp

app_build -D net0.ipv4=10.0.4.2/24 -D net0.gateway=0.0.0.0
ip netns add "$ns" || { echo "$what: SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip tuntap add dev tap0 mode tap
in_ns ip addr add 10.0.4.1/24 dev tap0
in_ns ip link set tap0 up

in_ns "$unilink" run "$tmp/dns.elf" --timeout 600 --memory 128 -- \
	-netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
	-device virtio-net-device,netdev=n0 >"$tmp/raw" 2>&1 &
qemu_pid=$!
in_ns python3 "$here/appliance_checks.py" --server 10.0.4.2 --port 53 \
	--control 9 --ping --wait 180
checks=$?
wait "$qemu_pid"
status=$?
qemu_pid=
tr -d '\r' <"$tmp/raw" | sed 's/^/  console: /' | grep -v 'console: dns\.'
[ "$checks" = 0 ] || fail "the checks from the namespace failed (above)"
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
echo "$what: PASS"
