#!/bin/sh
# SPDX-License-Identifier: ISC
# The HTTP benchmark: wrk against three peers serving the same tree with
# the same connection counts and durations, in one run:
#   (a) the web appliance (configs/www/www.conf, the tree as www.root,
#       specialised) under QEMU TCG,
#   (b) nginx in a Linux VM (Debian's kernel + an initramfs built by
#       linux-vm.sh) under the same QEMU with the same flags,
#   (c) nginx natively on 127.0.0.1.
# nginx has the configuration the tests compare the appliance with
# (test/www/nginx-lib.sh: one worker, sendfile, etag, gzip_static, no
# access log). Both VMs run on q35 (the Debian kernel stalls calibrating
# its TSC on microvm under TCG) with virtio-net-pci on a tap inside a
# network namespace this script creates (198.18.0.1 host side, 198.18.0.2
# guest with a static ARP entry; no route out); wrk runs inside it for the
# VMs, on the host for (c). The tree: small.html (a small page) and
# 1m.bin (1 MiB), and an index.html for the readiness check.
#
# For each peer, file and connection count (1, 16, 64 by default): one
# bounded wrk run (-d SECONDS, --latency; 1 thread for 1 connection, 2
# otherwise), and the server's CPU over it (QEMU's process tree, or
# nginx's master and worker: utime + stime from /proc). Prints a table:
# requests/s, latency percentiles, server CPU per request, the ratios
# a/b and a/c; then QEMU start -> first 200 for both VMs, and the sizes:
# the appliance's image, generic and specialised (`unilink build` builds
# both and reports them), against the Linux VM's kernel + initramfs.
# A benchmark, not a test: it is not part of ctest.
#
# usage: run.sh [-d SECONDS] [-r REPS] [-c "1 16 64"] [--peers abc]
#               [--unilink PATH] [-D SECTION.KEY=VALUE]... [--keep]
# Defaults: 5 s per wrk run, 1 repetition (medians when more), all peers,
# build/bin/unilink. About 3 x 6 x SECONDS x REPS plus the boots.
# Needs root (ip netns, tap); installs missing Debian packages with apt-get.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
lib=$here/../lib
. "$lib/netns.sh"
. "$top/test/www/nginx-lib.sh"

duration=5 reps=1 conns="1 16 64" peers=abc keep=0 defines=''
unilink=$top/build/bin/unilink
usage() { sed -n '/^# usage:/,/^# Needs/p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--keep) keep=1; shift; continue ;;
	esac
	[ $# -ge 2 ] || usage
	case $1 in
	-d) duration=$2 ;;
	-r) reps=$2 ;;
	-c) conns=$2 ;;
	--peers) peers=$2 ;;
	--unilink) unilink=$2 ;;
	-D) defines="$defines -D $2" ;;
	*) usage ;;
	esac
	shift 2
done
case $duration$reps$(echo "$conns" | tr -d ' ') in *[!0-9]* | '') usage ;; esac

say() { echo "http-bench: $*"; }
die() { echo "http-bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (ip netns, tap devices, apt-get)"

missing=
for c in nginx wrk cpio; do
	command -v $c >/dev/null || missing="$missing $c"
done
ldd /bin/busybox 2>&1 | grep -q 'not a dynamic' ||
	missing="$missing busybox-static"
ls /boot/vmlinuz-* >/dev/null 2>&1 || missing="$missing linux-image-amd64"
if [ -n "$missing" ]; then
	say "installing$missing (apt-get)"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >/dev/null 2>&1 ||
		die "apt-get could not install$missing"
fi

tmp=$(mktemp -d /tmp/wwwtest-bench.XXXXXX)
chmod 755 "$tmp"
res=$tmp/results
mkdir -p "$res"
ns=wwwtest-httpbench-$$
server_pid='' fg_pid=''

# run_fg COMMAND...: in the background, waited for, so that a signal
# reaches the trap at once (cleanup ends COMMAND).
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

say "$(date -u +%FT%TZ), $(nproc) CPUs," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "$(qemu-system-x86_64 --version | head -n 1)," \
	"$(nginx -v 2>&1 | sed 's/.*: //'), wrk $(wrk -v 2>&1 |
		sed -n 's/^wrk \([^ ]*\).*/\1/p')"

# --- The tree: the same bytes for every peer.
site=$tmp/site
mkdir -p "$site"
python3 - "$site" <<'PY'
import os, random, sys
site = sys.argv[1]
page = ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<title>bench</title></head>\n<body>\n' +
        ''.join('<p>Paragraph %d of a small page.</p>\n' % i
                for i in range(12)) + '</body></html>\n')
for name, data in (('index.html', b'<!doctype html><title>ok</title>\n'),
                   ('small.html', page.encode()),
                   ('1m.bin', random.Random(1).randbytes(1 << 20))):
    with open(os.path.join(site, name), 'wb') as f:
        f.write(data)
PY
files="small.html 1m.bin"
say "tree: small.html $(stat -c %s "$site/small.html") bytes," \
	"1m.bin $(stat -c %s "$site/1m.bin") bytes"

guest=198.18.0.2
mac=52:54:00:12:34:58
for p in a b c; do
	case $peers in
	*$p*) ;;
	*) echo "not selected (--peers $peers)" >"$res/$p.missing" ;;
	esac
done

# --- (a): the appliance, specialised, with the generic baseline beside
# it for the size report.
conf=$top/configs/www/www.conf
if [ ! -e "$res/a.missing" ]; then
	if [ ! -r "$conf" ]; then
		echo "configs/www/www.conf does not exist yet" >"$res/a.missing"
	elif [ ! -x "$unilink" ]; then
		echo "no $unilink (./scripts/build.sh, or --unilink)" >"$res/a.missing"
	else
		say "building the appliance (unilink build configs/www/www.conf)"
		# shellcheck disable=SC2086 # $defines: -D words, split on purpose
		if "$unilink" build "$conf" -o "$tmp/www.elf" \
			--report=text --report-file "$tmp/size.txt" \
			-D "www.root=$site" -D "net0.ipv4=$guest/24" \
			-D net0.gateway=0.0.0.0 $defines >"$tmp/build.log" 2>&1; then
			echo "unilink web appliance ($(stat -c %s "$tmp/www.elf")" \
				"bytes, specialised$defines)" >"$res/a.label"
		else
			echo "unilink build failed: $(tail -n 3 "$tmp/build.log")" |
				tr '\n' ' ' >"$res/a.missing"
		fi
	fi
fi

# --- (b): Debian's kernel and the nginx initramfs.
if [ ! -e "$res/b.missing" ]; then
	kver=$(sh "$here/linux-vm.sh" "$tmp/vm" "$guest/24" "$site") ||
		die "could not build the Linux VM"
	echo "nginx in Linux $kver (Debian kernel + busybox/nginx initramfs)" \
		>"$res/b.label"
fi

# --- (c): nginx natively.
native_port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nginx_write "$site" "127.0.0.1:$native_port" "$tmp/nginx"
echo "nginx natively on 127.0.0.1, 1 worker" >"$res/c.label"

bench_netns_up "$ns" tap0 198.18.0.1/24 &&
	bench_netns_neigh "$ns" tap0 "$guest" "$mac" ||
	die "could not create network namespace $ns with tap0"
qemu_flags="-accel tcg -cpu max -M q35 -m 256 -nodefaults -no-user-config
	-display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
	-netdev tap,id=n0,ifname=tap0,script=no,downscript=no
	-device virtio-net-pci,netdev=n0,mac=$mac"
say "VMs: QEMU TCG q35 -cpu max -m 256, virtio-net-pci on tap0 in $ns"
for p in a b c; do
	if [ -e "$res/$p.missing" ]; then
		say "($p) left out: $(cat "$res/$p.missing")"
	else
		say "($p) $(cat "$res/$p.label")"
	fi
done

# start PEER REP: the server, and the time to its first 200 (VMs) in
# $res/PEER.REP.boot; sets server_pid, host, in.
start() {
	t0=$(date +%s%N)
	case $1 in
	a | b)
		if [ "$1" = a ]; then
			kern="-kernel $tmp/www.elf" append=''
		else
			kern="-kernel $tmp/vm/vmlinuz -initrd $tmp/vm/initrd.cpio"
			append="console=ttyS0 quiet panic=-1"
		fi
		# shellcheck disable=SC2086
		ip netns exec "$ns" qemu-system-x86_64 $qemu_flags $kern \
			-append "$append" -name "httpbench-$1,debug-threads=on" \
			-serial "file:$tmp/$1.$2.serial" </dev/null \
			>"$tmp/$1.$2.qemu" 2>&1 &
		server_pid=$! host=$guest port=80 in="ip netns exec $ns"
		;;
	c)
		nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" \
			>"$tmp/nginx/stdout" 2>&1 &
		server_pid=$! host=127.0.0.1 port=$native_port in=''
		;;
	esac
	# shellcheck disable=SC2086
	run_fg $in python3 "$here/first_ok.py" --server "$host" --port "$port" \
		--since-ns "$t0" --pid "$server_pid" --timeout 120 \
		>"$res/$1.$2.boot" 2>"$tmp/$1.$2.poll"
}

# measure PEER REP FILE CONNS: one wrk run, the server's CPU around it.
measure() {
	threads=2
	[ "$4" = 1 ] && threads=1
	# shellcheck disable=SC2086
	run_fg python3 "$lib/measure.py" --server-pid "$server_pid" \
		--log "$res/$1.$2.$3.$4.wrk" --json "$res/$1.$2.$3.$4.json" -- \
		$in timeout -k 5 $((duration + 30)) wrk -t "$threads" -c "$4" \
		-d "${duration}s" --timeout 10s --latency \
		"http://$host:$port/$3" ||
		say "($1) $3, $4 connections: wrk failed: $(tail -n 2 \
			"$res/$1.$2.$3.$4.wrk")"
}

rep=1
while [ "$rep" -le "$reps" ]; do
	for p in c b a; do
		[ -e "$res/$p.missing" ] && continue
		say "repetition $rep/$reps: ($p)"
		if ! start "$p" "$rep"; then
			say "($p) no 200: $(cat "$tmp/$p.$rep.poll")" \
				"$(tail -n 3 "$tmp/$p.$rep.serial" 2>/dev/null)"
			stop_server
			continue
		fi
		for f in $files; do
			for c in $conns; do
				measure "$p" "$rep" "$f" "$c"
			done
		done
		stop_server
	done
	rep=$((rep + 1))
done
say "done, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Sizes: the appliance (specialised and its generic baseline) and the VM.
{
	[ -e "$tmp/www.elf" ] && echo "a $(stat -c %s "$tmp/www.elf")"
	[ -e "$tmp/www.generic.elf" ] &&
		echo "a.generic $(stat -c %s "$tmp/www.generic.elf")"
	[ -e "$tmp/vm/vmlinuz" ] &&
		echo "b.kernel $(stat -c %s "$tmp/vm/vmlinuz")" &&
		echo "b.initramfs $(stat -c %s "$tmp/vm/initrd.cpio")"
} >"$res/sizes"
[ -e "$tmp/size.txt" ] && cp "$tmp/size.txt" "$res/size-report"
echo
python3 "$here/report.py" "$res" "$files" "$conns"
