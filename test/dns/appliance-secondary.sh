#!/bin/sh
# SPDX-License-Identifier: ISC
# A primary and a secondary DNS appliance on one bridge, in a network
# namespace this script creates (and deletes), so no traffic leaves it:
# two QEMUs, each on a tap of the bridge br0 (10.0.5.0/24; the namespace is
# 10.0.5.1). The secondary (10.0.5.3, dns.secondary = the two zones of
# configs/dns, dns.primary = 10.0.5.2) boots first and answers SERVFAIL;
# then the primary (10.0.5.2, dns.notify = 10.0.5.3) boots, the secondary transfers both zones
# (AXFR over TCP, guest to guest) and answers every name x type of them
# byte for byte as the primary does (dnsdiff.py --raw, over UDP and TCP).
# The primary is then replaced by one whose example.com has a higher serial
# and one more name, with dns.notify = 10.0.5.3: its NOTIFY makes the
# secondary check the serial and transfer again (the SOA's REFRESH is two
# hours), and the secondary serves the new data, again byte for byte as
# the primary. Both stop through their control ports with status 0.
#
# usage: appliance-secondary.sh UNILINK   (needs root, iproute2, dig; 77 without)
set -u
unilink=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-secondary"
. "$here/appliance-lib.sh"
ns=unilink-secondary-$$
zones="example.com 2.0.192.in-addr.arpa"

[ "$(id -u)" = 0 ] || { echo "$what: SKIP: needs root for ip netns"; exit 77; }
command -v ip >/dev/null || { echo "$what: SKIP: no ip (iproute2)"; exit 77; }
command -v dig >/dev/null || { echo "$what: SKIP: no dig (dnsutils)"; exit 77; }
sec_pid= pri_pid=
# kill_tree PID: PID and every process below it (ip netns exec, unilink
# run and its QEMU), children first.
kill_tree() {
	for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		kill_tree "$c"
	done
	kill "$1" 2>/dev/null
}
app_cleanup_more() {
	[ -n "$sec_pid" ] && kill_tree "$sec_pid"
	[ -n "$pri_pid" ] && kill_tree "$pri_pid"
	wait 2>/dev/null
	ip netns del "$ns" 2>/dev/null
}
t0=$(date +%s)
say() { echo "$what: [$(($(date +%s) - t0)) s] $*"; }
app_tmp

build() { # OUT OPTIONS...
	out=$1
	shift
	"$unilink" build "$top/configs/dns/dns.conf" -q --report=none \
		-o "$tmp/$out" -D dns.control_port=9 -D dns.rrl=false \
		-D net0.gateway=0.0.0.0 -D dns.axfr_allow=10.0.5.0/24 "$@" ||
		fail "unilink build of $out failed"
}
# The second primary's example.com: serial + 1 and a new name.
sed 's/2024060101/2024060102/' "$top/configs/dns/example.com.zone" \
	>"$tmp/example.com.zone"
printf 'added\tIN\tA\t192.0.2.222\n' >>"$tmp/example.com.zone"
cp "$top/configs/dns/2.0.192.in-addr.arpa.zone" "$tmp/"
build primary.elf -D net0.ipv4=10.0.5.2/24 -D dns.notify=10.0.5.3
build primary2.elf -D net0.ipv4=10.0.5.2/24 -D dns.notify=10.0.5.3 \
	-D "dns.zone=$tmp/example.com.zone,$tmp/2.0.192.in-addr.arpa.zone"
build secondary.elf -D net0.ipv4=10.0.5.3/24 -D dns.zone= \
	-D "dns.secondary=example.com,2.0.192.in-addr.arpa" \
	-D dns.primary=10.0.5.2
say "three images built"

ip netns add "$ns" || { echo "$what: SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip link add br0 type bridge
in_ns ip addr add 10.0.5.1/24 dev br0
in_ns ip link set br0 up
for t in tap0 tap1; do
	in_ns ip tuntap add dev "$t" mode tap
	in_ns ip link set "$t" master br0
	in_ns ip link set "$t" up
done

boot() { # IMAGE TAP MAC LOG
	in_ns "$unilink" run "$tmp/$1" --timeout 300 --memory 128 -- \
		-netdev "tap,id=n0,ifname=$2,script=no,downscript=no" \
		-device "virtio-net-device,netdev=n0,mac=$3" >"$tmp/$4" 2>&1 &
}
wait_for() { # SECONDS SERVER NAME TYPE PATTERN
	end=$(($(date +%s) + $1))
	while [ "$(date +%s)" -lt "$end" ]; do
		in_ns dig @"$2" +time=1 +tries=1 "$3" "$4" 2>/dev/null |
			grep -q -- "$5" && return 0
		sleep 0.5
	done
	return 1
}
quit() { # SERVER
	in_ns python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"quit", (sys.argv[1], 9))' "$1"
}
console() { # LOG
	tr -d '\r' <"$tmp/$1" | sed "s/^/  $1: /" | grep -v ": dns\.[a-z_0-9]* 0$"
}
dnsdiff() {
	in_ns python3 "$here/dnsdiff.py" 10.0.5.2:53 10.0.5.3:53 $zones --raw ||
		{ console secondary.log; fail "the secondary's answers differ from the primary's"; }
}

boot secondary.elf tap1 52:54:00:00:05:03 secondary.log
sec_pid=$!
wait_for 180 10.0.5.3 example.com SOA "status: SERVFAIL" ||
	{ console secondary.log; fail "the secondary did not answer SERVFAIL before its first transfer"; }
say "the secondary answers SERVFAIL without data"
boot primary.elf tap0 52:54:00:00:05:02 primary.log
pri_pid=$!
wait_for 180 10.0.5.3 www.example.com A "status: NOERROR" ||
	{ console secondary.log; console primary.log; fail "the secondary did not load example.com from the primary"; }
wait_for 30 10.0.5.3 1.2.0.192.in-addr.arpa PTR "status: NOERROR" ||
	{ console secondary.log; fail "the secondary did not load 2.0.192.in-addr.arpa"; }
say "the secondary transferred both zones; its answers against the primary's:"
dnsdiff
quit 10.0.5.2
wait "$pri_pid"
status=$?
pri_pid=
[ "$status" = 0 ] || { console primary.log; fail "the primary ended with status $status"; }

boot primary2.elf tap0 52:54:00:00:05:02 primary2.log
pri_pid=$!
wait_for 120 10.0.5.3 added.example.com A "192.0.2.222" ||
	{ console secondary.log; console primary2.log; fail "the secondary did not take the new serial after NOTIFY"; }
say "after NOTIFY the secondary serves serial 2024060102; against the new primary:"
dnsdiff
quit 10.0.5.2
quit 10.0.5.3
wait "$pri_pid"
s1=$?
wait "$sec_pid"
s2=$?
pri_pid= sec_pid=
console secondary.log
grep -q "dns.notify_acked 2" "$tmp/primary2.log" ||
	{ console primary2.log; fail "the primary's NOTIFY of the two zones was not answered"; }
grep -q "dns.xfr_transfers 2" "$tmp/secondary.log" ||
	fail "expected two transfers of example.com"
grep -q "serial 2024060102 transferred" "$tmp/secondary.log" || fail "expected the new serial transferred"
[ "$s1" = 0 ] && [ "$s2" = 0 ] || fail "the appliances ended with $s1 and $s2, expected 0"
echo "$what: PASS"
