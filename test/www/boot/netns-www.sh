#!/bin/sh
# SPDX-License-Identifier: ISC
# The web appliance (configs/www/main.c) under QEMU on a tap device inside
# a network namespace this script creates (and deletes): no packet leaves
# it. The site is a tree generated here (netns_www.py gen: files from 0 B
# to several MB, text and binary, nested folders, names that need
# percent-encoding, a NAME.gz beside its NAME), compiled into the image by
# `unilink build` with short timeouts and a small connection table;
# netns_www.py MODE is the client side.
#
#   netns-www.sh UNILINK MODE
#
# MODE files: every file with curl (byte-exact), wget --mirror of the site
#             compared with diff -r.
# MODE http:  HEAD, ranges, conditionals, gzip, 404, 301, pipelining, keep-
#             alive reuse, Python's http.client, Date against the host's
#             clock, the timeouts, the bounded table, the lingering close.
#
# Needs root, iproute2, curl, wget and python3; prints "SKIP: why" and
# exits 77 without them.
set -u
unilink=$1
mode=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
ns=unilink-wwwapp-$mode-$$
tap=wwwapp$$
tap=$(printf %.15s "$tap")
addr=10.0.8.2
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for ip netns"; exit 77; }
for c in ip curl wget python3 diff; do
	command -v $c >/dev/null || { echo "SKIP: no $c"; exit 77; }
done
work=$(mktemp -d)
qemu=
cleanup() {
	[ -n "$qemu" ] && kill "$qemu" 2>/dev/null && wait "$qemu" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/netns_www.py" gen "$work/site" || exit 1
start=$(date +%s)
# The limits the http mode tests, made short; the rest keeps its defaults.
"$unilink" build "$here/www-boot.conf" --source "$top/configs/www/main.c" \
	-D "www.root=$work/site" -o "$work/www.elf" -q --report=text \
	--report-file "$work/size.txt" || { echo "FAIL: unilink build"; exit 1; }
echo "netns-www: built in $(($(date +%s) - start)) s," \
	"$(stat -c %s "$work/www.elf") bytes"

ip netns add "$ns" || { echo "SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip tuntap add dev "$tap" mode tap ||
	{ echo "SKIP: cannot create a tap device"; exit 77; }
in_ns sh -c "echo 1 > /proc/sys/net/ipv6/conf/$tap/disable_ipv6" 2>/dev/null
in_ns ip addr add 10.0.8.1/24 dev "$tap"
in_ns ip link set "$tap" up

log=$work/console.log
host_start=$(date +%s.%N)
# not through in_ns: $! must be the VM itself
ip netns exec "$ns" "$unilink" run "$work/www.elf" --timeout 600 -- \
	-netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" \
	-device virtio-net-device,netdev=n0 >"$log" 2>&1 &
qemu=$!
in_ns python3 "$here/netns_www.py" "$mode" "$addr" "$work/site" \
	--console "$log" --started "$host_start"
client=$?
kill "$qemu" 2>/dev/null
wait "$qemu" 2>/dev/null
qemu=
tr -d '\r' <"$log" | grep -v '^www: 10\.0\.8\.1 ' | head -60
echo "access log: $(grep -c '^www: 10\.0\.8\.1 ' "$log") lines"
echo "netns-www: $(($(date +%s) - start)) s in all"
[ "$client" = 0 ] || { echo "FAIL: the client side failed"; exit 1; }
grep -q '^www: ready on 10\.0\.8\.2:80' "$log" ||
	{ echo "FAIL: no 'www: ready'"; exit 1; }
grep -q '^www: 10\.0\.8\.1 GET / 200 ' "$log" ||
	{ echo "FAIL: no access log line for GET /"; exit 1; }
if grep -q 'panic\|fault' "$log"; then
	echo "FAIL: the appliance faulted"
	exit 1
fi
echo "PASS"
