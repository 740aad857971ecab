#!/bin/sh
# SPDX-License-Identifier: ISC
# The OpenFlow controller benchmark, the Mirage paper's cbench measurement
# of a learning switch: ofbench (ofbench.c, cbench's two modes) emulates
# SWITCHES switches sending PACKET_INs between distinct MAC addresses to
# three controllers, in one run:
#   (a) the controller appliance (configs/ofctl/ofctl.conf, specialised)
#       under QEMU TCG,
#   (b) os-ken (Debian's python3-os-ken) with the same learning switch
#       (osken_learning_switch.py) in a Linux VM (Debian's kernel, an
#       initramfs built by linux-vm.sh, the host's root read-only over
#       virtio-9p) under the same QEMU with the same flags,
#   (c) the same os-ken natively on 127.0.0.1.
# Both VMs run on q35 with virtio-net-pci on a tap inside a network
# namespace this script creates (198.18.0.1 host side, 198.18.0.2 guest;
# no route out); ofbench runs inside it for the VMs, on the host for (c).
#
# For each peer: ofbench in latency mode (one PACKET_IN outstanding per
# switch) then in throughput mode (up to WINDOW outstanding), LOOPS loops
# of MS each, the first a warm-up. Prints a table of answered PACKET_INs
# per second and the mean latency, the ratios a/b and a/c, each VM's time
# from QEMU's start to its port taking connections, and the appliance's
# image sizes, generic and specialised.
# A benchmark, not a test: it is not part of ctest.
#
# usage: run.sh [-s SWITCHES] [-m MS] [-l LOOPS] [-M HOSTS] [-w WINDOW]
#               [--peers abc] [--unilink PATH] [--ofbench PATH] [--keep]
# Defaults: 16 switches, 1000 ms loops, 6 loops, 1000 hosts per switch,
# window 64; build/bin/unilink and build/bin/ofbench.
# Needs root (ip netns, tap), python3-os-ken and the Debian kernel.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
lib=$here/../lib
. "$lib/netns.sh"

switches=16 ms=1000 loops=6 hosts=1000 window=64 peers=abc keep=0
unilink=$top/build/bin/unilink ofbench=$top/build/bin/ofbench
usage() { sed -n '/^# usage:/,/^# Needs/p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--keep) keep=1; shift; continue ;;
	esac
	[ $# -ge 2 ] || usage
	case $1 in
	-s) switches=$2 ;;
	-m) ms=$2 ;;
	-l) loops=$2 ;;
	-M) hosts=$2 ;;
	-w) window=$2 ;;
	--peers) peers=$2 ;;
	--unilink) unilink=$2 ;;
	--ofbench) ofbench=$2 ;;
	*) usage ;;
	esac
	shift 2
done
case $switches$ms$loops$hosts$window in *[!0-9]* | '') usage ;; esac

say() { echo "openflow-bench: $*"; }
die() { echo "openflow-bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (ip netns, tap devices)"
[ -x "$ofbench" ] || die "no $ofbench (./scripts/build.sh, or --ofbench)"
[ -x /usr/bin/osken-manager ] || die "no osken-manager (apt-get install python3-os-ken)"
app=$here/osken_learning_switch.py

tmp=$(mktemp -d /tmp/openflow-bench.XXXXXX)
res=$tmp/results
mkdir -p "$res"
ns=unilink-openflow-bench-$$
server_pid=''
stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	server_pid=
}
cleanup() {
	trap - EXIT INT TERM HUP
	stop_server
	bench_netns_down "$ns"
	if [ "$keep" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP

say "$(date -u +%FT%TZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "$(qemu-system-x86_64 --version | head -n 1), os-ken" \
	"$(dpkg-query -W -f='${Version}' python3-os-ken 2>/dev/null)"
guest=198.18.0.2
mac=52:54:00:12:34:58
for p in a b c; do
	case $peers in
	*$p*) ;;
	*) echo "not selected (--peers $peers)" >"$res/$p.missing" ;;
	esac
done

# (a) the appliance, specialised; the generic image for the sizes only.
conf=$top/configs/ofctl/ofctl.conf
if [ ! -e "$res/a.missing" ]; then
	say "building the appliance (unilink build configs/ofctl/ofctl.conf)"
	max=32
	[ "$switches" -gt 32 ] && max=$switches
	if "$unilink" build "$conf" -o "$tmp/ofctl.elf" --report=text \
		--report-file "$tmp/size.txt" -D "net0.ipv4=$guest/24" \
		-D net0.gateway=0.0.0.0 -D "ofctl.max_switches=$max" \
		-D "tcp.max_connections=$((max + 2))" >"$tmp/build.log" 2>&1 &&
		"$unilink" build "$conf" --generic -o "$tmp/ofctl.generic.elf" \
			--report=none >>"$tmp/build.log" 2>&1; then
		echo "unilink controller appliance ($(stat -c %s "$tmp/ofctl.elf") bytes, specialised)" >"$res/a.label"
	else
		echo "unilink build failed: $(tail -n 3 "$tmp/build.log")" |
			tr '\n' ' ' >"$res/a.missing"
	fi
fi
# (b) Debian's kernel, the host's os-ken over 9p.
if [ ! -e "$res/b.missing" ]; then
	if kver=$(sh "$here/linux-vm.sh" "$tmp/vm" "$guest/24" "$app"); then
		echo "os-ken in Linux $kver (Debian kernel, busybox initramfs, host root over 9p)" >"$res/b.label"
	else
		echo "could not build the Linux VM" >"$res/b.missing"
	fi
fi
native_port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "os-ken natively on 127.0.0.1 (python3 $(python3 -c 'import sys; print(sys.version.split()[0])'))" >"$res/c.label"

bench_netns_up "$ns" tap0 198.18.0.1/24 &&
	bench_netns_neigh "$ns" tap0 "$guest" "$mac" ||
	die "could not create network namespace $ns with tap0"
qemu_flags="-accel tcg -cpu max -M q35 -m 512 -nodefaults -no-user-config
	-display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
	-netdev tap,id=n0,ifname=tap0,script=no,downscript=no
	-device virtio-net-pci,netdev=n0,mac=$mac"
say "VMs: QEMU TCG q35 -cpu max -m 512, virtio-net-pci on tap0 in $ns"
say "ofbench: $switches switches, $hosts hosts each, $loops loops of $ms ms (the first a warm-up), window $window in throughput mode"

# wait_port IN HOST PORT: until a TCP connect succeeds (300 s at most).
wait_port() {
	$1 python3 - "$2" "$3" <<'PY'
import socket, sys, time
end = time.time() + 300
while time.time() < end:
    try:
        socket.create_connection((sys.argv[1], int(sys.argv[2])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit(1)
PY
}

# start PEER: sets server_pid, host, port, in; the boot time in $res.
start() {
	t0=$(date +%s%N)
	case $1 in
	a | b)
		if [ "$1" = a ]; then
			kern="-kernel $tmp/ofctl.elf" append='' extra=''
		else
			kern="-kernel $tmp/vm/vmlinuz -initrd $tmp/vm/initrd.cpio"
			append="console=ttyS0 quiet panic=-1"
			extra="-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on"
		fi
		# shellcheck disable=SC2086
		ip netns exec "$ns" qemu-system-x86_64 $qemu_flags $kern $extra \
			-append "$append" -serial "file:$tmp/$1.serial" \
			</dev/null >"$tmp/$1.qemu" 2>&1 &
		server_pid=$! host=$guest port=6653 in="ip netns exec $ns"
		;;
	c)
		/usr/bin/python3 -B /usr/bin/osken-manager \
			--ofp-tcp-listen-port "$native_port" "$app" \
			>"$tmp/c.log" 2>&1 &
		server_pid=$! host=127.0.0.1 port=$native_port in=''
		;;
	esac
	wait_port "$in" "$host" "$port" || return 1
	echo $((($(date +%s%N) - t0) / 1000000)) >"$res/$1.boot_ms"
}

for p in c b a; do
	[ -e "$res/$p.missing" ] && continue
	say "($p) $(cat "$res/$p.label")"
	if ! start "$p"; then
		say "($p) its port did not open in 300 s"
		stop_server
		continue
	fi
	# The controller reached its port; give it a second to settle.
	sleep 1
	for mode in latency throughput; do
		flag=
		[ $mode = throughput ] && flag=-t
		# shellcheck disable=SC2086
		$in timeout $((loops * ms / 1000 + 60)) "$ofbench" $flag \
			-c "$host" -p "$port" -s "$switches" -M "$hosts" \
			-m "$ms" -l "$loops" -w "$window" >"$res/$p.$mode" 2>&1 ||
			say "($p) $mode: ofbench failed: $(tail -n 2 "$res/$p.$mode")"
		say "($p) $(tail -n 1 "$res/$p.$mode")"
	done
	stop_server
done

# The table.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$res/$1" 2>/dev/null | tail -n 1; }
echo
printf '%-4s %14s %12s %14s  %s\n' peer "latency r/s" "latency us" \
	"batch r/s" "controller"
for p in a b c; do
	if [ -e "$res/$p.missing" ]; then
		printf '%-4s %14s %12s %14s  left out: %s\n' "($p)" - - - "$(cat "$res/$p.missing")"
		continue
	fi
	printf '%-4s %14s %12s %14s  %s\n' "($p)" \
		"$(field $p.latency responses_per_s)" \
		"$(field $p.latency latency_us)" \
		"$(field $p.throughput responses_per_s)" "$(cat "$res/$p.label")"
done
ratio() {
	python3 -c 'import sys
a, b = sys.argv[1], sys.argv[2]
try:
    print("%.2fx" % (float(a) / float(b)))
except (ValueError, ZeroDivisionError):
    print("-")' "$1" "$2"
}
for q in b c; do
	echo "a/$q: latency mode $(ratio "$(field a.latency responses_per_s)" \
		"$(field $q.latency responses_per_s)"), batch mode $(ratio \
		"$(field a.throughput responses_per_s)" \
		"$(field $q.throughput responses_per_s)")"
done
for p in a b; do
	[ -f "$res/$p.boot_ms" ] &&
		echo "($p) QEMU start to port 6653 open: $(cat "$res/$p.boot_ms") ms"
done
if [ -f "$tmp/ofctl.elf" ]; then
	echo "image: specialised $(stat -c %s "$tmp/ofctl.elf") bytes," \
		"generic $(stat -c %s "$tmp/ofctl.generic.elf") bytes"
	grep -E '^(Size|component|server:openflow|total)' "$tmp/size.txt"
fi
[ -f "$tmp/vm/initrd.cpio" ] &&
	echo "Linux VM: kernel $(stat -c %s "$tmp/vm/vmlinuz") bytes," \
		"initramfs $(stat -c %s "$tmp/vm/initrd.cpio") bytes (+ the host's os-ken over 9p)"
exit 0
