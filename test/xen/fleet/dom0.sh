#!/bin/sh
# SPDX-License-Identifier: ISC
# dom0's side of the fleet test: three appliances on the bridge xenbr0 at
# once, as on a small Xen host. Guest 0 is the DNS appliance built with
# net0.dhcp = true: its address comes from dom0's DHCP server (udhcpd, the
# lease found by the vif's MAC). This script then creates the web
# appliance (static 10.0.3.3 by -D) from the xl config `unilink build`
# wrote, as a user would: `xl create` in the folder that holds the image,
# since the config names its kernel relative to xl's working folder. dom0
# queries both while both run. Then the DNS secondary (static 10.0.3.4, a
# generic image) is created with dns.primary = the first appliance's lease
# on its xl command line: it transfers the zones from that guest over TCP
# (guest to guest on the bridge), and dom0 asks it the names it asks the
# primary and compares the answers. dom0 reads the web appliance's PV console
# (xenconsoled's log: what `xl console` shows), ends it with `xl destroy`
# (immediate, no shutdown request), and asks the DNS appliance to power
# off with `xl shutdown` (the harness checks that it did, status 0); xl's
# log of each domain says how it ended.
# Arguments: the guest's name and domain id.
name=$1
www_cfg=xen-fleet-www.xl.cfg
www_addr=10.0.3.3
sec_cfg=xen-fleet-dns2.xl.cfg
sec_addr=10.0.3.4
fail=0

running() { # name: true while it neither shut down nor crashed
	state=$(xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }')
	case $state in *s* | *c* | "") return 1 ;; esac
}

mac=$(xl network-list "$name" 2>/dev/null | awk 'NR == 2 { print $3 }')
[ -n "$mac" ] || { echo "no vif for $name"; exit 1; }
addr=
tries=0
while [ -z "$addr" ]; do
	addr=$(dumpleases -f /run/udhcpd.leases 2>/dev/null |
		awk -v m="$mac" 'tolower($1) == tolower(m) { print $2 }')
	[ -n "$addr" ] && break
	running "$name" || { echo "$name stopped before taking a lease"; exit 1; }
	tries=$((tries + 1))
	[ $tries -lt 150 ] || { echo "$name took no DHCP lease in 30 s"; exit 1; }
	sleep 0.2
done
case $addr in 10.0.3.1[0-9][0-9]) echo "dns: DHCP lease in dom0's range" ;;
*) echo "dns: leased $addr, outside 10.0.3.100-199"; fail=1 ;; esac

ask() { dig @"$addr" +tries=1 +time=1 +norecurse "$@" 2>&1; }
tries=0
until ask web.example.com a >/tmp/dns.out &&
	grep -Eq '^web\.example\.com\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+192\.0\.2\.80$' /tmp/dns.out; do
	tries=$((tries + 1))
	[ $tries -lt 30 ] || { echo "no DNS answer from $addr:"; cat /tmp/dns.out; exit 1; }
	sleep 0.2
done
echo "dns: answers web.example.com A over its DHCP address"

# The second appliance, from its own xl config, in its folder. Under a
# heavily loaded host xl's monitoring child was once seen to die of a
# segfault right after its fork (xl itself, under TCG): one more try.
create_www() {
	(cd /guests && timeout 30 xl create "$www_cfg") >/tmp/create.log 2>&1
}
if ! create_www; then
	echo "xl create $www_cfg failed once:"
	cat /tmp/create.log
	timeout 20 xl destroy www >/dev/null 2>&1
	create_www || { echo "xl create $www_cfg failed again:"; cat /tmp/create.log; exit 1; }
fi
echo "www: created from $www_cfg (kernel relative to xl's folder)"
code=
tries=0
until code=$(curl -s -o /tmp/page -w '%{http_code}' --max-time 2 "http://$www_addr/") &&
	[ "$code" = 200 ]; do
	tries=$((tries + 1))
	[ $tries -lt 40 ] || { echo "www: GET / answered '$code', expected 200"; exit 1; }
	sleep 0.2
done
echo "www: GET / 200 while dns runs"
# The secondary: its xl config's command line with dns.primary added, and
# another domain name (the config names it "dns", as the primary).
cmdline=$(sed -n 's/^cmdline = "\(.*\)"$/\1/p' "/guests/$sec_cfg")
(cd /guests && timeout 30 xl create "$sec_cfg" name=\"dns2\" \
	"cmdline=\"dns.primary=$addr $cmdline\"") >/tmp/create2.log 2>&1 ||
	{ echo "xl create $sec_cfg failed:"; cat /tmp/create2.log; exit 1; }
echo "dns2: created from $sec_cfg with dns.primary=$addr"
sask() { dig @"$sec_addr" +tries=1 +time=1 +norecurse "$@" 2>&1; }
tries=0
until sask web.example.com a >/tmp/dns2.out &&
	grep -q '192\.0\.2\.80' /tmp/dns2.out; do
	tries=$((tries + 1))
	[ $tries -lt 150 ] || { echo "dns2: no transferred answer:"; cat /tmp/dns2.out; cat /var/log/xen/console/guest-dns2.log; exit 1; }
	sleep 0.4
done
if grep -q "serial 2024060101 transferred" /var/log/xen/console/guest-dns2.log; then
	echo "dns2: transferred example.com from the primary (guest to guest)"
else
	echo "dns2: expected 'serial 2024060101 transferred' in its console log"
	cat /var/log/xen/console/guest-dns2.log
	fail=1
fi
same=0
for q in "example.com soa" "example.com ns" "example.com mx" "www.example.com a" \
	"web.example.com a" "x.wild.example.com txt" "nope.example.com a" \
	"1.2.0.192.in-addr.arpa ptr"; do
	# The status and the records, without the ID and the timings.
	a=$(ask $q | grep -E -o 'status: [A-Z]+'; ask $q +noall +answer +authority)
	b=$(sask $q | grep -E -o 'status: [A-Z]+'; sask $q +noall +answer +authority)
	if [ "$a" = "$b" ] && [ -n "$a" ]; then
		same=$((same + 1))
	else
		echo "dns2: $q: the primary says '$a', the secondary '$b'"
		fail=1
	fi
done
echo "dns2: answers $same of 8 questions as the primary"
# Both at once, each answering on the one bridge.
ask example.com soa >/tmp/dns.out
if grep -q 'status: NOERROR' /tmp/dns.out && running www && running "$name"; then
	echo "fleet: both guests up and answering on xenbr0"
else
	echo "fleet: expected both guests up and answering; dig said:"
	cat /tmp/dns.out
	fail=1
fi
if grep -q "^www: ready on $www_addr:80" /var/log/xen/console/guest-www.log; then
	echo "www: its PV console says it is ready"
else
	echo "www: expected 'www: ready on $www_addr:80' in its console log, found:"
	cat /var/log/xen/console/guest-www.log
	fail=1
fi
timeout 20 xl destroy www >/dev/null 2>&1 || { echo "xl destroy www failed"; fail=1; }
if xl list www >/dev/null 2>&1; then
	echo "www: still listed after xl destroy"
	fail=1
else
	echo "www: gone after xl destroy"
fi
ask web.example.com a >/tmp/dns.out
if grep -q '192\.0\.2\.80' /tmp/dns.out; then
	echo "dns: still answers after www was destroyed"
else
	echo "dns: no answer after www was destroyed"
	fail=1
fi
timeout 20 xl shutdown -w dns2 >/dev/null 2>&1 ||
	{ echo "xl shutdown dns2 failed"; fail=1; }
timeout 20 xl shutdown -w "$name" >/dev/null 2>&1 ||
	{ echo "xl shutdown $name failed"; fail=1; }
# What xl's own log of each domain says (the xl process that stays
# behind `xl create` writes it).
sleep 0.5
for d in "$name:has shut down, reason code 0 " "www:has been destroyed" \
	"dns2:has shut down, reason code 0 "; do
	log=/var/log/xen/xl-${d%%:*}.log
	if grep -q "Domain [0-9]* ${d#*:}" "$log" 2>/dev/null; then
		echo "xl log of ${d%%:*}: ${d#*:}"
	else
		echo "xl log of ${d%%:*}: expected '${d#*:}', found:"
		cat "$log" 2>&1
		fail=1
	fi
done
exit $fail
