#!/bin/sh
# SPDX-License-Identifier: ISC
# dom0's side of the two-vif DNS test: the appliance has net0 = vif 0 on
# xenbr0 (10.0.3.2) and net1 = vif 1 on xenbr1 (10.0.4.2). dom0 pings both
# addresses and asks both with dig, each through its own bridge (dom0 is
# 10.0.3.1 and 10.0.4.1), then asks the guest to shut down.
# Arguments: the guest's name and domain id. XENRUN_CREATE_UPTIME is dom0's
# uptime just before `xl create`.
name=$1
rr='[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+'

uptime_s() { read -r up _ </proc/uptime; echo "$up"; }

# True while the guest runs (xl's state has neither s(hutdown) nor c(rash)).
running() {
	state=$(xl list "$name" 2>/dev/null | awk 'NR == 2 { print $5 }')
	case $state in *s* | *c* | "") return 1 ;; esac
}

# dig @$1 $2 $3: one try of at most a second, the full output in /tmp/dig.
ask() {
	dig @"$1" +tries=1 +time=1 +norecurse "$2" "$3" >/tmp/dig 2>&1
}

# Wait until $1 answers web.example.com A; report the time since xl create.
first_answer() {
	tries=0
	until ask "$1" web.example.com a &&
		grep -Eq "^web\.example\.com\.${rr}A[[:space:]]+192\.0\.2\.80$" /tmp/dig; do
		tries=$((tries + 1))
		running || { echo "$1: the guest stopped before answering"; return 1; }
		[ $tries -lt 30 ] || {
			echo "$1: no DNS answer; dig said:"
			cat /tmp/dig
			return 1
		}
		sleep 0.1
	done
	echo "$1: first dig answer $(awk -v a="$XENRUN_CREATE_UPTIME" \
		-v b="$(uptime_s)" 'BEGIN { printf "%.2f", b - a }') s after xl create"
}

# expect ADDR CHECK WHAT GREP-ARGS...: grep /tmp/dig for CHECK, or fail
# saying WHAT was expected and what dig said.
expect() {
	a=$1 check=$2 what=$3
	shift 3
	if grep "$@" /tmp/dig; then
		echo "$a: $check ok"
	else
		echo "$a: expected $what; dig said:"
		cat /tmp/dig
		fail=1
	fi
}

fail=0
for addr in 10.0.3.2 10.0.4.2; do
	first_answer "$addr" || { fail=1; continue; }
	if ping -c 2 -W 2 "$addr" >/tmp/ping 2>&1; then
		echo "$addr: ping ok"
	else
		echo "$addr: expected ping replies; ping said:"
		cat /tmp/ping
		fail=1
	fi
	ask "$addr" example.com soa
	expect "$addr" soa "the SOA of example.com" -Eq \
		"^example\.com\.${rr}SOA[[:space:]]+ns1\.example\.com\. hostmaster\.example\.com\. "
	ask "$addr" nosuchname.example.com a
	expect "$addr" nxdomain "status NXDOMAIN" -q 'status: NXDOMAIN'
done
# Which bridge each address is reached through (dom0's neighbour table).
ip neigh show 10.0.3.2 | grep -q 'dev xenbr0' && echo "10.0.3.2 via xenbr0"
ip neigh show 10.0.4.2 | grep -q 'dev xenbr1' && echo "10.0.4.2 via xenbr1"
timeout 20 xl shutdown -w "$name" >/dev/null 2>&1 ||
	{ echo "xl shutdown $name failed"; fail=1; }
exit $fail
