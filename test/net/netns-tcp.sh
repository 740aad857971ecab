#!/bin/sh
# SPDX-License-Identifier: ISC
# TCP between the appliance and Linux's own TCP through a tap device inside
# a network namespace this script creates (and deletes): no packet leaves
# it. netns_tcp.py is the Linux side (transfers checked by SHA-256, many
# connections, clean and abortive closes checked with ss).
#
#   netns-tcp.sh UNILINK IMAGE [--netem] [--sizes LIST] [--no-arp-probes]
#                [CMDLINE WORDS]
#
# --no-arp-probes: only the transfers, and the appliance's ARP counters
# must show no unicast probe (TCP's forward progress keeps the entry of
# Linux REACHABLE through arp_confirm; give a short arp.reachable_ms).
#
# IMAGE is test/net/tcp-serve.c built generic; the words are added to its
# boot command line (tcp.congestion=newreno, ...). With --netem the frames
# toward the appliance are lost (5%), reordered (25% go at once, the rest
# after 50 ms +- 10 ms), duplicated (1%): by the kernel's netem qdisc on the
# tap when the kernel has it, else by netem_relay.py between QEMU and the
# tap, which does the same in user space (it says which ran).
#
# Needs root, iproute2, ss and python3; prints "SKIP: why" and exits 77
# without them.
set -u
unilink=$1
image=$2
shift 2
netem=
sizes=
noprobes=
while :; do
	case ${1:-} in
	--netem) netem=1; shift ;;
	--sizes) sizes=$2; shift 2 ;;
	--no-arp-probes) noprobes=1; shift ;;
	*) break ;;
	esac
done
cmdline="net0.ipv4=10.0.4.2/24 net0.gateway=0.0.0.0 $*"
here=$(cd "$(dirname "$0")" && pwd)
ns=unilink-tcp-$$
tap=tcptap0
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for ip netns"; exit 77; }
for c in ip ss python3; do
	command -v $c >/dev/null || { echo "SKIP: no $c"; exit 77; }
done
log=$(mktemp)
relay=
cleanup() {
	[ -n "$relay" ] && kill "$relay" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -f "$log" "$log.relay"
}
trap cleanup EXIT
ip netns add "$ns" || { echo "SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip tuntap add dev $tap mode tap ||
	{ echo "SKIP: cannot create a tap device"; exit 77; }
in_ns sh -c "echo 1 > /proc/sys/net/ipv6/conf/$tap/disable_ipv6" 2>/dev/null
in_ns ip addr add 10.0.4.1/24 dev $tap
in_ns ip link set $tap up

netdev="-netdev tap,id=n0,ifname=$tap,script=no,downscript=no"
if [ -n "$netem" ]; then
	if in_ns tc qdisc add dev $tap root netem loss 5% reorder 25% \
		duplicate 1% delay 50ms 10ms 2>/dev/null; then
		echo "netem: the kernel's qdisc on $tap"
	else
		echo "netem: no netem qdisc in this kernel; netem_relay.py" \
			"between QEMU and $tap does the same in user space"
		# not through in_ns: $! must be the relay itself
		ip netns exec "$ns" python3 "$here/netem_relay.py" $tap \
			7401 7402 >"$log.relay" 2>&1 &
		relay=$!
		netdev="-netdev dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=7402,remote.type=inet,remote.host=127.0.0.1,remote.port=7401"
	fi
fi

start=$(date +%s)
in_ns "$unilink" run "$image" --timeout 1500 --append "$cmdline" -- \
	$netdev -device virtio-net-device,netdev=n0 >"$log" 2>&1 &
qemu=$!
in_ns python3 "$here/netns_tcp.py" 10.0.4.2 ${netem:+--netem} \
	${sizes:+--sizes "$sizes"} ${noprobes:+--transfers-only}
host=$?
wait "$qemu"
status=$?
cat "$log"
if [ -n "$relay" ]; then
	kill "$relay" && wait "$relay"
	relay=
	cat "$log.relay"
fi
echo "netns-tcp: $(($(date +%s) - start)) s in all"
[ "$host" = 0 ] || { echo "FAIL: the Linux side failed"; exit 1; }
[ "$status" = 0 ] || { echo "FAIL: the appliance ended with $status"; exit 1; }
grep -q '^tcp-serve: ready' "$log" || { echo "FAIL: no 'tcp-serve: ready'"; exit 1; }
grep -q ' 0 still open' "$log" ||
	{ echo "FAIL: the appliance still holds connections"; exit 1; }
if [ -z "$netem" ] && [ -z "$noprobes" ] &&
	[ "$(grep -c 'ended with reason 1' "$log")" -lt 2 ]; then
	echo "FAIL: expected two connections reset by Linux (SO_LINGER 0)"
	exit 1
fi
if [ -n "$noprobes" ]; then
	# net0: arp requests 1 probes 0 replies 1 confirmed 12 queued 1 failed 0
	arp=$(grep -m1 '^net0: arp requests' "$log")
	probes=$(echo "$arp" | sed -n 's/.* probes \([0-9]*\) .*/\1/p')
	[ -n "$probes" ] ||
		{ echo "FAIL: no 'net0: arp requests ... probes N' line"; exit 1; }
	[ "$probes" = 0 ] || {
		echo "FAIL: $probes unicast ARP probes during the transfers" \
			"(expected 0: TCP confirms the neighbour): $arp"
		exit 1
	}
	echo "no ARP probe: $arp"
fi
echo "PASS"
