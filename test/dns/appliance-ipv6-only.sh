#!/bin/sh
# SPDX-License-Identifier: ISC
# The DNS and web appliances IPv6 only (net0.ipv4 = off) on a tap device
# inside a network namespace this script creates (and deletes), so no
# traffic leaves it. The namespace has IPv6 only too; a sniffer on the tap
# (test/net/sniff_types.py) counts what the appliance sends, by EtherType.
#
#   1. The DNS appliance, net0.ipv4 = off, net0.ipv6 = auto: SLAAC from a
#      Router Advertisement the test sends; ping -6; dig -6 over UDP and
#      TCP, the same answers over both and the zone's records; an AXFR
#      from the address dns.axfr_allow names, a refusal to another; its
#      console says "net0: ipv4 off" and "dns: ready on [::]:53".
#   2. The web appliance, net0.ipv4 = off, static ADDR/64: curl -6 gets
#      the site's files byte for byte and a 404.
#   Neither sends one IPv4 (DHCP) or ARP frame.
#
# usage: appliance-ipv6-only.sh UNILINK   (needs root, iproute2, dig, curl; exit 77 without)
set -u
unilink=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-ipv6-only"
. "$here/appliance-lib.sh"
ns=unilink-ipv6only-$$
prefix=2001:db8:7

[ "$(id -u)" = 0 ] || { echo "$what: SKIP: needs root for ip netns"; exit 77; }
for t in ip dig curl; do
	command -v $t >/dev/null || { echo "$what: SKIP: no $t"; exit 77; }
done
sniff_pid=
app_cleanup_more() {
	[ -n "$sniff_pid" ] && kill "$sniff_pid" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
}
app_tmp
ip netns add "$ns" || { echo "$what: SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }

# tap0 in the namespace, IPv6 only ($prefix::1 and ::9, no DAD), and a
# sniffer on it from before the appliance boots.
ns_tap() {
	in_ns ip link del tap0 2>/dev/null
	in_ns ip link set lo up
	in_ns ip tuntap add dev tap0 mode tap
	in_ns sysctl -qw net.ipv6.conf.tap0.accept_dad=0
	in_ns sysctl -qw net.ipv6.conf.tap0.accept_ra=0
	in_ns ip -6 addr add "$prefix::1/64" dev tap0 nodad
	in_ns ip -6 addr add "$prefix::9/64" dev tap0 nodad preferred_lft 0
	in_ns ip link set tap0 up
	ip netns exec "$ns" python3 "$top/test/net/sniff_types.py" tap0 "$tmp/types" \
		>"$tmp/sniff.out" 2>&1 &
	sniff_pid=$!
	for _ in $(seq 50); do
		grep -q ready "$tmp/sniff.out" && return 0
		sleep 0.1
	done
	fail "the sniffer did not start: $(cat "$tmp/sniff.out")"
}

# sniff_check NAME: the appliance sent IPv6 and neither IPv4 nor ARP.
sniff_check() {
	kill "$sniff_pid"
	wait "$sniff_pid"
	sniff_pid=
	types=$(tr '\n' ' ' <"$tmp/types")
	grep -q '^86dd [1-9]' "$tmp/types" || fail "$1: no IPv6 frame seen ($types)"
	grep -Eq '^(0800|0806) ' "$tmp/types" &&
		fail "$1: sent IPv4 or ARP with net0.ipv4 = off (EtherType count: $types)"
	echo "$what: $1 sent by EtherType: $types(no IPv4, no ARP)"
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
		kill -0 "$qemu_pid" 2>/dev/null || break
		sleep 0.5
	done
	return 1
}

# --- 1. the DNS appliance -------------------------------------------------
"$unilink" build "$top/configs/dns/dns.conf" -q --report=text \
	-o "$tmp/dns.elf" -D dns.control_port=9 -D dns.rrl=false \
	-D net0.ipv4=off -D net0.ipv6=auto \
	-D "dns.axfr_allow=10.0.0.0/8, $prefix::1/128" >"$tmp/dns.size" ||
	fail "unilink build failed"
for p in ipv4 icmp dhcp; do
	awk -v p="protocol:$p" '$1 == p && $7 + $8 + $9 + $10 != 0 { bad = 1 }
		END { exit bad }' "$tmp/dns.size" ||
		fail "the size report keeps protocol:$p: $(grep "protocol:$p" "$tmp/dns.size")"
done
# arp keeps only the frame queue that the IPv6 neighbour cache shares
awk '$1 == "protocol:arp" && $7 + $8 + $9 + $10 >= 1000 { bad = 1 }
	END { exit bad }' "$tmp/dns.size" ||
	fail "the size report keeps ARP: $(grep "protocol:arp" "$tmp/dns.size")"
echo "$what: size report: $(awk '$1 ~ /^protocol:(ipv4|arp|icmp|dhcp|ipv6)$/ { printf "%s %d, ", $1, $7 + $8 + $9 }' "$tmp/dns.size")specialised bytes"
ns_tap
boot "$tmp/dns.elf"
wait_console 120 'net0: ipv6 fe80:.* preferred' >/dev/null ||
	fail "no link-local address within 120 s: $(tr -d '\r' <"$tmp/raw" | tail -n 5)"
in_ns python3 "$top/test/net/send_ra.py" tap0 "$prefix::/64" --count 3 \
	--interval 0.5 || fail "send_ra.py failed"
line=$(wait_console 30 "net0: ipv6 $prefix:[0-9a-f:]*/64 preferred") ||
	fail "no SLAAC address of $prefix::/64 within 30 s"
addr=$(echo "$line" | sed -n "s|.*net0: ipv6 \($prefix:[0-9a-f:]*\)/64.*|\1|p" | head -n 1)
echo "$what: SLAAC address $addr"
tr -d '\r' <"$tmp/raw" | grep -q '^net0: ipv4 off$' ||
	fail "the console does not say 'net0: ipv4 off'"
tr -d '\r' <"$tmp/raw" | grep -q '^dns: ready on \[::\]:53,' ||
	fail "the console does not say 'dns: ready on [::]:53'"
in_ns ping -6 -c 3 -W 2 "$addr" >/dev/null || fail "ping -6 $addr failed"
echo "$what: ping -6 $addr: 3 replies"
rr='[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+'
for q in "www.example.com A|^web\.example\.com\.${rr}A[[:space:]]+192\.0\.2\.80$" \
	"example.com SOA|^example\.com\.${rr}SOA[[:space:]]+ns1\.example\.com\. " \
	"example.com MX|^example\.com\.${rr}MX[[:space:]]+10 mail\.example\.com\.$" \
	"nosuchname.example.com A|^example\.com\.${rr}SOA" \
	"80.2.0.192.in-addr.arpa PTR|PTR[[:space:]]+web\.example\.com\.$"; do
	question=${q%%|*}
	want=${q#*|}
	# shellcheck disable=SC2086 # the question is two words
	u=$(in_ns dig -6 @"$addr" +norec +noall +answer +authority +time=3 $question)
	# shellcheck disable=SC2086
	t=$(in_ns dig -6 @"$addr" +tcp +norec +noall +answer +authority +time=3 $question)
	echo "$u" | grep -Eq "$want" || fail "dig -6 $question: expected a line matching $want, got: $u"
	[ "$u" = "$t" ] || fail "dig -6 $question: UDP and TCP differ:
$u
---
$t"
done
echo "$what: dig -6 over UDP and TCP: 5 questions answered, alike"
in_ns dig -6 -b "$prefix::1" @"$addr" +time=5 +tries=1 example.com AXFR >"$tmp/axfr" 2>&1
n=$(grep -Ec "$rr" "$tmp/axfr")
soas=$(grep -Ec "^example\.com\.${rr}SOA" "$tmp/axfr")
[ "$soas" = 2 ] && [ "$n" -ge 50 ] ||
	fail "AXFR from $prefix::1: expected 2 SOA and 50 records or more: $(cat "$tmp/axfr")"
in_ns dig -6 -b "$prefix::9" @"$addr" +time=5 +tries=1 example.com AXFR >"$tmp/axfr" 2>&1
grep -q 'Transfer failed' "$tmp/axfr" ||
	fail "AXFR from $prefix::9 (not in dns.axfr_allow): expected a refusal: $(cat "$tmp/axfr")"
echo "$what: AXFR over IPv6: $n records to $prefix::1, refused to $prefix::9"
in_ns python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for w in (b"stats", b"quit"):
    s.sendto(w, (sys.argv[1], 9)); time.sleep(0.5)' "$addr"
wait "$qemu_pid"
status=$?
qemu_pid=
[ "$status" = 0 ] || fail "the DNS appliance ended with status $status, expected 0"
tr -d '\r' <"$tmp/raw" | grep -E '^net0: (addr|nd|dropped)' | sed 's/^/  console: /'
tr -d '\r' <"$tmp/raw" | grep -q 'DHCP' && fail "the DNS appliance mentions DHCP"
sniff_check "the DNS appliance"

# --- 2. the web appliance -------------------------------------------------
"$unilink" build "$top/configs/www/www.conf" -q --report=none \
	-o "$tmp/www.elf" -D net0.ipv4=off -D "net0.ipv6=static $prefix::4/64" ||
	fail "unilink build of the web appliance failed"
ns_tap
boot "$tmp/www.elf"
wait_console 120 "net0: ipv6 $prefix::4/64 preferred" >/dev/null ||
	fail "the web appliance's $prefix::4 was not preferred"
tr -d '\r' <"$tmp/raw" | grep -q '^www: ready on \[::\]:80,' ||
	fail "the console does not say 'www: ready on [::]:80'"
files=0
for f in $(cd "$top/configs/www/site" && find . -type f ! -name '.*' | sed 's|^\.||' | sort | head -n 20); do
	in_ns curl -6 -s -S -m 10 --compressed -o "$tmp/body" "http://[$prefix::4]$f" ||
		fail "curl -6 http://[$prefix::4]$f failed"
	cmp -s "$tmp/body" "$top/configs/www/site$f" ||
		fail "curl -6 $f: not the file's bytes"
	files=$((files + 1))
done
[ "$files" -gt 0 ] || fail "no file in configs/www/site"
code=$(in_ns curl -6 -s -o /dev/null -w '%{http_code}' -m 10 "http://[$prefix::4]/nosuchpage")
[ "$code" = 404 ] || fail "curl -6 /nosuchpage: $code, expected 404"
echo "$what: curl -6: $files files of the site byte for byte, 404 for a miss"
kill "$qemu_pid" 2>/dev/null
wait "$qemu_pid" 2>/dev/null
qemu_pid=
sniff_check "the web appliance"
echo "$what: PASS"
