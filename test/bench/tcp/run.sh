#!/bin/sh
# SPDX-License-Identifier: ISC
# The TCP benchmark: bulk throughput both ways and connections per second
# of (a) the unilink TCP appliance (test/net/tcp-serve.c, specialised,
# tcpserve.check=false: no hashing, zeros for data) and (b) a Linux VM
# (Debian's kernel, the DNS bench's, with peer.c serving the same ports
# the same way), both under the same QEMU
# TCG with the same flags, virtio-net-pci on a tap inside a network
# namespace this script creates (198.18.0.1 host, 198.18.0.2 guest, a
# static ARP entry; no route out). One client, client.py, measures both.
# iperf3 against (b) shows what Linux's own tool gets from the same VM, so
# that the Python client's own limit is visible. The CPU per byte is the
# user + system time of the peer's QEMU process (/proc/PID/stat: the
# guest's work and its emulated devices, on the host) during each bulk
# transfer, per MB moved. Bulk from the appliance is measured twice: copied
# (tcp_write, port 19) and by reference (tcp_write_ref, port 21; the Linux
# VM serves port 21 as port 19). Prints a table of medians and the ratios
# a/b. A benchmark, not a test: it is not part of ctest.
#
# usage: run.sh [-r REPS] [--bytes N] [-d SECONDS] [--parallel P]
#               [--peers ab] [--unilink PATH] [-D SECTION.KEY=VALUE]...
#               [--keep]
# Defaults: 3 repetitions, 16 MiB per transfer, 5 s per connection rate,
# 8 parallel clients, both peers, build/bin/unilink.
# Needs root (ip netns, tap); installs missing Debian packages with apt-get.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
. "$here/../lib/netns.sh"

reps=3 bytes=16777216 seconds=5 parallel=8 keep=0 defines='' peers=ab
unilink=$top/build/bin/unilink
usage() { sed -n '/^# usage:/,/^# Needs/p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--keep) keep=1; shift; continue ;;
	esac
	[ $# -ge 2 ] || usage
	case $1 in
	-r | --reps) reps=$2 ;;
	--bytes) bytes=$2 ;;
	-d) seconds=$2 ;;
	--parallel) parallel=$2 ;;
	--peers) peers=$2 ;;
	--unilink) unilink=$2 ;;
	-D) defines="$defines -D $2" ;;
	*) usage ;;
	esac
	shift 2
done
case $reps$bytes$seconds$parallel in *[!0-9]*) usage ;; esac

say() { echo "tcp-bench: $*"; }
die() { echo "tcp-bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (ip netns, tap devices, apt-get)"
[ -x "$unilink" ] || die "no $unilink (./scripts/build.sh, or --unilink)"

missing=
ldd /bin/busybox 2>&1 | grep -q 'not a dynamic' ||
	missing="$missing busybox-static"
ls /boot/vmlinuz-* >/dev/null 2>&1 || missing="$missing linux-image-amd64"
for c in iperf3 cpio; do
	command -v $c >/dev/null || missing="$missing $c"
done
if [ -n "$missing" ]; then
	say "installing$missing (apt-get)"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >/dev/null 2>&1 ||
		die "apt-get could not install$missing"
fi

tmp=$(mktemp -d /tmp/tcp-bench.XXXXXX)
ns=unilink-tcpbench-$$
vm=''
cleanup() {
	trap - EXIT INT TERM HUP
	[ -n "$vm" ] && kill "$vm" 2>/dev/null && wait "$vm" 2>/dev/null
	bench_netns_down "$ns"
	if [ "$keep" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP

guest=198.18.0.2
mac=52:54:00:12:34:57
say "$(date -u +%FT%TZ), $(nproc) CPUs," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "$(qemu-system-x86_64 --version | head -n 1)"

# shellcheck disable=SC2086 # $defines: -D words, split on purpose
"$unilink" build "$top/test/net/tcp-serve.conf" -o "$tmp/tcp.elf" -q \
	--report=none --source "$top/test/net/tcp-serve.c" \
	--source "$top/test/net/sha256.c" -D "net0.ipv4=$guest/24" \
	-D net0.gateway=0.0.0.0 -D tcpserve.check=false $defines \
	>"$tmp/build.log" 2>&1 ||
	die "unilink build failed: $(tail -n 3 "$tmp/build.log")"
kver=$(sh "$here/linux-vm.sh" "$tmp/vm" "$guest/24") ||
	die "could not build the Linux VM"
bench_netns_up "$ns" tap0 198.18.0.1/24 &&
	bench_netns_neigh "$ns" tap0 "$guest" "$mac" ||
	die "could not create network namespace $ns with tap0"
qemu_flags="-accel tcg -cpu max -M q35 -m 256 -nodefaults -no-user-config
	-display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
	-netdev tap,id=n0,ifname=tap0,script=no,downscript=no
	-device virtio-net-pci,netdev=n0,mac=$mac"
say "QEMU TCG q35 -cpu max -m 256, virtio-net-pci on a tap in $ns"
say "(a) unilink tcp-serve ($(stat -c %s "$tmp/tcp.elf") bytes," \
	"specialised, tcpserve.check=false$defines)"
say "(b) Linux $kver (Debian kernel), peer.c static, default sysctls"
say "$reps repetitions; $bytes bytes per transfer; ${seconds} s per" \
	"connection rate, 1 and $parallel clients"

# run PEER REP: boot the peer, measure with client.py, stop it.
run() {
	case $1 in
	a) kern="-kernel $tmp/tcp.elf" append='' ;;
	b)
		kern="-kernel $tmp/vm/vmlinuz -initrd $tmp/vm/initrd.cpio"
		append="console=ttyS0 quiet panic=-1"
		;;
	esac
	# shellcheck disable=SC2086
	ip netns exec "$ns" qemu-system-x86_64 $qemu_flags $kern \
		-append "$append" -name "tcpbench-$1,debug-threads=on" \
		-serial "file:$tmp/$1.$2.serial" </dev/null \
		>"$tmp/$1.$2.qemu" 2>&1 &
	vm=$!
	# ip netns exec execs QEMU: $vm is QEMU's own pid, whose CPU
	# time client.py reads around each bulk transfer.
	ip netns exec "$ns" timeout 600 python3 "$here/client.py" "$guest" \
		--bytes "$bytes" --seconds "$seconds" --parallel "$parallel" \
		--pid "$vm" \
		>"$tmp/$1.$2.json" 2>"$tmp/$1.$2.err" ||
		say "($1) run $2 failed: $(tail -n 2 "$tmp/$1.$2.err")" \
			"$(tail -n 2 "$tmp/$1.$2.serial" 2>/dev/null)"
	if [ "$1" = b ]; then
		for dir in "" -R; do
			ip netns exec "$ns" timeout 60 iperf3 -c "$guest" -t 5 \
				$dir -J >"$tmp/b.$2.iperf$dir.json" 2>/dev/null
		done
	fi
	kill "$vm" 2>/dev/null
	wait "$vm" 2>/dev/null
	vm=''
}

rep=1
while [ "$rep" -le "$reps" ]; do
	for p in b a; do
		case $peers in *$p*) ;; *) continue ;; esac
		say "repetition $rep/$reps: ($p)"
		run "$p" "$rep"
	done
	rep=$((rep + 1))
done
say "done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 - "$tmp" "$reps" <<'PY'
import json, os, statistics, sys
tmp, reps = sys.argv[1], int(sys.argv[2])
def load(name):
    try:
        with open(os.path.join(tmp, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None
def med(peer, key):
    v = [r[key] for r in (load('%s.%d.json' % (peer, i))
                          for i in range(1, reps + 1))
         if r and r.get(key) is not None]
    return statistics.median(v) if v else None
def iperf(suffix):
    v = []
    for i in range(1, reps + 1):
        r = load('b.%d.iperf%s.json' % (i, suffix))
        got = (r or {}).get('end', {}).get('sum_received')
        if got:
            v.append(got['bits_per_second'] / 8e6)
    return statistics.median(v) if v else None
rows = [('bulk to the peer, MB/s', 'send_MBps'),
        ('bulk from the peer, MB/s', 'recv_MBps'),
        ('  the same by reference, MB/s', 'ref_MBps'),
        ('QEMU CPU ms per MB to the peer', 'send_cpu_ms_MB'),
        ('QEMU CPU ms per MB from the peer', 'recv_cpu_ms_MB'),
        ('  the same by reference', 'ref_cpu_ms_MB'),
        ('connections/s, 1 client', 'cps_1'),
        ('connections/s, parallel clients', 'cps_p'),
        ('client ready after boot, s', 'ready_s')]
print('%-34s %12s %12s %8s' % ('median of %d' % reps, '(a) unilink',
                               '(b) Linux VM', 'a/b'))
for label, key in rows:
    a, b = med('a', key), med('b', key)
    fmt = lambda x: '%12.2f' % x if x is not None else '%12s' % '-'
    ratio = '%8.2f' % (a / b) if a and b else '%8s' % '-'
    print('%-34s %s %s %s' % (label, fmt(a), fmt(b), ratio))
s, r = iperf(''), iperf('-R')
print('iperf3 against (b), MB/s: to the VM %s, from the VM %s (what the '
      'Linux VM gives its own tool)' % (
          '%.2f' % s if s else '-', '%.2f' % r if r else '-'))
PY
