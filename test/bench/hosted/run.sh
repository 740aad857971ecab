#!/bin/sh
# SPDX-License-Identifier: ISC
# The hosted DNS bench: the DNS appliance on the hosted platform
# (appliance.platform = linux: a static Linux executable, its network card
# a TAP device) against NSD running natively, with the same dnsperf, the
# same query file and the same duration, in one run. The fair native
# comparison: no VM, no emulation, both servers one process (NSD
# server-count 1), both on one core's worth of work.
#   (h) the appliance, specialised, on tap0 in namespace C (198.18.0.2);
#   (n) NSD in namespace S on a veth pair to namespace C (198.18.1.2);
#   (l) NSD on the loopback of namespace C (127.0.0.1), for reference.
# dnsperf runs in namespace C against each in turn. Prints one table: qps,
# server CPU per query (utime + stime from /proc/PID/stat, its process
# tree), dnsperf's CPU per query, and the ratios h/n and h/l. A benchmark,
# not a test: it is not part of ctest.
#
# usage: run.sh [-d SECONDS] [-r REPS] [--queries N] [--seed N]
#               [--unilink PATH] [-D SECTION.KEY=VALUE]... [--keep]
# Defaults: 10 s, 1 repetition (medians over more), 1000 queries, seed 1,
# build/bin/unilink of this tree. Needs root (ip netns, tap), nsd, dnsperf
# and dig (scripts/setup.sh installs them).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
lib=$here/../lib
dnsb=$here/../dns

duration=10 reps=1 nqueries=1000 seed=1 keep=0 defines=''
unilink=$top/build/bin/unilink
usage() { sed -n '/^# usage:/,/^# Defaults/p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--keep) keep=1; shift; continue ;;
	esac
	[ $# -ge 2 ] || usage
	case $1 in
	-d | --duration) duration=$2 ;;
	-r | --reps) reps=$2 ;;
	--queries) nqueries=$2 ;;
	--seed) seed=$2 ;;
	--unilink) unilink=$2 ;;
	-D) defines="$defines -D $2" ;;
	*) usage ;;
	esac
	shift 2
done
case $duration$reps$nqueries$seed in *[!0-9]*) usage ;; esac
[ "$reps" -ge 1 ] && [ "$duration" -ge 1 ] || usage

say() { echo "hosted-bench: $*"; }
die() { echo "hosted-bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (ip netns, tap devices)"
for c in nsd dnsperf dig ip python3; do
	command -v $c >/dev/null || die "needs $c (scripts/setup.sh installs it)"
done
[ -x "$unilink" ] || die "no unilink at $unilink (./scripts/build.sh, or --unilink)"

tmp=$(mktemp -d /tmp/hosted-bench.XXXXXX)
res=$tmp/results
mkdir -p "$res"
nc=unilink-hbench-c-$$
nsrv=unilink-hbench-s-$$
server_pid=''
stop_server() {
	[ -n "$server_pid" ] && { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; }
	server_pid=
}
cleanup() {
	trap - EXIT INT TERM HUP
	stop_server
	ip netns del "$nc" 2>/dev/null
	ip netns del "$nsrv" 2>/dev/null
	if [ "$keep" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP

# --- The namespaces: C (dnsperf, the tap, NSD on lo), S (NSD on veth).
in_c() { ip netns exec "$nc" "$@"; }
in_s() { ip netns exec "$nsrv" "$@"; }
ip netns add "$nc" && ip netns add "$nsrv" || die "ip netns add failed"
in_c ip link set lo up
in_s ip link set lo up
in_c ip tuntap add dev tap0 mode tap
in_c ip addr add 198.18.0.1/24 dev tap0
in_c ip link set tap0 up
in_c ip link add veth0 type veth peer name veth1
in_c ip link set veth1 netns "$nsrv"
in_c ip addr add 198.18.1.1/24 dev veth0
in_c ip link set veth0 up
in_s ip addr add 198.18.1.2/24 dev veth1
in_s ip link set veth1 up

# --- Zones: those configs/dns/dns.conf names.
zones="$top/configs/dns/example.com.zone $top/configs/dns/2.0.192.in-addr.arpa.zone"
zone_args="example.com=$top/configs/dns/example.com.zone"
zone_args="$zone_args 2.0.192.in-addr.arpa=$top/configs/dns/2.0.192.in-addr.arpa.zone"

# nsd_conf DIR ADDRESS: NSD with everything in DIR, one server, RRL off.
nsd_conf() {
	printf 'server:\n\tip-address: %s@53\n' "$2"
	printf '\tusername: ""\n\tchroot: ""\n\tdatabase: ""\n'
	printf '\tzonesdir: "%s"\n\txfrdir: "%s"\n' "$1" "$1"
	printf '\tpidfile: "%s/nsd.pid"\n\txfrdfile: "%s/xfrd.state"\n' "$1" "$1"
	printf '\tzonelistfile: "%s/zone.list"\n\tlogfile: "%s/nsd.log"\n' "$1" "$1"
	printf '\tserver-count: 1\n\thide-version: yes\n\tverbosity: 0\n'
	printf '\trrl-ratelimit: 0\n\trrl-whitelist-ratelimit: 0\n'
	printf 'remote-control:\n\tcontrol-enable: no\n'
	for za in $zone_args; do
		printf 'zone:\n\tname: %s\n\tzonefile: %s\n' "${za%%=*}" "${za#*=}"
		printf '\tprovide-xfr: 0.0.0.0/0 NOKEY\n'
	done
}
mkdir -p "$tmp/nsd-l" "$tmp/nsd-n"
nsd_conf "$tmp/nsd-l" 127.0.0.1 >"$tmp/nsd-l/nsd.conf"
nsd_conf "$tmp/nsd-n" 198.18.1.2 >"$tmp/nsd-n/nsd.conf"

# wait_answer ADDRESS: a real SOA answer from inside C within 20 s.
wait_answer() {
	end=$(($(date +%s) + 20))
	while [ "$(date +%s)" -lt "$end" ]; do
		in_c dig @"$1" +short +time=1 +tries=1 example.com SOA 2>/dev/null |
			grep -q 'hostmaster' && return 0
		kill -0 "$server_pid" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}

# start PEER: the server of PEER in the background, answering; server_pid
# is the server's own (ip netns exec runs it in its place), so that its CPU
# is what is measured and kill ends it.
start() {
	case $1 in
	h)
		ip netns exec "$nc" "$tmp/dns.elf" >"$tmp/h.console" 2>&1 \
			</dev/null &
		server_pid=$! target=198.18.0.2
		;;
	n)
		ip netns exec "$nsrv" nsd -d -c "$tmp/nsd-n/nsd.conf" \
			>"$tmp/n.out" 2>&1 &
		server_pid=$! target=198.18.1.2
		;;
	l)
		ip netns exec "$nc" nsd -d -c "$tmp/nsd-l/nsd.conf" \
			>"$tmp/l.out" 2>&1 &
		server_pid=$! target=127.0.0.1
		;;
	esac
	wait_answer "$target" || die "($1) no answer from $target: $(cat "$tmp/$1".* 2>/dev/null | tail -n 5)"
}

# --- The appliance: configs/dns specialised for linux on tap0.
say "$(date -u +%FT%TZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "building the hosted appliance"
# shellcheck disable=SC2086 # $defines: -D words
"$unilink" build "$top/configs/dns/dns.conf" -q --report=none -o "$tmp/dns.elf" \
	-D appliance.platform=linux -D net0.tap=tap0 -D net0.ipv4=198.18.0.2/24 \
	-D net0.gateway=0.0.0.0 -D dns.rrl=false $defines >"$tmp/build.log" 2>&1 ||
	die "unilink build failed: $(tail -n 3 "$tmp/build.log")"
echo "unilink DNS appliance, hosted (static Linux executable," \
	"$(stat -c %s "$tmp/dns.elf") bytes), TAP tap0" >"$res/h.label"
nsd_version=$(nsd -v 2>&1 | sed -n 's/^NSD version //p' | head -n 1)
echo "NSD $nsd_version natively, veth pair to another namespace," \
	"server-count 1, RRL off" >"$res/n.label"
echo "NSD $nsd_version natively on loopback, server-count 1, RRL off" \
	>"$res/l.label"

# --- The query file: AXFR from NSD on loopback, genqueries.py, mixcheck.
start l
mkdir -p "$tmp/axfr"
for za in $zone_args; do
	in_c dig @127.0.0.1 "${za%%=*}" axfr +onesoa +nocmd +nostats \
		+nocomments >"$tmp/axfr/${za%%=*}" || die "AXFR of ${za%%=*} failed"
done
queries=$tmp/queries.txt
mix=$(python3 "$dnsb/genqueries.py" --out "$queries" --count "$nqueries" \
	--seed "$seed" "$tmp"/axfr/*) || die "could not generate the queries"
stop_server
say "queries: $mix"
say "dnsperf -l $duration -c 1 -T 1, $reps repetition(s), order l n h"

rep=1
while [ "$rep" -le "$reps" ]; do
	for p in l n h; do
		start "$p"
		if [ "$rep" = 1 ]; then
			in_c python3 "$dnsb/mixcheck.py" --server "$target" \
				--port 53 --label "($p)" "$queries.kinds" >"$tmp/mix.$p" ||
				say "($p) the answers do not match the mix: $(cat "$tmp/mix.$p")"
		fi
		in_c python3 "$lib/measure.py" --server-pid "$server_pid" \
			--log "$res/$p.$rep.dnsperf" --json "$res/$p.$rep.json" -- \
			timeout -k 5 $((duration + 30)) dnsperf -s "$target" -p 53 \
			-d "$queries" -l "$duration" -c 1 -T 1 ||
			say "($p) run $rep: dnsperf failed"
		stop_server
	done
	rep=$((rep + 1))
done
say "done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
cat "$tmp"/mix.* 2>/dev/null
echo
python3 "$here/report.py" "$res"
