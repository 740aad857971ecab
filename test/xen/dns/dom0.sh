#!/bin/sh
# SPDX-License-Identifier: ISC
# dom0's side of the DNS test: query the DNS appliance (configs/dns built
# for Xen, 10.0.3.2) with dig over netfront <-> netback until it answers,
# report the time from `xl create` to the first answer, check answers, a
# miss's NXDOMAIN and the SOA, the same over TCP (dig +tcp), a truncated UDP
# answer retried over TCP as dig does, an AXFR (dom0, 10.0.3.1, is in the
# guest's dns.axfr_allow), then ask the guest to shut down (`xl shutdown`,
# answered through xenstore).
# Arguments: the guest's name and domain id. XENRUN_CREATE_UPTIME is dom0's
# uptime just before `xl create`.
name=$1
addr=10.0.3.2

uptime_s() { read -r up _ </proc/uptime; echo "$up"; }

# True while the guest runs (xl's state has neither s(hutdown) nor c(rash)).
running() {
	state=$(xl list "$name" 2>/dev/null | awk 'NR == 2 { print $5 }')
	case $state in *s* | *c* | "") return 1 ;; esac
}

# dig @addr NAME TYPE [OPTION...], one try of at most a second (three
# over TCP), full output.
ask() {
	dig @"$addr" +tries=1 +time=1 +norecurse "$@" 2>&1
}

tries=0
until ask web.example.com a >/tmp/dns.out &&
	grep -Eq '^web\.example\.com\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+192\.0\.2\.80$' /tmp/dns.out; do
	tries=$((tries + 1))
	running || { echo "the guest stopped before answering"; exit 1; }
	[ $tries -lt 30 ] || {
		echo "no DNS answer from $addr; dig said:"
		cat /tmp/dns.out
		exit 1
	}
	sleep 0.1
done
now=$(uptime_s)
echo "first dig answer $(awk -v a="$XENRUN_CREATE_UPTIME" -v b="$now" \
	'BEGIN { printf "%.2f", b - a }') s after xl create"
fail=0
check() { # name type extended-regex-of-a-line-of-dig's-output [dig option]
	# shellcheck disable=SC2086 # no option: no argument
	ask "$1" "$2" ${4:-} >/tmp/dns.out
	if grep -Eq "$3" /tmp/dns.out; then
		echo "$1 $2${4:+ $4}: ok"
	else
		echo "$1 $2${4:+ $4}: expected a line matching $3; dig said:"
		cat /tmp/dns.out
		fail=1
	fi
}
rr='[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+'
check www.example.com a "^web\.example\.com\.${rr}A[[:space:]]+192\.0\.2\.80$"
check mail.example.com a "^mail\.example\.com\.${rr}A[[:space:]]+192\.0\.2\.25$"
check example.com mx "^example\.com\.${rr}MX[[:space:]]+10 mail\.example\.com\.$"
check example.com soa "^example\.com\.${rr}SOA[[:space:]]+ns1\.example\.com\. hostmaster\.example\.com\. 2024060101 "
check 80.2.0.192.in-addr.arpa ptr "^80\.2\.0\.192\.in-addr\.arpa\.${rr}PTR[[:space:]]+web\.example\.com\.$"
check nosuchname.example.com a "status: NXDOMAIN"
check nosuchname.example.com a "flags: qr aa[ ;]"
# DNS over TCP through netfront (RFC 7766): the same answers.
check www.example.com a "^web\.example\.com\.${rr}A[[:space:]]+192\.0\.2\.80$" +tcp
check example.com soa "^example\.com\.${rr}SOA[[:space:]]+ns1\.example\.com\. " +tcp
check nosuchname.example.com a "status: NXDOMAIN" +tcp
# Too long for 512 octets over UDP: TC, and dig asks again over TCP.
check big.example.com txt "Truncated, retrying in TCP mode" +noedns
ask big.example.com txt +noedns +time=3 >/tmp/dns.out
n=$(grep -Ec "^big\.example\.com\.${rr}TXT" /tmp/dns.out)
if [ "$n" -ge 5 ]; then
	echo "big.example.com txt over TCP: $n records"
else
	echo "big.example.com txt over TCP: expected 5 records or more, found $n:"
	cat /tmp/dns.out
	fail=1
fi
# A zone transfer: the SOA first and last, every record between.
dig @"$addr" +time=5 +tries=1 example.com axfr >/tmp/dns.out 2>&1
n=$(grep -Ec "${rr}" /tmp/dns.out)
soas=$(grep -Ec "^example\.com\.${rr}SOA" /tmp/dns.out)
if [ "$soas" = 2 ] && [ "$n" -ge 50 ]; then
	echo "example.com axfr: $n records"
else
	echo "example.com axfr: expected 2 SOA and 50 records or more, found $soas and $n:"
	cat /tmp/dns.out
	fail=1
fi
timeout 20 xl shutdown -w "$name" >/dev/null 2>&1 ||
	{ echo "xl shutdown $name failed"; fail=1; }
exit $fail
