#!/bin/sh
# SPDX-License-Identifier: ISC
# Response rate limiting against NSD's: the DNS appliance (configs/dns, on a
# tap device in a network namespace this script creates and deletes, so no
# traffic leaves it) and NSD (in the same namespace, on 127.0.0.1) with the
# same RRL settings each get the same flood from one address: QUERIES
# queries for the large TXT RRset big.example.com at RATE a second
# (rrl_flood.py). The fractions of answered, slipped (TC) and dropped
# responses must agree within 0.10; both sets of figures and the byte
# amplification are printed. Then the appliance's counters must account
# for every query of the flood.
#
# usage: appliance-rrl-diff.sh UNILINK [RATE QUERIES [-D dns.rrl_KEY=VALUE]...]
#        (needs root, iproute2, NSD and QEMU; exit 77 without)
set -u
unilink=$1
shift
rate=${1:-1000}
queries=${2:-4000}
[ $# -ge 2 ] && shift 2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-rrl-diff"
. "$here/appliance-lib.sh"
ns=unilink-rrl-$$
tol=0.10

[ "$(id -u)" = 0 ] || { echo "$what: SKIP: needs root for ip netns"; exit 77; }
for c in ip nsd dig; do
	command -v $c >/dev/null || { echo "$what: SKIP: no $c"; exit 77; }
done
nsd_pid=
app_cleanup_more() {
	ip netns del "$ns" 2>/dev/null
}
app_tmp
# NSD ends before app_cleanup waits for the children.
trap '[ -n "$nsd_pid" ] && kill "$nsd_pid" 2>/dev/null; app_cleanup' EXIT INT TERM

# The settings both servers get: NSD's defaults unless -D says otherwise.
ratelimit=200 slip=2 v4=24 wl=2000
for d in "$@"; do
	case $d in
	dns.rrl_ratelimit=*) ratelimit=${d#*=} ;;
	dns.rrl_slip=*) slip=${d#*=} ;;
	dns.rrl_ipv4_prefix_length=*) v4=${d#*=} ;;
	dns.rrl_whitelist_ratelimit=*) wl=${d#*=} ;;
	-D) ;;
	*) fail "expected -D dns.rrl_ratelimit, _slip, _ipv4_prefix_length or _whitelist_ratelimit, found $d" ;;
	esac
done

"$unilink" build "$top/configs/dns/dns.conf" -q --report=none \
	-o "$tmp/dns.elf" -D dns.control_port=9 -D net0.ipv4=10.0.5.2/24 \
	-D net0.gateway=0.0.0.0 -D dns.rrl=true \
	-D "dns.rrl_ratelimit=$ratelimit" -D "dns.rrl_slip=$slip" \
	-D "dns.rrl_ipv4_prefix_length=$v4" \
	-D "dns.rrl_whitelist_ratelimit=$wl" || fail "unilink build failed"

ip netns add "$ns" || { echo "$what: SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip tuntap add dev tap0 mode tap
in_ns ip addr add 10.0.5.1/24 dev tap0
in_ns ip link set tap0 up

nsd_port=5300
{
	printf 'server:\n\tip-address: 127.0.0.1@%s\n' "$nsd_port"
	printf '\tusername: ""\n\tchroot: ""\n\tdatabase: ""\n'
	printf '\tzonesdir: "%s"\n\txfrdir: "%s"\n' "$tmp" "$tmp"
	printf '\tpidfile: "%s/nsd.pid"\n\txfrdfile: "%s/xfrd.state"\n' \
		"$tmp" "$tmp"
	printf '\tzonelistfile: "%s/zone.list"\n\tlogfile: "%s/nsd.log"\n' \
		"$tmp" "$tmp"
	printf '\tserver-count: 1\n\thide-version: yes\n\tverbosity: 0\n'
	printf '\trrl-ratelimit: %s\n\trrl-slip: %s\n' "$ratelimit" "$slip"
	printf '\trrl-ipv4-prefix-length: %s\n' "$v4"
	printf '\trrl-whitelist-ratelimit: %s\n' "$wl"
	printf 'remote-control:\n\tcontrol-enable: no\n'
	printf 'zone:\n\tname: example.com\n\tzonefile: %s\n' \
		"$top/configs/dns/example.com.zone"
} >"$tmp/nsd.conf"
in_ns nsd -d -c "$tmp/nsd.conf" >"$tmp/nsd.out" 2>&1 &
nsd_pid=$!

in_ns "$unilink" run "$tmp/dns.elf" --timeout 600 --memory 128 -- \
	-netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
	-device virtio-net-device,netdev=n0 >"$tmp/raw" 2>&1 &
qemu_pid=$!

ready() {
	in_ns dig @"$1" -p "$2" +short +time=1 +tries=1 example.com SOA \
		2>/dev/null | grep -q .
}
end=$(($(date +%s) + 180))
until ready 10.0.5.2 53 && ready 127.0.0.1 "$nsd_port"; do
	[ "$(date +%s)" -lt "$end" ] ||
		{ tr -d '\r' <"$tmp/raw"; cat "$tmp/nsd.out"; fail "a server did not start"; }
	sleep 0.5
done

flood() {
	in_ns python3 "$here/rrl_flood.py" "$1" big.example.com TXT \
		--rate "$rate" --queries "$queries"
}
flood 10.0.5.2:53 >"$tmp/ours.json" || fail "the flood of the appliance failed"
flood "127.0.0.1:$nsd_port" >"$tmp/nsd.json" || fail "the flood of NSD failed"
kill "$nsd_pid"
wait "$nsd_pid" 2>/dev/null
nsd_pid=

in_ns python3 -c 'import socket
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"quit", ("10.0.5.2", 9))'
wait "$qemu_pid"
status=$?
qemu_pid=
tr -d '\r' <"$tmp/raw" >"$tmp/console"
grep -E '^dns(: ready|\.(queries|answers|rrl_[a-z]*|send_failed) )' "$tmp/console"

python3 - "$tmp/ours.json" "$tmp/nsd.json" "$tol" "$ratelimit" "$slip" <<'PY' || fail "the fractions differ from NSD's by more than $tol (above)"
import json, sys
ours, nsd = (json.load(open(p)) for p in sys.argv[1:3])
tol = float(sys.argv[3])
print(f"flood of {ours['queries']} queries for big.example.com TXT, "
      f"rrl_ratelimit {sys.argv[4]}, rrl_slip {sys.argv[5]}")
print(f"{'':14}{'answered':>10}{'slipped':>10}{'dropped':>10}{'amplification':>15}")
bad = 0
for name, r in (("appliance", ours), ("NSD", nsd)):
    print(f"{name:14}{r['answered_fraction']:>10.3f}{r['slipped_fraction']:>10.3f}"
          f"{r['dropped_fraction']:>10.3f}{r['amplification']:>14.2f}x")
for k in ("answered", "slipped", "dropped"):
    d = abs(ours[k + "_fraction"] - nsd[k + "_fraction"])
    if d > tol:
        print(f"{k}: the appliance's fraction differs by {d:.3f}")
        bad = 1
sys.exit(bad)
PY
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
limited=$(app_counter rrl_limited)
slipped=$(app_counter rrl_slipped)
answered=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["answered"])' "$tmp/ours.json")
# Every query of the flood was answered or limited (none lost on the way).
[ $((limited + answered)) -ge "$queries" ] ||
	fail "the appliance counted $limited limited and $answered answered of $queries queries"
[ "$(app_counter send_failed)" = 0 ] ||
	fail "the appliance could not send $(app_counter send_failed) answers"
echo "$what: PASS"
