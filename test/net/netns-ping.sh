#!/bin/sh
# SPDX-License-Identifier: ISC
# Ping and UDP echo against the network stack through a tap device inside a
# network namespace this script creates (and deletes): no traffic leaves it.
#
#   netns-ping.sh UNILINK IMAGE [MORE CMDLINE WORDS]
#   netns-ping.sh UNILINK IMAGE --specialised   (net0.ipv4=10.0.3.2/24 built in)
#
# The image boots with `unilink run` (UNILINK is the command).
#
# Needs root and iproute2; prints "SKIP: why" and exits 77 without them.
set -u
unilink=$1
image=$2
shift 2
cmdline="net0.ipv4=10.0.3.2/24 net0.gateway=0.0.0.0 $*"
[ "${1:-}" = --specialised ] && cmdline=
here=$(cd "$(dirname "$0")" && pwd)
ns=unilink-net-$$
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for ip netns"; exit 77; }
command -v ip >/dev/null || { echo "SKIP: no ip (iproute2)"; exit 77; }
log=$(mktemp)
cleanup() { ip netns del "$ns" 2>/dev/null; rm -f "$log"; }
trap cleanup EXIT
ip netns add "$ns" || { echo "SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip tuntap add dev tap0 mode tap
in_ns ip addr add 10.0.3.1/24 dev tap0
in_ns ip link set tap0 up

in_ns "$unilink" run "$image" --timeout 90 --append "$cmdline" -- \
	-netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
	-device virtio-net-device,netdev=n0 >"$log" 2>&1 &
qemu=$!
in_ns python3 "$here/netns_ping.py" 10.0.3.2
host=$?
wait "$qemu"
status=$?
cat "$log"
[ "$host" = 0 ] || { echo "FAIL: the host side failed"; exit 1; }
[ "$status" = 0 ] || { echo "FAIL: the appliance ended with $status"; exit 1; }
grep -q '^serve: ready' "$log" || { echo "FAIL: no 'serve: ready'"; exit 1; }
echo "PASS"
