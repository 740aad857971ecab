#!/bin/sh
# SPDX-License-Identifier: ISC
# The DNS appliance over IPv6 on a tap device inside a network namespace
# this script creates (and deletes), so no traffic leaves it.
#
#   1. net0.ipv6 = auto, the namespace's tap has IPv6 only: the appliance
#      takes a SLAAC address from a Router Advertisement the test sends
#      (test/net/send_ra.py), with the RFC 7217 identifier; then ping over
#      IPv6 (the global and the link-local address), every check of
#      appliance_checks.py over IPv6, dig -6 over UDP and TCP alike.
#   2. Both families, net0.ipv6 = static: the same answers over IPv4 and
#      IPv6 (UDP and TCP; the same records: as NSD, the additional section
#      lists an NS target's AAAA first for a client on IPv6), and the NSD
#      differential over IPv6 (nsd-diff.sh --server with an IPv6 address:
#      every name x type of the zones, UDP and TCP, 0 differences);
#      zone transfers over IPv6 with dns.axfr_allow mixing IPv4 and IPv6
#      prefixes: allowed from an address inside, refused from one outside,
#      and the TCP differential (nsd-diff.sh --tcp: transfers byte for
#      byte, pipelining, closes) against NSD over IPv6.
#   3. DAD conflict: net0.ipv6 = static ADDR/64 where the namespace
#      already holds ADDR: the appliance must say so on the console and
#      not answer at ADDR, while its link-local address answers.
#   4. The web appliance: curl -6 gets the same responses as over IPv4.
#
# usage: appliance-ipv6.sh UNILINK   (needs root, iproute2, dig; exit 77 without)
set -u
unilink=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-ipv6"
. "$here/appliance-lib.sh"
ns=unilink-ipv6-$$
prefix=2001:db8:6

[ "$(id -u)" = 0 ] || { echo "$what: SKIP: needs root for ip netns"; exit 77; }
command -v ip >/dev/null || { echo "$what: SKIP: no ip (iproute2)"; exit 77; }
command -v dig >/dev/null || { echo "$what: SKIP: no dig (dnsutils)"; exit 77; }
app_cleanup_more() {
	ip netns del "$ns" 2>/dev/null
}
app_tmp
ip netns add "$ns" || { echo "$what: SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }

# tap0 in the namespace with IPv6 (no DAD: the test knows its addresses)
# and, when $1 is given, the IPv4 address $1.
ns_tap() {
	in_ns ip link del tap0 2>/dev/null
	in_ns ip link set lo up
	in_ns ip tuntap add dev tap0 mode tap
	in_ns sysctl -qw net.ipv6.conf.tap0.accept_dad=0
	in_ns sysctl -qw net.ipv6.conf.tap0.accept_ra=0
	in_ns ip -6 addr add "$prefix::1/64" dev tap0 nodad
	[ -n "${1:-}" ] && in_ns ip addr add "$1" dev tap0
	in_ns ip link set tap0 up
}

boot() {
	in_ns "$unilink" run "$1" --timeout 600 --memory 128 -- \
		-netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
		-device virtio-net-device,netdev=n0 >"$tmp/raw" 2>&1 &
	qemu_pid=$!
}

# wait_console SECONDS REGEX: until the console has a line matching REGEX.
wait_console() {
	end=$(($(date +%s) + $1))
	while [ "$(date +%s)" -lt "$end" ]; do
		tr -d '\r' <"$tmp/raw" | grep -E "$2" && return 0
		sleep 0.5
	done
	return 1
}

quit6() {
	in_ns python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for w in (b"stats", b"quit"):
    s.sendto(w, (sys.argv[1], 9)); time.sleep(0.5)' "$1"
	wait "$qemu_pid"
	status=$?
	qemu_pid=
	tr -d '\r' <"$tmp/raw" >"$tmp/console"
}

# --- 1. SLAAC, IPv6 only in the namespace ---------------------------------
"$unilink" build "$top/configs/dns/dns.conf" -q --report=none \
	-o "$tmp/dns.elf" -D dns.control_port=9 -D dns.rrl=false \
	-D net0.ipv4=10.0.6.2/24 -D net0.gateway=0.0.0.0 -D net0.ipv6=auto ||
	fail "unilink build failed"
ns_tap
boot "$tmp/dns.elf"
wait_console 120 'net0: ipv6 fe80:.* preferred' >/dev/null ||
	fail "no link-local address within 120 s"
# the RA: a few, as a router that heard a solicitation would
in_ns python3 "$top/test/net/send_ra.py" tap0 "$prefix::/64" --count 3 \
	--interval 0.5 || fail "send_ra.py failed"
line=$(wait_console 30 "net0: ipv6 $prefix:[0-9a-f:]*/64 preferred") ||
	fail "no SLAAC address of $prefix::/64 within 30 s"
addr=$(echo "$line" | sed -n "s|.*net0: ipv6 \($prefix:[0-9a-f:]*\)/64.*|\1|p" | head -n 1)
ll=$(tr -d '\r' <"$tmp/raw" | sed -n 's|.*net0: ipv6 \(fe80:[0-9a-f:]*\)/64 preferred.*|\1|p' | head -n 1)
echo "$what: SLAAC address $addr, link-local $ll"
# the identifier is RFC 7217's for the appliance's MAC (no secret set)
mac=$(tr -d '\r' <"$tmp/raw" | sed -n 's/^net0: virtio-net \([0-9a-f:]*\)$/\1/p' | head -n 1)
expect_addr=$(python3 "$top/test/net/rfc7217.py" "$mac" "$prefix::") ||
	fail "rfc7217.py failed"
[ "$addr" = "$expect_addr" ] ||
	fail "SLAAC address $addr, expected RFC 7217's $expect_addr for $mac"

in_ns python3 "$here/appliance_checks.py" --server "$addr" --port 53 \
	--ping --wait 60 || fail "the checks over IPv6 failed (above)"
in_ns python3 "$here/appliance_checks.py" --server "$ll%tap0" --port 53 \
	--ping --wait 10 >"$tmp/llchecks" 2>&1 ||
	{ cat "$tmp/llchecks"; fail "the checks at the link-local address failed"; }
tail -n 1 "$tmp/llchecks"
if command -v ping >/dev/null; then
	in_ns ping -6 -c 3 -W 2 "$addr" >/dev/null ||
		fail "ping -6 $addr failed"
	echo "$what: ping -6 $addr: 3 replies"
fi
# dig -6 over UDP and TCP: answers, the same over both transports
for q in "example.com SOA" "www.example.com A" "example.com MX" \
	"nonexistent.example.com A" "example.com NS" "mail.example.com AAAA"; do
	# shellcheck disable=SC2086
	u=$(in_ns dig -6 @"$addr" +norec +noall +answer +authority +time=3 $q)
	# shellcheck disable=SC2086
	t=$(in_ns dig -6 @"$addr" +tcp +norec +noall +answer +authority +time=3 $q)
	[ -n "$u" ] || fail "dig -6 $q: no answer over UDP"
	[ "$u" = "$t" ] || fail "dig -6 $q: UDP and TCP differ:
$u
---
$t"
done
echo "$what: dig -6 over UDP and TCP: 6 queries answered alike"
quit6 "$addr"
grep -E '^net0: (ipv6|nd)' "$tmp/console" | sed 's/^/  console: /'
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
grep -q "dropped.*ipv6" "$tmp/console" &&
	grep "dropped.*ipv6" "$tmp/console" | sed 's/^/  console: /'

# --- 2. both families: IPv4 and IPv6 give the same answers ---------------
ns_tap 10.0.6.1/24
"$unilink" build "$top/configs/dns/dns.conf" -q --report=none \
	-o "$tmp/dns2.elf" -D dns.control_port=9 -D dns.rrl=false \
	-D net0.ipv4=10.0.6.2/24 -D net0.gateway=0.0.0.0 \
	-D "net0.ipv6=static $prefix::2/64" \
	-D "dns.axfr_allow=10.0.6.1/32, $prefix::1/128" ||
	fail "unilink build failed"
# a second address of the namespace, outside the allow-list, deprecated
# (preferred_lft 0) so that the kernel picks it only when told to (dig -b)
in_ns ip -6 addr add "$prefix::9/64" dev tap0 nodad preferred_lft 0
boot "$tmp/dns2.elf"
wait_console 120 "net0: ipv6 $prefix::2/64 preferred" >/dev/null ||
	fail "the static address $prefix::2 was not preferred within 120 s"
for q in "example.com SOA" "www.example.com A" "example.com MX" \
	"nonexistent.example.com A" "example.com ANY" "example.com TXT"; do
	for tcp in "" "+tcp"; do
		# shellcheck disable=SC2086
		a4=$(in_ns dig @10.0.6.2 $tcp +norec +noall +answer +authority +additional +time=3 $q | sort)
		# shellcheck disable=SC2086
		a6=$(in_ns dig -6 @"$prefix::2" $tcp +norec +noall +answer +authority +additional +time=3 $q | sort)
		[ "$a4" = "$a6" ] || fail "$q $tcp: IPv4 and IPv6 answers differ:
$a4
---
$a6"
	done
done
echo "$what: 12 queries (UDP and TCP): the same answers over IPv4 and IPv6"
# the differential against NSD, both asked over IPv6 (NSD on ::1 inside
# the namespace): every name and type of the zones, over UDP and TCP
in_ns "$here/nsd-diff.sh" --server "$prefix::2:53" "$top/configs/dns"
rc=$?
[ "$rc" = 77 ] && echo "$what: the NSD differential was skipped (no nsd)"
[ "$rc" = 0 ] || [ "$rc" = 77 ] || fail "answers over IPv6 differ from NSD's (above)"
# zone transfers over IPv6: dns.axfr_allow mixes an IPv4 and an IPv6
# prefix; $prefix::1 may transfer, $prefix::9 may not, 10.0.6.1 may
axfr() { # SOURCE SERVER: the records of an AXFR of example.com, or REFUSED
	in_ns dig -b "$1" @"$2" +time=5 +tries=1 example.com AXFR >"$tmp/axfr" 2>&1
	if grep -q 'Transfer failed' "$tmp/axfr"; then
		echo refused
	else
		grep -Ec '^[^;].*[[:space:]]IN[[:space:]]' "$tmp/axfr"
	fi
}
n6=$(axfr "$prefix::1" "$prefix::2")
n4=$(axfr 10.0.6.1 10.0.6.2)
r6=$(axfr "$prefix::9" "$prefix::2")
[ "$n6" != refused ] && [ "$n6" -gt 10 ] ||
	fail "AXFR over IPv6 from $prefix::1 (allowed): $n6; dig said: $(cat "$tmp/axfr")"
[ "$n6" = "$n4" ] || fail "AXFR: $n6 records over IPv6, $n4 over IPv4"
[ "$r6" = refused ] ||
	fail "AXFR over IPv6 from $prefix::9 (not in dns.axfr_allow): $r6 records, expected a refusal"
echo "$what: AXFR over IPv6: $n6 records from $prefix::1 (as over IPv4), refused to $prefix::9"
# the transfers and the rest of DNS over TCP against NSD, over IPv6 (NSD
# allows ::1, the appliance $prefix::1: each admits the tester)
in_ns "$here/nsd-diff.sh" --tcp --server "$prefix::2:53" "$top/configs/dns"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 77 ] ||
	fail "DNS over TCP and transfers over IPv6 differ from NSD's (above)"
quit6 "$prefix::2"
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"

# --- 3. DAD conflict: the namespace already holds the address ------------
ns_tap
in_ns ip -6 addr add "$prefix::3/64" dev tap0 nodad
"$unilink" build "$top/configs/dns/dns.conf" -q --report=none \
	-o "$tmp/dns3.elf" -D dns.control_port=9 -D dns.rrl=false \
	-D net0.ipv4=10.0.6.2/24 -D net0.gateway=0.0.0.0 \
	-D "net0.ipv6=static $prefix::3/64" || fail "unilink build failed"
boot "$tmp/dns3.elf"
wait_console 120 "net0: DAD: $prefix::3/64 is in use by" ||
	fail "the appliance did not report the duplicate $prefix::3"
wait_console 30 'net0: ipv6 fe80:.* preferred' >/dev/null ||
	fail "no link-local address"
ll=$(tr -d '\r' <"$tmp/raw" | sed -n 's|.*net0: ipv6 \(fe80:[0-9a-f:]*\)/64 preferred.*|\1|p' | head -n 1)
in_ns dig -6 @"$ll%tap0" +short +time=3 +tries=2 example.com SOA | grep -q . ||
	fail "no answer at the link-local address $ll"
tr -d '\r' <"$tmp/raw" | grep -q "net0: ipv6 $prefix::3/64 preferred" &&
	fail "the duplicate $prefix::3 was taken into use"
quit6 "$ll%tap0"
grep -E "^net0: ipv6 $prefix::3" "$tmp/console" | grep -q duplicate ||
	fail "the statistics do not show $prefix::3 as duplicate"
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"

# --- 4. the web appliance over IPv6: curl -6, the same bytes as over IPv4 --
if command -v curl >/dev/null; then
	ns_tap 10.0.6.1/24
	"$unilink" build "$top/configs/www/www.conf" -q --report=none \
		-o "$tmp/www.elf" -D net0.ipv4=10.0.6.2/24 \
		-D net0.gateway=0.0.0.0 -D "net0.ipv6=static $prefix::4/64" ||
		fail "unilink build of the web appliance failed"
	boot "$tmp/www.elf"
	wait_console 120 "net0: ipv6 $prefix::4/64 preferred" >/dev/null ||
		fail "the web appliance's $prefix::4 was not preferred"
	for path in / /index.html /nonexistent; do
		in_ns curl -6 -s -S -m 10 -D - "http://[$prefix::4]$path" \
			-o "$tmp/body6" >"$tmp/head6" ||
			fail "curl -6 http://[$prefix::4]$path failed"
		in_ns curl -s -S -m 10 -D - "http://10.0.6.2$path" \
			-o "$tmp/body4" >"$tmp/head4" ||
			fail "curl http://10.0.6.2$path failed"
		grep -v -i '^date:' "$tmp/head6" >"$tmp/h6"
		grep -v -i '^date:' "$tmp/head4" >"$tmp/h4"
		cmp -s "$tmp/h4" "$tmp/h6" && cmp -s "$tmp/body4" "$tmp/body6" ||
			fail "$path: IPv6 and IPv4 responses differ"
		echo "$what: curl -6 $path: $(head -n 1 "$tmp/head6" | tr -d '\r'), the same as over IPv4"
	done
	kill "$qemu_pid" 2>/dev/null
	wait "$qemu_pid" 2>/dev/null
	qemu_pid=
fi
echo "$what: PASS"
