# SPDX-License-Identifier: ISC
# Shell helpers for benches (source this file): a network namespace with a
# tap device for a VM, and medians. Nothing here routes out of the
# namespace: it has only lo and the tap, addresses from 198.18.0.0/15.
#
#   bench_netns_up NS TAP HOST_CIDR   create NS, lo up, TAP with HOST_CIDR
#   bench_netns_neigh NS TAP IP MAC   a permanent ARP entry: no resolution
#                                     delay when a VM's first packets go out
#   bench_netns_down NS               delete NS (and its tap); no error if gone
#   bench_in_ns NS COMMAND...         run COMMAND inside NS

bench_netns_up() {
	ip netns add "$1" || return 1
	ip netns exec "$1" ip link set lo up &&
		ip netns exec "$1" ip tuntap add dev "$2" mode tap &&
		ip netns exec "$1" ip addr add "$3" dev "$2" &&
		ip netns exec "$1" ip link set "$2" up
}

bench_netns_neigh() {
	ip netns exec "$1" ip neigh replace "$3" lladdr "$4" dev "$2" nud permanent
}

bench_netns_down() {
	ip netns del "$1" 2>/dev/null
	return 0
}

bench_in_ns() {
	_ns=$1
	shift
	ip netns exec "$_ns" "$@"
}

