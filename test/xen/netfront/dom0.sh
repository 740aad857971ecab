#!/bin/sh
# SPDX-License-Identifier: ISC
# dom0's side of the netfront test: ping the guest over the bridge (ARP,
# ICMP), then send it DNS queries (busybox nslookup) until it has seen 3.
# Arguments: the guest's name and domain id.
addr=10.0.3.2
tries=0
until ping -c 1 -W 1 "$addr" >/dev/null 2>&1; do
	tries=$((tries + 1))
	[ $tries -lt 30 ] || { echo "no ping reply from $addr"; exit 1; }
done
echo "$addr answers ping after $tries lost pings"
ping -c 3 -W 2 "$addr" | grep -E "packets transmitted" | cat
for i in 1 2 3; do
	timeout 5 nslookup -type=a "query$i.unilink.test" "$addr" >/dev/null 2>&1
done
echo "DNS queries sent"
exit 0
