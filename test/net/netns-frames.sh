#!/bin/sh
# SPDX-License-Identifier: ISC
# Frame-level conformance of the network stack: netns_frames.py sends
# crafted Ethernet frames to an appliance through a tap device inside a
# network namespace this script creates (and deletes), and checks every
# answer, every silence and the drop counters. The tap has no address and
# no IPv6, so the namespace's own kernel sends nothing on it.
#
#   netns-frames.sh UNILINK IMAGE  test/net/serve.c, configured at boot
#   netns-frames.sh --dns UNILINK  configs/dns, specialised for 10.0.3.2
#
# The image boots with `unilink run` (UNILINK is the command).
#
# Needs root, iproute2 and python3; prints "SKIP: why" and exits 77 without.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
ns=unilink-frames-$$
tmp=
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for ip netns"; exit 77; }
command -v ip >/dev/null || { echo "SKIP: no ip (iproute2)"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
cleanup() { ip netns del "$ns" 2>/dev/null; [ -n "$tmp" ] && rm -rf "$tmp"; }
trap cleanup EXIT

mode=
cmdline="net0.ipv4=10.0.3.2/24 net0.gateway=0.0.0.0"
if [ "$1" = --dns ]; then
	tmp=$(mktemp -d /tmp/netns-frames.XXXXXX)
	image=$tmp/dns.elf
	"$2" build "$top/configs/dns/dns.conf" -q --report=none -o "$image" \
		-D dns.control_port=9 -D net0.ipv4=10.0.3.2/24 \
		-D net0.gateway=0.0.0.0 || { echo "FAIL: unilink build"; exit 1; }
	unilink=$2
	mode=dns
	cmdline=
else
	unilink=$1
	image=$2
fi

ip netns add "$ns" || { echo "SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip tuntap add dev tap0 mode tap ||
	{ echo "SKIP: cannot create a tap device"; exit 77; }
in_ns sh -c 'echo 1 > /proc/sys/net/ipv6/conf/tap0/disable_ipv6' 2>/dev/null
in_ns ip link set tap0 up

in_ns python3 "$here/netns_frames.py" "$top/rt/net/drop.h" \
	"$unilink" "$image" "$cmdline" $mode
status=$?
[ "$status" = 0 ] && echo "PASS" || echo "FAIL: $status"
exit "$status"
