#!/bin/sh
# SPDX-License-Identifier: ISC
# Differential test: NSD (RRL off, its own config, pid and files in a temp
# folder, on 127.0.0.1) and dns_answer() behind dns-serve-native serve the
# same zones; dnsdiff.py sends every name x type of the zones (from an AXFR
# of NSD) plus misses, wildcard hits, names below cuts, mixed case, EDNS
# variants and error cases to both and compares the answers.
#
# Every query dnsdiff.py sends goes over UDP and over TCP.
#
# usage: nsd-diff.sh [--packets|--tcp|--tcp-refused|--memo|--no-do] DNS_SERVE_NATIVE [ZONE_DIR]   (exit 77: skipped)
#        nsd-diff.sh [--packets|--tcp|--tcp-refused] --server HOST:PORT [ZONE_DIR]
#        nsd-diff.sh --server HOST:PORT --ref HOST:PORT [ZONE_DIR]
# --server compares NSD with a server that is already running (the DNS
# appliance under QEMU, appliance-nsd-diff.sh) instead of dns-serve-native;
# a HOST that is an IPv6 address (2001:db8::2:53) is asked over IPv6, and
# NSD then over IPv6 as well (::1).
# --ref compares the server with that one instead, byte for byte (NSD then
# only lists the names and types to ask, by AXFR).
# --packets runs pktdiff.py instead: crafted query datagrams (header, EDNS,
# opcodes, classes, TSIG, malformed names, truncations, mutations); NSD then
# hides its identity and version and allows no zone transfer, as the
# appliance, and dns-serve-native runs a second time without its memo,
# whose responses must be byte for byte the same.
# --tcp runs tcpdiff.py instead: pipelined queries, queries split across
# writes, the lengths and queries on which NSD closes the connection, and
# AXFR and IXFR of every zone, compared message by message (transfers byte
# for byte), with transfers allowed to 127.0.0.1 (::1 over IPv6) by NSD and
# to us by the server under test;
# --tcp-refused the same with transfers allowed by neither (NSD without
# provide-xfr): the refusals.
# --memo then asks dns-serve-native with and without its memo the same
# questions again (in other cases) and compares them byte for byte.
# --no-do asks nothing with the DO bit (signed zones, whose RRSIGs and
# denial proofs for DO are not served yet: docs/dns.md).
set -u
server= ref= packets= memo= nodo= tcp= xfr=1
if [ "$1" = --packets ]; then
	packets=1
	xfr=
	shift
fi
if [ "$1" = --tcp ] || [ "$1" = --tcp-refused ]; then
	tcp=1
	[ "$1" = --tcp-refused ] && xfr=
	shift
fi
if [ "$1" = --memo ]; then
	memo=1
	shift
fi
if [ "$1" = --no-do ]; then
	nodo=--no-do
	shift
fi
if [ "$1" = --server ]; then
	server=$2
	shift
fi
if [ "$2" = --ref ]; then
	ref=$3
	shift 2
fi
serve=$1
zdir=${2:-$(dirname "$0")/../../configs/dns}
zdir=$(cd "$zdir" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# Every ORIGIN.zone file of the folder is a zone (ORIGIN without the dot).
zones=$(cd "$zdir" && for f in *.zone; do printf '%s ' "${f%.zone}"; done)
first=${zones%% *}

if ! command -v nsd >/dev/null 2>&1; then
	echo "nsd-diff: installing nsd (apt-get)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nsd dnsutils \
		>/dev/null 2>&1
fi
if ! command -v nsd >/dev/null 2>&1; then
	echo "nsd-diff: SKIP: nsd is not installed and apt-get could not install it"
	exit 77
fi

tmp=$(mktemp -d /tmp/nsd-diff.XXXXXX)
nsd_pid= ours_pid= plain_pid=
cleanup() {
	[ -n "$nsd_pid" ] && kill "$nsd_pid" 2>/dev/null
	[ -n "$ours_pid" ] && kill "$ours_pid" 2>/dev/null
	[ -n "$plain_pid" ] && kill "$plain_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A port free for UDP and TCP alike: the kernel's free UDP port may be
# taken for TCP by a test running beside this one, so try again (bounded).
free_port() {
	python3 -c 'import socket
for _ in range(100):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
    t = socket.socket()
    try:
        t.bind(("127.0.0.1", s.getsockname()[1]))
    except OSError:
        continue
    print(s.getsockname()[1])
    break
else:
    raise SystemExit("no port free for both UDP and TCP in 100 tries")'
}
ref_port=$(free_port)
test_port=$(free_port)
test_host=127.0.0.1
if [ -n "$server" ]; then
	test_host=${server%:*}
	test_port=${server##*:}
fi
# A server under test over IPv6 (HOST an IPv6 address): NSD is asked over
# IPv6 too, on ::1.
ref_host=127.0.0.1
case $test_host in *:*) ref_host=::1 ;; esac

{
	printf 'server:\n'
	printf '\tip-address: 127.0.0.1@%s\n' "$ref_port"
	[ "$ref_host" = ::1 ] && printf '\tip-address: ::1@%s\n' "$ref_port"
	printf '\tusername: ""\n\tchroot: ""\n\tdatabase: ""\n'
	printf '\tzonesdir: "%s"\n' "$tmp"
	printf '\tpidfile: "%s/nsd.pid"\n' "$tmp"
	printf '\txfrdfile: "%s/xfrd.state"\n' "$tmp"
	printf '\tzonelistfile: "%s/zone.list"\n' "$tmp"
	printf '\txfrdir: "%s"\n' "$tmp"
	printf '\tlogfile: "%s/nsd.log"\n' "$tmp"
	printf '\tserver-count: 1\n\thide-version: yes\n'
	[ -n "$packets" ] && printf '\thide-identity: yes\n'
	printf '\trrl-ratelimit: 0\n\trrl-whitelist-ratelimit: 0\n'
	printf 'remote-control:\n\tcontrol-enable: no\n'
	for z in $zones; do
		printf 'zone:\n\tname: %s\n\tzonefile: %s/%s.zone\n' \
			"$z" "$zdir" "$z"
		[ -n "$xfr" ] && printf '\tprovide-xfr: 127.0.0.1 NOKEY\n'
		[ -n "$xfr" ] && [ "$ref_host" = ::1 ] &&
			printf '\tprovide-xfr: ::1 NOKEY\n'
	done
} >"$tmp/nsd.conf"

nsd -d -c "$tmp/nsd.conf" >"$tmp/nsd.out" 2>&1 &
nsd_pid=$!
args=
for z in $zones; do args="$args $z=$zdir/$z.zone"; done
if [ -z "$server" ]; then
	# shellcheck disable=SC2086
	"$serve" ${xfr:+-x} "$test_port" $args >"$tmp/ours.out" 2>&1 &
	ours_pid=$!
	if [ -n "$packets" ] || [ -n "$memo" ]; then
		plain_port=$(free_port)
		# shellcheck disable=SC2086
		"$serve" -n "$plain_port" $args >"$tmp/plain.out" 2>&1 &
		plain_pid=$!
	fi
fi

ready() {
	dig @"$2" -p "$1" +short +time=1 +tries=1 "$first" SOA 2>/dev/null |
		grep -q .
}
for i in $(seq 50); do
	ready "$ref_port" 127.0.0.1 && ready "$test_port" "$test_host" && break
	sleep 0.2
done
if ! ready "$ref_port" 127.0.0.1 || ! ready "$test_port" "$test_host"; then
	echo "nsd-diff: a server did not start"
	cat "$tmp/nsd.out" "$tmp/nsd.log" "$tmp/ours.out" 2>/dev/null
	exit 1
fi

if [ -n "$packets" ]; then
	same=
	[ -n "$plain_pid" ] && same=--same=127.0.0.1:$plain_port
	# The appliance drops IPv4 fragments: one frame's worth of query.
	[ -n "$server" ] && same="--twice --max-len=1472"
	for i in $(seq 50); do
		[ -z "$plain_pid" ] || ready "$plain_port" 127.0.0.1 && break
		sleep 0.2
	done
	# shellcheck disable=SC2086
	python3 "$here/pktdiff.py" "$ref_port" "$test_host:$test_port" $same
elif [ -n "$tcp" ]; then
	refused=--refused
	[ -n "$xfr" ] && refused=
	# shellcheck disable=SC2086
	python3 "$here/tcpdiff.py" "$ref_host:$ref_port" "$test_host:$test_port" $zones \
		$refused
elif [ -n "$ref" ]; then
	# shellcheck disable=SC2086
	python3 "$here/dnsdiff.py" "$ref" "$test_host:$test_port" $zones \
		--axfr="$ref_port" --raw
else
	# shellcheck disable=SC2086
	python3 "$here/dnsdiff.py" "$ref_host:$ref_port" "$test_host:$test_port" \
		$zones $nodo
	rc=$?
	if [ -n "$memo" ] && [ -n "$plain_pid" ] && [ $rc -eq 0 ]; then
		for i in $(seq 50); do
			ready "$plain_port" 127.0.0.1 && break
			sleep 0.2
		done
		echo "nsd-diff: with the memo and without, byte for byte:"
		# shellcheck disable=SC2086
		python3 "$here/dnsdiff.py" "$test_port" "$plain_port" $zones \
			--axfr="$ref_port" --raw --seed=2
		rc=$?
	fi
	(exit $rc)
fi
rc=$?
[ -n "$server" ] && exit $rc
kill "$ours_pid" 2>/dev/null
wait "$ours_pid" 2>/dev/null
ours_pid=
grep -E 'dns\.(queries|formerr|memo_hits) ' "$tmp/ours.out"
exit $rc
