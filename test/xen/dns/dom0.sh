#!/bin/sh
# SPDX-License-Identifier: ISC
# dom0's side of the DNS test: query the DNS appliance (configs/dns built
# for Xen, 10.0.3.2) over netfront <-> netback until it answers, report the
# time from `xl create` to the first answer, check a few answers, then ask
# the guest to shut down (`xl shutdown`, answered through xenstore).
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

tries=0
until timeout 3 nslookup -type=a web.example.com "$addr" >/tmp/dns.out 2>&1 &&
	grep -q '192\.0\.2\.80' /tmp/dns.out; do
	tries=$((tries + 1))
	running || { echo "the guest stopped before answering"; exit 1; }
	[ $tries -lt 30 ] || { echo "no DNS answer from $addr"; exit 1; }
	sleep 0.1
done
now=$(uptime_s)
echo "first DNS answer $(awk -v a="$XENRUN_CREATE_UPTIME" -v b="$now" \
	'BEGIN { printf "%.2f", b - a }') s after xl create"
fail=0
check() { # name type expected-regex
	if nslookup -type="$2" "$1" "$addr" 2>&1 | grep -Eq "$3"; then
		echo "$1 $2: ok"
	else
		echo "$1 $2: expected an answer matching $3"
		fail=1
	fi
}
check www.example.com a '192\.0\.2\.80'
check mail.example.com a '192\.0\.2\.25'
check example.com mx 'mail\.example\.com'
check 80.2.0.192.in-addr.arpa ptr 'web\.example\.com'
timeout 20 xl shutdown -w "$name" >/dev/null 2>&1 ||
	{ echo "xl shutdown $name failed"; fail=1; }
exit $fail
