#!/bin/sh
# SPDX-License-Identifier: ISC
# The DNS benchmark: dnsperf against three peers serving the same zones with
# the same query file for the same duration, in one run:
#   (a) the unilink DNS appliance (configs/dns/dns.conf) under QEMU TCG,
#   (b) NSD in a Linux VM (Debian's kernel + an initramfs built here) under
#       the same QEMU with the same flags and network,
#   (c) NSD natively on loopback.
# Both VMs run on q35 (the Debian kernel stalls calibrating its TSC on
# microvm under TCG) with virtio-net-pci on a tap inside a network
# namespace this script creates (198.18.0.1 host side, 198.18.0.2 guest
# with a static ARP entry, so that start -> first answer has no ARP retry
# in it; no route out); (c) and dnsperf against it use 127.0.0.1. Prints
# one table of medians (qps, latency, server and dnsperf CPU, QEMU start ->
# first answer) and the ratios a/b and a/c. A benchmark, not a test: it is
# not part of ctest.
#
# usage: run.sh [-d SECONDS] [-r REPS] [--zone FILE]... [--queries N]
#               [--seed N] [--peers abc] [--conf FILE] [--unilink PATH]
#               [-D SECTION.KEY=VALUE]... [--tcp] [--p99] [--ipv6] [--keep]
# Defaults: 10 s, 3 repetitions, the zones dns.conf names (else every
# configs/dns/*.zone), 1000 queries, seed 1, all peers. --conf builds (a)
# from another config; -D passes a setting to its `unilink build` (e.g.
# -D dns.memo=false); --unilink uses that command instead of building
# build-bench; --p99 runs every dnsperf with -v (a line per query) to get
# percentiles, which dnsperf 2.10 does not print otherwise (it costs
# dnsperf some CPU); --tcp asks over TCP (dnsperf -m tcp: one connection
# per dnsperf client, up to 100 queries in flight on it, RFC 7766
# pipelining) instead of UDP; --ipv6 asks the appliance over IPv6 instead
# (net0.ipv6 = static 2001:db8:18::2/64, the tap 2001:db8:18::1/64 with a
# permanent neighbour entry; (b) and (c) are IPv4 only and not run: compare
# with a run without --ipv6); --keep leaves the work folder (logs) in /tmp.
# Needs root (ip netns, tap); installs missing Debian packages with apt-get.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
lib=$here/../lib
. "$lib/netns.sh"

duration=10 reps=3 zones='' nqueries=1000 seed=1 peers=abc keep=0
unilink='' conf=$top/configs/dns/dns.conf verbose='' defines='' mode=''
ipv6=''
usage() { sed -n '/^# usage:/,/^# Needs/p' "$0" | sed 's/^# //' >&2; exit 2; }
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
while [ $# -gt 0 ]; do
	case $1 in
	--keep) keep=1; shift; continue ;;
	--p99) verbose=-v; shift; continue ;;
	--tcp) mode='-m tcp'; shift; continue ;;
	--ipv6) ipv6=1; shift; continue ;;
	esac
	[ $# -ge 2 ] || usage
	case $1 in
	-d | --duration) duration=$2 ;;
	-r | --reps) reps=$2 ;;
	--zone) zones="$zones $(abspath "$2")" ;;
	--queries) nqueries=$2 ;;
	--seed) seed=$2 ;;
	--peers) peers=$2 ;;
	--unilink) unilink=$(abspath "$2") ;;
	--conf) conf=$(abspath "$2") ;;
	-D) defines="$defines -D $2" ;;
	*) usage ;;
	esac
	shift 2
done
case $duration$reps$nqueries$seed in *[!0-9]*) usage ;; esac
[ "$reps" -ge 1 ] && [ "$duration" -ge 1 ] || usage

say() { echo "dns-bench: $*"; }
die() { echo "dns-bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (ip netns, tap devices, apt-get)"

# need_packages: installs the Debian packages whose commands are missing.
need_packages() {
	missing=
	command -v nsd >/dev/null || missing="$missing nsd"
	command -v dnsperf >/dev/null || missing="$missing dnsperf"
	command -v dig >/dev/null || missing="$missing dnsutils"
	ldd /bin/busybox 2>&1 | grep -q 'not a dynamic' ||
		missing="$missing busybox-static"
	ls /boot/vmlinuz-* >/dev/null 2>&1 ||
		missing="$missing linux-image-amd64"
	command -v cpio >/dev/null || missing="$missing cpio"
	command -v qemu-system-x86_64 >/dev/null ||
		missing="$missing qemu-system-x86"
	[ -z "$missing" ] && return 0
	say "installing$missing (apt-get)"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >/dev/null 2>&1 ||
		die "apt-get could not install$missing"
}
need_packages

# --- Work folder, processes and the namespace, all undone on exit.
tmp=$(mktemp -d /tmp/dns-bench.XXXXXX)
res=$tmp/results
mkdir -p "$res"
ns=unilink-dnsbench-$$
server_pid='' fg_pid=''

# run_fg COMMAND...: COMMAND in the background, waited for, so that a signal
# reaches the trap at once instead of after COMMAND (cleanup ends it).
run_fg() {
	"$@" &
	fg_pid=$!
	wait "$fg_pid"
	_rc=$?
	fg_pid=
	return $_rc
}

stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	server_pid=
}

cleanup() {
	trap - EXIT INT TERM HUP
	[ -n "$fg_pid" ] && kill "$fg_pid" 2>/dev/null
	stop_server
	bench_netns_down "$ns"
	if [ "$keep" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP

# --- The zones: --zone, else those dns.conf names, else configs/dns/*.zone.

# ini_get SECTION KEY: the values of KEY in [SECTION] of $conf, a line each.
ini_get() {
	awk -v sec="$1" -v key="$2" '
		/^[ \t]*\[/ { gsub(/[][ \t]/, ""); in_sec = ($0 == sec); next }
		in_sec && $0 ~ "^[ \t]*" key "[ \t]*=" {
			sub(/^[^=]*=[ \t]*/, "")
			sub(/[ \t]*([#;].*)?$/, "")
			print
		}' "$conf"
}

# conf_zones: the files of dns.zone, relative to the config or the tree.
conf_zones() {
	for f in $(ini_get dns zone | tr ',' ' '); do
		for d in "$(dirname "$conf")" "$top"; do
			[ -r "$d/$f" ] && { echo "$d/$f"; break; }
		done
	done
}

# zone_name FILE: the zone's origin ($ORIGIN, else the file name).
zone_name() {
	o=$(sed -n 's/^\$ORIGIN[ \t]*\([^ \t;]*\).*/\1/p' "$1" | head -n 1)
	[ -n "$o" ] || o=$(basename "$1" .zone)
	echo "${o%.}"
}

if [ -z "$zones" ] && [ -r "$conf" ]; then
	zones=$(conf_zones)
fi
[ -n "$zones" ] || zones=$(ls "$top"/configs/dns/*.zone 2>/dev/null)
[ -n "$zones" ] || die "no zone: give --zone FILE or add configs/dns/*.zone"
zone_args=
for z in $zones; do zone_args="$zone_args $(zone_name "$z")=$z"; done
first_zone=${zone_args# }
first_zone=${first_zone%%=*}

say "$(date -u +%FT%TZ), $(nproc) CPUs," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "$(qemu-system-x86_64 --version | head -n 1)," \
	"dnsperf $(dnsperf -h 2>&1 | sed -n 's/^Version //p')"
say "zones:$(for za in $zone_args; do printf ' %s' "${za#*=}"; done |
	sed "s|$top/||g")"

# --- (c): NSD natively on 127.0.0.1 with its own config, pid and files.
native_port=$(python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')

# nsd_conf DIR: an nsd.conf keeping everything in DIR; RRL off, one server.
nsd_conf() {
	printf 'server:\n\tip-address: 127.0.0.1@%s\n' "$native_port"
	printf '\tusername: ""\n\tchroot: ""\n\tdatabase: ""\n'
	printf '\tzonesdir: "%s"\n\txfrdir: "%s"\n' "$1" "$1"
	printf '\tpidfile: "%s/nsd.pid"\n\txfrdfile: "%s/xfrd.state"\n' \
		"$1" "$1"
	printf '\tzonelistfile: "%s/zone.list"\n\tlogfile: "%s/nsd.log"\n' \
		"$1" "$1"
	printf '\tserver-count: 1\n\thide-version: yes\n\tverbosity: 0\n'
	printf '\trrl-ratelimit: 0\n\trrl-whitelist-ratelimit: 0\n'
	printf 'remote-control:\n\tcontrol-enable: no\n'
	for za in $zone_args; do
		printf 'zone:\n\tname: %s\n\tzonefile: %s\n' \
			"${za%%=*}" "${za#*=}"
		printf '\tprovide-xfr: 127.0.0.1 NOKEY\n'
	done
}
mkdir -p "$tmp/nsd"
nsd_conf "$tmp/nsd" >"$tmp/nsd/nsd.conf"

# start_native: NSD in the foreground of a background job; waits for a
# real answer (at most 20 s).
start_native() {
	t0=$(date +%s%N)
	nsd -d -c "$tmp/nsd/nsd.conf" >"$tmp/nsd/nsd.out" 2>&1 &
	server_pid=$!
	run_fg python3 "$lib/first_answer.py" --server 127.0.0.1 \
		--port "$native_port" --name "$first_zone" --since-ns "$t0" \
		--pid "$server_pid" --timeout 20 >/dev/null ||
		die "native NSD did not answer: $(cat "$tmp/nsd/nsd.out" \
			"$tmp/nsd/nsd.log" 2>/dev/null)"
}

# --- The query file, from an AXFR of every zone out of the native NSD.
start_native
mkdir -p "$tmp/axfr"
for za in $zone_args; do
	dig @127.0.0.1 -p "$native_port" "${za%%=*}" axfr +onesoa +nocmd \
		+nostats +nocomments >"$tmp/axfr/${za%%=*}" ||
		die "AXFR of ${za%%=*} from the native NSD failed"
done
queries=$tmp/queries.txt
mix=$(python3 "$here/genqueries.py" --out "$queries" --count "$nqueries" \
	--seed "$seed" "$tmp"/axfr/*) || die "could not generate the queries"
python3 "$here/mixcheck.py" --server 127.0.0.1 --port "$native_port" \
	--label "(c) native NSD" "$queries.kinds" >"$tmp/mix.c" ||
	die "the query mix does not match the native NSD: $(cat "$tmp/mix.c")"
stop_server

# --- The VMs: one QEMU command line for both, a tap in our namespace.
guest=198.18.0.2
mac=52:54:00:12:34:56
bench_netns_up "$ns" tap0 198.18.0.1/24 &&
	bench_netns_neigh "$ns" tap0 "$guest" "$mac" ||
	die "could not create network namespace $ns with tap0"
qemu_flags="-accel tcg -cpu max -M q35 -m 256 -nodefaults -no-user-config
	-display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
	-netdev tap,id=n0,ifname=tap0,script=no,downscript=no
	-device virtio-net-pci,netdev=n0,mac=$mac"
netdesc="QEMU TCG q35 -cpu max -m 256, virtio-net-pci on tap0 in netns $ns"
netdesc="$netdesc (198.18.0.1 <-> $guest)"
# The address (a) is asked at: over IPv6 with --ipv6.
a_target=$guest
if [ -n "$ipv6" ]; then
	a_target=2001:db8:18::2
	ip netns exec "$ns" ip -6 addr add 2001:db8:18::1/64 dev tap0 nodad &&
		ip netns exec "$ns" ip -6 neigh replace "$a_target" lladdr "$mac" \
			dev tap0 nud permanent ||
		die "could not give tap0 an IPv6 address"
	netdesc="$netdesc, over IPv6 (2001:db8:18::1 <-> $a_target)"
	for p in b c; do
		echo "IPv4 only (--ipv6: compare with a run without it)" \
			>"$res/$p.missing"
	done
fi
# target_of PEER: the address the VM of PEER is asked at.
target_of() {
	if [ "$1" = a ]; then echo "$a_target"; else echo "$guest"; fi
}
nsd_version=$(nsd -v 2>&1 | sed -n 's/^NSD version //p' | head -n 1)

for p in a b c; do
	case $peers in
	*$p*) ;;
	*) echo "not selected (--peers $peers)" >"$res/$p.missing" ;;
	esac
done

# (b): Debian's kernel and our initramfs.
if [ ! -e "$res/b.missing" ]; then
	kver=$(sh "$here/linux-vm.sh" "$tmp/vm" "$guest/24" 53 $zone_args) ||
		die "could not build the Linux-VM initramfs"
	isize=$(du -m "$tmp/vm/initrd.cpio" | cut -f1)
	echo "NSD $nsd_version in Linux $kver (Debian kernel, ${isize} MB" \
		"busybox/NSD initramfs), $netdesc" >"$res/b.label"
fi

# (a): the appliance, specialised with the guest's address (-D), when its
# configuration exists. A specialised image takes no settings at boot.
# build_appliance prints why it failed, if it did.
build_appliance() {
	if [ -z "$unilink" ]; then
		unilink=$top/build-bench/bin/unilink
		{ cmake -G Ninja -S "$top" -B "$top/build-bench" &&
			ninja -C "$top/build-bench" bin/unilink \
				lib/libunilink-os.a lib/unilink-libos-asm.o \
				lib/unilink-passes.so; } >"$tmp/build.log" \
			2>&1 ||
			{ echo "the build of unilink failed:" \
				"$(tail -n 3 "$tmp/build.log")"; return 1; }
	fi
	# Without rate limiting, as NSD runs here (rrl-ratelimit: 0): the load
	# comes from one address.
	# shellcheck disable=SC2086 # $defines: -D words, split on purpose
	v6=off
	[ -n "$ipv6" ] && v6="static $a_target/64"
	"$unilink" build "$conf" -o "$tmp/dns.elf" \
		-D "net0.ipv4=$guest/24" -D net0.gateway=0.0.0.0 \
		-D "net0.ipv6=$v6" \
		-D net0.dhcp=false -D dns.rrl=false $defines >"$tmp/unilink.log" 2>&1 ||
		{ echo "unilink build ${conf#"$top"/} failed:" \
			"$(tail -n 3 "$tmp/unilink.log")"; return 1; }
}
if [ ! -e "$res/a.missing" ] && [ ! -r "$conf" ]; then
	echo "${conf#"$top"/} does not exist yet" >"$res/a.missing"
fi
if [ ! -e "$res/a.missing" ]; then
	say "building the appliance (unilink build ${conf#"$top"/})"
	if why=$(build_appliance); then
		size=$(stat -c %s "$tmp/dns.elf")
		echo "unilink DNS appliance ($size bytes," \
			"$(basename "$conf")$defines), $netdesc" >"$res/a.label"
	else
		echo "$why" | tr '\n' ' ' >"$res/a.missing"
	fi
fi
a_port=$(ini_get dns port 2>/dev/null | head -n 1)
echo "NSD $nsd_version natively on 127.0.0.1, server-count 1, RRL off" \
	>"$res/c.label"

# peer_vars PEER: the QEMU image arguments, boot command line and DNS port
# of PEER in kern, append and port.
peer_vars() {
	case $1 in
	a) kern="-kernel $tmp/dns.elf" append='' port=${a_port:-53} ;;
	b)
		kern="-kernel $tmp/vm/vmlinuz -initrd $tmp/vm/initrd.cpio"
		append="console=ttyS0 quiet panic=-1" port=53
		;;
	c) kern='' append='' port=$native_port ;;
	esac
}

# start_vm PEER REP: boot the peer's VM; record QEMU start -> first answer.
start_vm() {
	peer_vars "$1"
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	ip netns exec "$ns" qemu-system-x86_64 $qemu_flags $kern \
		-append "$append" -name "dnsbench-$1,debug-threads=on" \
		-serial "file:$tmp/$1.$2.serial" </dev/null \
		>"$tmp/$1.$2.qemu" 2>&1 &
	server_pid=$!
	run_fg ip netns exec "$ns" python3 "$lib/first_answer.py" \
		--server "$(target_of "$1")" --port "$port" --name "$first_zone" \
		--since-ns "$t0" --pid "$server_pid" --timeout 120 \
		>"$res/$1.$2.boot" 2>"$tmp/$1.$2.poll"
}

# boot_failed PEER REP: records why the VM gave no answer.
boot_failed() {
	{
		cat "$tmp/$1.$2.poll"
		echo "last console lines:"
		tail -q -n 3 "$tmp/$1.$2.serial" "$tmp/$1.$2.qemu"
	} 2>/dev/null | tr -s '\r\n' '  ' | cut -c 1-400 >"$res/$1.$2.fail"
	say "($1) run $2: $(cat "$res/$1.$2.fail")"
	rm -f "$res/$1.$2.boot"
}

# measure PEER REP SERVER PORT [ip netns exec NS]: one bounded dnsperf run.
measure() {
	peer=$1 rep=$2 server=$3 port=$4
	shift 4
	# shellcheck disable=SC2086
	run_fg "$@" python3 "$lib/measure.py" --server-pid "$server_pid" \
		--log "$res/$peer.$rep.dnsperf" \
		--json "$res/$peer.$rep.json" -- \
		timeout -k 5 $((duration + 30)) \
		dnsperf -s "$server" -p "$port" -d "$queries" \
		-l "$duration" -c 1 -T 1 $mode $verbose ||
		say "($peer) run $rep: dnsperf failed (see the table)"
}

# one PEER REP: start, check the mix (first repetition), measure, stop.
one() {
	if [ "$1" = c ]; then
		start_native
		target=127.0.0.1 in=
	elif start_vm "$1" "$2"; then
		target=$(target_of "$1") in="ip netns exec $ns"
	else
		boot_failed "$1" "$2"
		stop_server
		return
	fi
	peer_vars "$1"
	if [ "$2" = 1 ] && [ "$1" != c ]; then
		# shellcheck disable=SC2086
		run_fg $in python3 "$here/mixcheck.py" --server "$target" \
			--port "$port" --label "($1)" "$queries.kinds" \
			>"$tmp/mix.$1"
	fi
	# shellcheck disable=SC2086
	measure "$1" "$2" "$target" "$port" $in
	stop_server
}

# --- The run: repetitions of c, b, a in turn, then the table.
say "queries: $mix"
say "dnsperf -l $duration -c 1 -T 1${mode:+ $mode}${verbose:+ $verbose}, $reps" \
	"repetitions per peer, order c b a in each"
rep=1
while [ "$rep" -le "$reps" ]; do
	for p in c b a; do
		[ -e "$res/$p.missing" ] && continue
		say "repetition $rep/$reps: ($p)"
		one "$p" "$rep"
	done
	rep=$((rep + 1))
done

say "done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v n="$(nproc)" '{ exit !($1 > n) }' /proc/loadavg; then
	say "warning: the load average is above the $(nproc) CPUs: other" \
		"work competed for them, so qps and CPU shares follow the" \
		"scheduler (a VM's QEMU has several busy threads, NSD one);" \
		"srv us/q (server CPU per query) is the figure to compare"
fi
echo
cat "$tmp"/mix.* 2>/dev/null
echo
python3 "$here/report.py" "$res"
