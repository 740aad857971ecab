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
# in it; no route out); (c) and dnsperf against it use 127.0.0.1. Prints one table of medians
# (qps, latency, server and dnsperf CPU, QEMU start -> first answer) and
# the ratios a/b and a/c. A benchmark, not a test: not part of ctest.
#
# usage: run.sh [-d SECONDS] [-r REPS] [--zone FILE]... [--queries N]
#               [--seed N] [--peers abc] [--conf FILE] [--unilink PATH]
#               [--p99] [--keep]
# --conf builds (a) from another config (default configs/dns/dns.conf);
# --peers picks a subset; --keep leaves the work folder (logs) in /tmp;
# --p99 runs every dnsperf with -v (a line per query) to get percentiles,
# which dnsperf 2.10 does not print otherwise (it costs dnsperf some CPU).
# Needs root (ip netns, tap); installs missing Debian packages with apt-get.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
lib=$here/../lib
. "$lib/netns.sh"

duration=10 reps=3 zones= nqueries=1000 seed=1 peers=abc keep=0
unilink= conf=$top/configs/dns/dns.conf verbose=
usage() { sed -n '/^# usage:/,/^# Needs/p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	-d | --duration) duration=$2; shift 2 ;;
	-r | --reps) reps=$2; shift 2 ;;
	--zone) zones="$zones $(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
	--queries) nqueries=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--peers) peers=$2; shift 2 ;;
	--unilink) unilink=$2; shift 2 ;;
	--conf) conf=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
	--keep) keep=1; shift ;;
	--p99) verbose=-v; shift ;;
	*) usage ;;
	esac
done
case $duration$reps$nqueries$seed in *[!0-9]*) usage ;; esac
[ "$reps" -ge 1 ] && [ "$duration" -ge 1 ] || usage

say() { echo "dns-bench: $*"; }
die() { echo "dns-bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (ip netns, tap devices, apt-get)"

# Packages: command (or file) -> Debian package.
need_packages() {
	missing=
	command -v nsd >/dev/null || missing="$missing nsd"
	command -v dnsperf >/dev/null || missing="$missing dnsperf"
	command -v dig >/dev/null || missing="$missing dnsutils"
	ldd /bin/busybox 2>&1 | grep -q 'not a dynamic' ||
		missing="$missing busybox-static"
	ls /boot/vmlinuz-* >/dev/null 2>&1 || missing="$missing linux-image-amd64"
	command -v cpio >/dev/null || missing="$missing cpio"
	command -v qemu-system-x86_64 >/dev/null ||
		missing="$missing qemu-system-x86"
	[ -z "$missing" ] && return 0
	say "installing$missing (apt-get)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >/dev/null 2>&1 ||
		die "apt-get could not install$missing"
}
need_packages

tmp=$(mktemp -d /tmp/dns-bench.XXXXXX)
res=$tmp/results
mkdir -p "$res"
ns=unilink-dnsbench-$$
server_pid= fg_pid=
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
			sub(/^[^=]*=[ \t]*/, ""); sub(/[ \t]*([#;].*)?$/, ""); print }
	' "$conf"
}
conf_zones() {
	ini_get dns zone | tr ',' ' ' |
		while read -r z; do
			for f in $z; do
				for d in "$(dirname "$conf")" "$top"; do
					[ -r "$d/$f" ] && { echo "$d/$f"; break; }
				done
			done
		done
}
if [ -z "$zones" ] && [ -r "$conf" ]; then
	zones=$(conf_zones | tr '\n' ' ')
fi
[ -n "$zones" ] || zones=$(ls "$top"/configs/dns/*.zone 2>/dev/null | tr '\n' ' ')
[ -n "$zones" ] || die "no zone: give --zone FILE or add configs/dns/*.zone"
zone_name() {
	o=$(sed -n 's/^\$ORIGIN[ \t]*\([^ \t;]*\).*/\1/p' "$1" | head -n 1)
	[ -n "$o" ] || o=$(basename "$1" .zone)
	echo "${o%.}"
}
zone_args=
for z in $zones; do zone_args="$zone_args $(zone_name "$z")=$z"; done
first_zone=$(echo $zone_args | cut -d= -f1)

# --- (c) NSD natively on 127.0.0.1, its own config, pid and files.
free_port() {
	python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}
native_port=$(free_port)
mkdir -p "$tmp/nsd"
{
	printf 'server:\n\tip-address: 127.0.0.1@%s\n' "$native_port"
	printf '\tusername: ""\n\tchroot: ""\n\tdatabase: ""\n'
	for k in zonesdir xfrdir; do printf '\t%s: "%s"\n' $k "$tmp/nsd"; done
	printf '\tpidfile: "%s/nsd.pid"\n\txfrdfile: "%s/xfrd.state"\n' \
		"$tmp/nsd" "$tmp/nsd"
	printf '\tzonelistfile: "%s/zone.list"\n\tlogfile: "%s/nsd.log"\n' \
		"$tmp/nsd" "$tmp/nsd"
	printf '\tserver-count: 1\n\thide-version: yes\n\tverbosity: 0\n'
	printf '\trrl-ratelimit: 0\n\trrl-whitelist-ratelimit: 0\n'
	printf 'remote-control:\n\tcontrol-enable: no\n'
	for za in $zone_args; do
		printf 'zone:\n\tname: %s\n\tzonefile: %s\n' "${za%%=*}" "${za#*=}"
		printf '\tprovide-xfr: 127.0.0.1 NOKEY\n'
	done
} >"$tmp/nsd/nsd.conf"

# start_native: NSD in the foreground of a background job; waits for a
# real answer (at most 20 s).
start_native() {
	t0=$(date +%s%N)
	nsd -d -c "$tmp/nsd/nsd.conf" >"$tmp/nsd/nsd.out" 2>&1 &
	server_pid=$!
	run_fg python3 "$lib/first_answer.py" --server 127.0.0.1 \
		--port "$native_port" --name "$first_zone" --since-ns "$t0" \
		--pid "$server_pid" --timeout 20 >/dev/null ||
		die "native NSD did not answer: $(cat "$tmp/nsd/nsd.out" "$tmp/nsd/nsd.log" 2>/dev/null)"
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
netdesc="virtio-net-pci on tap0 in netns $ns (198.18.0.1 <-> $guest), QEMU TCG q35 -cpu max -m 256"

for p in a b c; do
	case $peers in *$p*) ;; *) echo "not selected (--peers $peers)" >"$res/$p.missing" ;; esac
done

# (b): Debian's kernel and our initramfs.
if [ ! -e "$res/b.missing" ]; then
	kver=$(sh "$here/linux-vm.sh" "$tmp/vm" "$guest/24" 53 $zone_args) ||
		die "could not build the Linux-VM initramfs"
	isize=$(du -m "$tmp/vm/initrd.cpio" | cut -f1)
	echo "NSD $(nsd -v 2>&1 | sed -n 's/^NSD version //p' | head -n 1) in Linux $kver (Debian kernel, ${isize} MB busybox/NSD initramfs), $netdesc" >"$res/b.label"
fi
b_kernel="-kernel $tmp/vm/vmlinuz -initrd $tmp/vm/initrd.cpio"
b_append="console=ttyS0 quiet panic=-1"

# (a): the appliance, when configs/dns/dns.conf exists.
a_port=53
if [ ! -e "$res/a.missing" ] && [ ! -r "$conf" ]; then
	echo "${conf#$top/} does not exist yet" >"$res/a.missing"
fi
build_appliance() {
	if [ -z "$unilink" ]; then
		unilink=$top/build-bench/bin/unilink
		say "building unilink in build-bench (cmake, ninja)"
		{ cmake -G Ninja -S "$top" -B "$top/build-bench" &&
			ninja -C "$top/build-bench" bin/unilink \
				lib/libunilink-os.a lib/unilink-libos-asm.o \
				lib/unilink-passes.so; } >"$tmp/build.log" 2>&1 ||
			{ echo "the build of unilink failed: $(tail -n 3 "$tmp/build.log" | tr '\n' ' ')"; return 1; }
	fi
	"$unilink" build "$conf" -o "$tmp/dns.elf" \
		-D "net0.ipv4=$guest/24" -D net0.gateway=0.0.0.0 \
		-D net0.dhcp=false >"$tmp/unilink.log" 2>&1 ||
		{ echo "unilink build ${conf#$top/} failed: $(tail -n 3 "$tmp/unilink.log" | tr '\n' ' ')"; return 1; }
}
if [ ! -e "$res/a.missing" ]; then
	if why=$(build_appliance); then
		p=$(ini_get dns port | head -n 1)
		a_port=${p:-53}
		echo "unilink DNS appliance ($(stat -c %s "$tmp/dns.elf") bytes, $(basename "$conf")), $netdesc" >"$res/a.label"
	else
		echo "$why" >"$res/a.missing"
	fi
fi
a_kernel="-kernel $tmp/dns.elf"
a_append=  # a specialised image takes no settings at boot: -D gave them
echo "NSD $(nsd -v 2>&1 | sed -n 's/^NSD version //p' | head -n 1) natively on 127.0.0.1, server-count 1, RRL off" >"$res/c.label"

# start_vm PEER REP: boot the peer's VM; record QEMU start -> first answer.
start_vm() {
	eval "kern=\$${1}_kernel append=\$${1}_append port=\$${1}_port"
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	ip netns exec "$ns" qemu-system-x86_64 $qemu_flags $kern \
		-append "$append" -name "dnsbench-$1,debug-threads=on" \
		-serial "file:$tmp/$1.$2.serial" </dev/null \
		>"$tmp/$1.$2.qemu" 2>&1 &
	server_pid=$!
	run_fg ip netns exec "$ns" python3 "$lib/first_answer.py" \
		--server "$guest" --port "$port" --name "$first_zone" \
		--since-ns "$t0" --pid "$server_pid" --timeout 120 \
		>"$res/$1.$2.boot" 2>"$tmp/$1.$2.poll"
}
b_port=53 c_port=$native_port

# measure PEER REP SERVER PORT [ip netns exec NS]: one bounded dnsperf run.
measure() {
	peer=$1 rep=$2 server=$3 port=$4
	shift 4
	run_fg "$@" python3 "$lib/measure.py" --server-pid "$server_pid" \
		--log "$res/$peer.$rep.dnsperf" --json "$res/$peer.$rep.json" -- \
		timeout -k 5 $((duration + 30)) dnsperf -s "$server" -p "$port" \
		-d "$queries" -l "$duration" -c 1 -T 1 $verbose ||
		say "($peer) run $rep: dnsperf failed (see the table)"
}

# one PEER REP: start, check the mix once, measure, stop.
one() {
	if [ "$1" = c ]; then
		start_native
		target=127.0.0.1 in=
	else
		if ! start_vm "$1" "$2"; then
			{
				cat "$tmp/$1.$2.poll"
				echo "last console lines:"
				tail -q -n 3 "$tmp/$1.$2.serial" "$tmp/$1.$2.qemu"
			} 2>/dev/null | tr -s '\r\n' '  ' | cut -c 1-400 >"$res/$1.$2.fail"
			say "($1) run $2: $(cat "$res/$1.$2.fail")"
			rm -f "$res/$1.$2.boot"
			stop_server
			return
		fi
		target=$guest in="ip netns exec $ns"
	fi
	eval "port=\$${1}_port"
	if [ "$2" = 1 ] && [ "$1" != c ]; then
		run_fg $in python3 "$here/mixcheck.py" --server "$target" \
			--port "$port" --label "($1)" "$queries.kinds" >"$tmp/mix.$1"
	fi
	measure "$1" "$2" "$target" "$port" $in
	stop_server
}

say "$(date -u +%FT%TZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(qemu-system-x86_64 --version | head -n 1), $(dnsperf -h 2>&1 | sed -n 's/^Version //p')"
say "zones:$(for za in $zone_args; do printf ' %s' "${za#*=}"; done | sed "s|$top/||g")"
say "queries: $mix"
say "dnsperf -l $duration -c 1 -T 1 $verbose, $reps repetitions per peer, order c b a per repetition"
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
busy=$(awk -v n="$(nproc)" '{ print ($1 > n) ? "yes" : "" }' /proc/loadavg)
[ -n "$busy" ] && say "warning: the load average is above the $(nproc) CPUs:" \
	"other work competed for the CPUs, so qps and CPU shares follow the" \
	"scheduler (a VM's QEMU has several busy threads, NSD one); srv us/q" \
	"(server CPU per query) is the figure to compare"
echo
cat "$tmp"/mix.* 2>/dev/null
echo
python3 "$here/report.py" "$res"
