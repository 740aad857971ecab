#!/bin/sh
# SPDX-License-Identifier: ISC
# dom0's side of the IPv6 test on Xen (netfront <-> netback, the bridge
# xenbr0). Guest 0 is the DNS appliance with both families: 10.0.3.2 and
# the static 2001:db8:3::2/64, plus its stable link-local address, which
# this script reads from the guest's PV console log (xenconsoled's). dom0
# takes 2001:db8:3::1/64 (in the guest's dns.axfr_allow) and
# 2001:db8:3::9/64 (not in it) on xenbr0, then:
#   - ping -6 the global and the link-local address;
#   - dig -6 over UDP and over TCP (+tcp), at both addresses, and compares
#     every answer with the answer over IPv4 (sorted: as NSD, the
#     appliance lists an NS target's AAAA first for a client on IPv6);
#   - a truncated answer over UDP on IPv6, retried over TCP;
#   - AXFR over IPv6 from 2001:db8:3::1 (the same records as over IPv4)
#     and from 2001:db8:3::9 (refused);
#   - creates the web appliance built IPv6-only (net0.ipv4 = off, static
#     2001:db8:3::3) from the xl config `unilink build` wrote and fetches
#     every file of a list with curl -6; it took no DHCP lease;
# then asks the DNS appliance to shut down (`xl shutdown`).
# Arguments: the guest's name and domain id.
name=$1
v4=10.0.3.2
v6=2001:db8:3::2
www6=2001:db8:3::3
www_cfg=xen-ipv6-www.xl.cfg
log=/var/log/xen/console/guest-$name.log
rr='[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+'
fail=0

running() { # name: true while it neither shut down nor crashed
	state=$(xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }')
	case $state in *s* | *c* | "") return 1 ;; esac
}

# dom0's addresses, without DAD (the test knows the link's addresses).
echo 0 >/proc/sys/net/ipv6/conf/xenbr0/accept_dad
echo 0 >/proc/sys/net/ipv6/conf/xenbr0/accept_ra
ip -6 addr add 2001:db8:3::1/64 dev xenbr0 &&
	ip -6 addr add 2001:db8:3::9/64 dev xenbr0 ||
	{ echo "cannot add dom0's IPv6 addresses"; exit 1; }

# The guest says when an address passed DAD: "net0: ipv6 ADDR/64 preferred".
tries=0
until grep -q "^net0: ipv6 $v6/64 preferred" "$log" 2>/dev/null; do
	running "$name" || { echo "the guest stopped before $v6 was preferred"; exit 1; }
	tries=$((tries + 1))
	[ $tries -lt 150 ] || { echo "$v6 not preferred within 30 s:"; cat "$log"; exit 1; }
	sleep 0.2
done
ll=$(sed -n 's|^net0: ipv6 \(fe80:[0-9a-f:]*\)/64 preferred.*|\1|p' "$log" | head -n 1)
[ -n "$ll" ] || { echo "no link-local address in the console log:"; cat "$log"; exit 1; }
echo "dns: $v6 and link-local $ll preferred"

if ping -6 -c 3 -W 3 "$v6" >/tmp/ping 2>&1 &&
	grep -q '3 packets received' /tmp/ping; then
	echo "ping -6 $v6: 3 replies"
else
	echo "ping -6 $v6 failed:"
	cat /tmp/ping
	fail=1
fi
if ping -6 -c 3 -W 3 -I xenbr0 "$ll" >/tmp/ping 2>&1 &&
	grep -q '3 packets received' /tmp/ping; then
	echo "ping -6 link-local: 3 replies"
else
	echo "ping -6 -I xenbr0 $ll failed:"
	cat /tmp/ping
	fail=1
fi

# The same answer over IPv4 and over IPv6 (UDP, TCP; global, link-local).
same=0
for q in "www.example.com a" "example.com soa" "example.com mx" \
	"example.com ns" "nosuchname.example.com a" "mail.example.com aaaa" \
	"80.2.0.192.in-addr.arpa ptr"; do
	# shellcheck disable=SC2086 # the query is two words
	dig @"$v4" +norec +time=2 +tries=2 +noall +answer +authority \
		+additional $q | sort >/tmp/a4
	[ -s /tmp/a4 ] || { echo "dig $q: no answer over IPv4"; fail=1; continue; }
	for at in "$v6" "$ll%xenbr0"; do
		for tcp in +notcp +tcp; do
			# shellcheck disable=SC2086
			dig -6 @"$at" $tcp +norec +time=2 +tries=2 +noall \
				+answer +authority +additional $q | sort >/tmp/a6
			if cmp -s /tmp/a4 /tmp/a6; then
				same=$((same + 1))
			else
				echo "dig -6 @$at $tcp $q differs from IPv4:"
				cat /tmp/a4
				echo ---
				cat /tmp/a6
				fail=1
			fi
		done
	done
done
echo "dig -6: $same answers (UDP and TCP, global and link-local) the same as over IPv4"
dig -6 @"$v6" +norec +time=2 +tries=1 +noedns big.example.com txt >/tmp/big 2>&1
n=$(grep -Ec "^big\.example\.com\.${rr}TXT" /tmp/big)
if grep -q 'Truncated, retrying in TCP mode' /tmp/big && [ "$n" -ge 5 ]; then
	echo "dig -6 big.example.com txt: truncated over UDP, $n records over TCP"
else
	echo "dig -6 big.example.com txt: expected TC then 5 records or more over TCP:"
	cat /tmp/big
	fail=1
fi

# Zone transfers over IPv6: dns.axfr_allow has 10.0.3.1/32 and
# 2001:db8:3::1/128 (dig -b picks the source).
axfr() { # SOURCE SERVER: the number of records, or "refused"
	dig -b "$1" @"$2" +time=5 +tries=1 example.com axfr >/tmp/axfr 2>&1
	if grep -q 'Transfer failed' /tmp/axfr; then
		echo refused
	else
		grep -Ec "$rr" /tmp/axfr
	fi
}
n4=$(axfr 10.0.3.1 "$v4")
n6=$(axfr 2001:db8:3::1 "$v6")
r6=$(axfr 2001:db8:3::9 "$v6")
if [ "$n6" != refused ] && [ "$n6" -ge 50 ] && [ "$n6" = "$n4" ]; then
	echo "axfr over IPv6 from 2001:db8:3::1: $n6 records, as over IPv4"
else
	echo "axfr over IPv6 from 2001:db8:3::1: $n6 records, over IPv4 $n4:"
	cat /tmp/axfr
	fail=1
fi
if [ "$r6" = refused ]; then
	echo "axfr over IPv6 from 2001:db8:3::9: refused"
else
	echo "axfr over IPv6 from 2001:db8:3::9: expected a refusal, got $r6 records"
	fail=1
fi

# The web appliance, IPv6 only, beside the DNS one.
if (cd /guests && timeout 30 xl create "$www_cfg") >/tmp/create.log 2>&1; then
	wmac=$(xl network-list www 2>/dev/null | awk 'NR == 2 { print $3 }')
	code=
	tries=0
	until code=$(curl -6 -s -o /tmp/page -w '%{http_code}' --max-time 2 \
		"http://[$www6]/") && [ "$code" = 200 ]; do
		tries=$((tries + 1))
		[ $tries -lt 60 ] || break
		sleep 0.5
	done
	if [ "$code" = 200 ] && grep -qi '<html' /tmp/page; then
		echo "www: curl -6 http://[$www6]/: 200, $(wc -c </tmp/page) bytes"
	else
		echo "www: curl -6 http://[$www6]/ answered '$code'"
		fail=1
	fi
	code=$(curl -6 -s -o /dev/null -w '%{http_code}' --max-time 3 \
		"http://[$www6]/nosuchpage")
	if [ "$code" = 404 ]; then
		echo "www: curl -6 /nosuchpage: 404"
	else
		echo "www: /nosuchpage answered '$code', expected 404"
		fail=1
	fi
	wlog=/var/log/xen/console/guest-www.log
	if grep -q '^net0: ipv4 off' "$wlog" && grep -q '^www: ready on \[::\]:80' "$wlog"; then
		echo "www: IPv6 only, says its PV console"
	else
		echo "www: expected 'net0: ipv4 off' and 'www: ready on [::]:80':"
		cat "$wlog"
		fail=1
	fi
	if [ -n "$wmac" ] && dumpleases -f /run/udhcpd.leases 2>/dev/null |
		grep -qi "$wmac"; then
		echo "www: took a DHCP lease ($wmac), expected none"
		fail=1
	else
		echo "www: no DHCP lease"
	fi
	timeout 20 xl destroy www >/dev/null 2>&1
else
	echo "xl create $www_cfg failed:"
	cat /tmp/create.log
	fail=1
fi

timeout 20 xl shutdown -w "$name" >/dev/null 2>&1 ||
	{ echo "xl shutdown $name failed"; fail=1; }
exit $fail
