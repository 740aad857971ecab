#!/bin/sh
# SPDX-License-Identifier: ISC
# The controller appliance (configs/ofctl) with Open vSwitch: in a network
# namespace this script creates, ovsdb-server and ovs-vswitchd (started
# here, with their database, sockets and logs in a temporary folder; the
# userspace datapath, so no kernel module is needed) run two bridges in
# fail_mode=secure: br0 with hosts h1, h2, h3 and br1 with h4, h5, each a
# namespace on a veth pair. The appliance runs under QEMU on a tap in the
# switch's namespace; br0 connects to it on 6653, br1 on 6633.
#
# Checked: no ping passes before the controller is there; once it is, the
# hosts of each bridge ping each other, `ovs-ofctl dump-flows` shows the
# flows the controller installed (in_port, dl_src, dl_dst -> output), the
# appliance prints both switches and their flow counts (OFPST_AGGREGATE);
# the controller is stopped: the installed flows keep the pings going; it
# boots again, the bridges reconnect, and with their flows deleted the
# hosts ping again through flows the new controller installs.
#
#   ovs-appliance.sh UNILINK
#
# Needs root, iproute2, ping and openvswitch-switch; prints "SKIP: why"
# and exits 77 without them.
set -u
unilink=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for ip netns"; exit 77; }
for c in ip ping ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl; do
	command -v $c >/dev/null || { echo "SKIP: no $c"; exit 77; }
done
schema=/usr/share/openvswitch/vswitch.ovsschema
[ -f $schema ] || { echo "SKIP: no $schema"; exit 77; }

tag=openflow-$$
sw=unilink-$tag-sw
hosts="h1 h2 h3 h4 h5"
work=$(mktemp -d)
ctl=10.0.10.2
qemu=
export OVS_RUNDIR="$work" OVS_LOGDIR="$work" OVS_DBDIR="$work"
cleanup() {
	[ -n "$qemu" ] && kill "$qemu" 2>/dev/null && wait "$qemu" 2>/dev/null
	for p in "$work/ovs-vswitchd.pid" "$work/ovsdb-server.pid"; do
		[ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
	done
	sleep 0.5
	for h in $hosts; do ip netns del "unilink-$tag-$h" 2>/dev/null; done
	ip netns del "$sw" 2>/dev/null
	[ -n "${OF_DEBUG:-}" ] && cp "$work/ovs-vswitchd.log" /tmp/of-vswitchd.log
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*"
	for f in "$work"/console*.log; do
		[ -f "$f" ] && { echo "--- $f"; tr -d '\r' <"$f" | tail -30; }
	done
	if [ -f "$work/ovs-vswitchd.log" ]; then
		echo "--- vswitchd"
		grep -E 'WARN|ERR|EMER' "$work/ovs-vswitchd.log" | tail -20
		ofctl dump-flows br0
		ofctl dump-ports br0
	fi
	exit 1
}
in_sw() { ip netns exec "$sw" "$@"; }
in_h() { _h=$1; shift; ip netns exec "unilink-$tag-$_h" "$@"; }
vsctl() { in_sw ovs-vsctl --db="unix:$work/db.sock" --timeout=20 "$@"; }
ofctl() { in_sw ovs-ofctl -O OpenFlow10 "$@"; }

"$unilink" build "$top/configs/ofctl/ofctl.conf" -q --report=none \
	-o "$work/ofctl.elf" -D "net0.ipv4=$ctl/24" -D net0.gateway=0.0.0.0 \
	-D ofctl.stats_interval_s=1 >"$work/build.log" 2>&1 ||
	{ cat "$work/build.log"; fail "unilink build"; }

ip netns add "$sw" || { echo "SKIP: ip netns add failed"; exit 77; }
in_sw ip link set lo up
in_sw ip tuntap add dev tap0 mode tap ||
	{ echo "SKIP: cannot create a tap device"; exit 77; }
in_sw ip addr add 10.0.10.1/24 dev tap0
in_sw ip link set tap0 up

# The switch: its own database and daemons, in the namespace.
ovsdb-tool create "$work/conf.db" $schema || fail "ovsdb-tool create"
in_sw ovsdb-server "$work/conf.db" --remote="punix:$work/db.sock" \
	--pidfile="$work/ovsdb-server.pid" --unixctl="$work/ovsdb.ctl" \
	--log-file="$work/ovsdb-server.log" --detach 2>>"$work/daemons.log" ||
	fail "ovsdb-server"
in_sw ovs-appctl -t "$work/ovsdb.ctl" vlog/set ANY:file:info >/dev/null 2>&1
vsctl --no-wait init || fail "ovs-vsctl init"
in_sw ovs-vswitchd "unix:$work/db.sock" --pidfile="$work/ovs-vswitchd.pid" \
	--unixctl="$work/ovs-vswitchd.ctl" --log-file="$work/ovs-vswitchd.log" \
	--detach 2>>"$work/daemons.log" || fail "ovs-vswitchd"
[ -n "${OF_DEBUG:-}" ] && in_sw ovs-appctl -t "$work/ovs-vswitchd.ctl" vlog/set vconn:file:dbg
for b in br0 br1; do
	vsctl add-br $b -- set bridge $b datapath_type=netdev \
		protocols=OpenFlow10 fail_mode=secure || fail "add-br $b"
done

# The hosts: h1-h3 on br0, h4-h5 on br1, 10.0.11.N/24.
n=0
for h in $hosts; do
	n=$((n + 1))
	br=br0
	[ $n -ge 4 ] && br=br1
	ip netns add "unilink-$tag-$h" || fail "netns $h"
	in_sw ip link add "p$h" type veth peer name eth0 \
		netns "unilink-$tag-$h" || fail "veth $h"
	in_sw ip link set "p$h" up
	in_h "$h" ip link set lo up
	in_h "$h" ip addr add "10.0.11.$n/24" dev eth0
	in_h "$h" ip link set eth0 up
	vsctl add-port $br "p$h" || fail "add-port $h"
done
addr_of() { echo "10.0.11.$(echo "$1" | tr -d h)"; }
mac_of() { in_h "$1" cat /sys/class/net/eth0/address; }
# ping_ok FROM TO: replies within 20 s (the first packets are flooded
# through a controller under TCG); ping_all FROM TO: 5 of 5.
ping_ok() {
	in_h "$1" ip neigh flush dev eth0 # no FAILED entry of an earlier try
	in_h "$1" ping -c 3 -i 0.5 -w 20 -q "$(addr_of "$2")" >"$work/ping" 2>&1 ||
		{ cat "$work/ping"; false; }
}
ping_all() {
	in_h "$1" ping -c 5 -i 0.2 -W 2 -q "$(addr_of "$2")" >"$work/ping" 2>&1 &&
		grep -q ' 5 received' "$work/ping"
}

in_h h1 ping -c 2 -W 1 -q "$(addr_of h2)" >/dev/null 2>&1 &&
	fail "h1 pings h2 without a controller (fail_mode=secure)"
echo "ovs-appliance: no ping without a controller"

boot() {
	ip netns exec "$sw" "$unilink" run "$work/ofctl.elf" --timeout 600 -- \
		-netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
		-device virtio-net-device,netdev=n0 >"$1" 2>&1 &
	qemu=$!
	for _ in $(seq 300); do
		grep -q '^ofctl: ready' "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	fail "no 'ofctl: ready' in 60 s"
}
# wait_switches LOG: both bridges connected and described.
wait_switches() {
	for _ in $(seq 300); do
		[ "$(grep -c '^ofctl: switch .* connected from' "$1")" -ge 2 ] &&
			return 0
		sleep 0.2
	done
	fail "the bridges did not connect in 60 s"
}

start=$(date +%s)
boot "$work/console1.log"
vsctl set-controller br0 "tcp:$ctl:6653" || fail "set-controller br0"
vsctl set-controller br1 "tcp:$ctl:6633" || fail "set-controller br1"
wait_switches "$work/console1.log"
echo "ovs-appliance: booted, both bridges connected in $(($(date +%s) - start)) s"

for pair in "h1 h2" "h2 h3" "h1 h3" "h4 h5"; do
	# shellcheck disable=SC2086
	set -- $pair
	ping_ok "$1" "$2" || fail "$1 cannot ping $2"
	ping_all "$1" "$2" || { cat "$work/ping"; fail "$1 -> $2 lost packets"; }
done
echo "ovs-appliance: h1, h2, h3 ping each other on br0, h4 and h5 on br1"

flows=$(ofctl dump-flows br0) || fail "dump-flows br0"
m1=$(mac_of h1) m2=$(mac_of h2)
echo "$flows" | grep -q "dl_src=$m1,dl_dst=$m2 actions=output:" ||
	{ echo "$flows"; fail "no flow h1 -> h2 in br0"; }
echo "$flows" | grep -q "dl_src=$m2,dl_dst=$m1 actions=output:" ||
	{ echo "$flows"; fail "no flow h2 -> h1 in br0"; }
echo "$flows" | grep -q "idle_timeout=60" ||
	{ echo "$flows"; fail "the flows lack ofctl.idle_timeout (60)"; }
m4=$(mac_of h4) m5=$(mac_of h5)
ofctl dump-flows br1 | grep -q "dl_src=$m4,dl_dst=$m5 actions=output:" ||
	fail "no flow h4 -> h5 in br1"
echo "ovs-appliance: dump-flows shows the installed flows"
sleep 1.5
grep -q '^ofctl: switch .* has [1-9][0-9]* flows' "$work/console1.log" ||
	fail "the appliance printed no flow count"

ping_all h1 h2 || { cat "$work/ping"; fail "h1 -> h2 lost packets, flows installed"; }
# The controller goes: the flows stay and carry the traffic.
kill "$qemu"
wait "$qemu" 2>/dev/null
qemu=
# The switch notices the loss only at its inactivity probe: three replies
# within 10 s, whatever it is doing meanwhile.
in_h h1 ping -c 3 -i 0.3 -w 10 -q "$(addr_of h2)" >"$work/ping" 2>&1 ||
	{ cat "$work/ping"; fail "h1 -> h2 without the controller"; }
echo "ovs-appliance: controller stopped, the installed flows carry pings"

start=$(date +%s)
boot "$work/console2.log"
wait_switches "$work/console2.log"
echo "ovs-appliance: restarted, both bridges reconnected in $(($(date +%s) - start)) s"
ofctl del-flows br0 || fail "del-flows"
ofctl dump-flows br0 | grep -q dl_src && fail "del-flows left flows"
ping_ok h3 h1 || fail "h3 cannot ping h1 after the restart"
ping_all h1 h3 || fail "h1 -> h3 lost packets after the restart"
ofctl dump-flows br0 | grep -q "dl_src=$m1,dl_dst=$(mac_of h3) actions=output:" ||
	fail "no flow h1 -> h3 from the restarted controller"
echo "ovs-appliance: the restarted controller installs flows again"
if grep -q 'panic\|fault' "$work"/console*.log; then
	fail "the appliance faulted"
fi
grep -h '^ofctl: switch' "$work/console2.log" | tr -d '\r' | head -6
echo "PASS"
