#!/bin/sh
# SPDX-License-Identifier: ISC
# The scale bench: the DNS appliance and NSD with generated zones of 10^3,
# 10^4, 10^5 and 10^6 records (test/dns/gen-scale-zone.py: TXT on every
# name, A on every third). For each size:
#   appliance  `unilink build` wall time and peak memory (GNU time: the
#              largest resident set among the command and the compilers
#              and linker it waits for), image size, the memory the build
#              estimates (appliance.memory = auto) and the VM's high-water
#              mark (mem.peak_kib), PVH entry -> ready (its own line), QEMU
#              start -> first answer, qps;
#   NSD        natively on 127.0.0.1: start -> first answer (zone load),
#              resident set (the largest of its processes), qps.
# qps: dnsperf -c 1 -T 1 for -d seconds with the same queries for both
# (names drawn from the zone, TXT and A, 1 in 10 a name that is not there).
# The appliance runs under QEMU TCG (q35, -cpu max) with virtio-net-pci on
# a tap in a network namespace this script creates, as test/bench/dns does.
# Prints one table with the ratios appliance / NSD. A benchmark, not a
# test: it is not part of ctest (the 1 MB and 64 MB cases are:
# dns.appliance_scale_*).
#
# usage: run.sh [-d SECONDS] [--records "1000 10000 ..."] [--mb "256"]
#               [--unilink PATH] [--keep]
# --mb adds zones of that many MB of text (e.g. 256), each a row.
# Defaults: 10 s, 1000 10000 100000 1000000. Needs root (ip netns, tap).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
lib=$here/../lib
. "$lib/netns.sh"

duration=10 sizes="1000 10000 100000 1000000" mbs='' keep=0
unilink=$top/build/bin/unilink
usage() { sed -n '/^# usage:/,/^# Defaults/p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--keep) keep=1; shift; continue ;;
	esac
	[ $# -ge 2 ] || usage
	case $1 in
	-d) duration=$2 ;;
	--records) sizes=$2 ;;
	--mb) mbs=$2 ;;
	--unilink) unilink=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") ;;
	*) usage ;;
	esac
	shift 2
done
say() { echo "scale-bench: $*" >&2; }
die() { say "$*"; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (ip netns, tap devices)"
for c in nsd dnsperf qemu-system-x86_64 /usr/bin/time; do
	command -v "$c" >/dev/null || die "$c is missing (scripts/setup.sh)"
done
[ -x "$unilink" ] || die "$unilink is missing (./scripts/build.sh)"

tmp=$(mktemp -d /tmp/scale-bench.XXXXXX)
ns=unilink-scalebench-$$
guest=198.18.0.2 mac=52:54:00:12:34:56
server_pid=''
stop_server() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null &&
		wait "$server_pid" 2>/dev/null
	server_pid=''
}
cleanup() {
	trap - EXIT INT TERM HUP
	stop_server
	bench_netns_down "$ns"
	if [ "$keep" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'say interrupted; exit 130' INT TERM HUP
bench_netns_up "$ns" tap0 198.18.0.1/24 &&
	bench_netns_neigh "$ns" tap0 "$guest" "$mac" ||
	die "could not create network namespace $ns"
port=$(python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
say "$(date -u +%FT%TZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

# queries NAMES FILE: dnsperf input, 10000 lines, deterministic.
queries() {
	python3 - "$1" "$2" <<'PY'
import random, sys
n, rng = int(sys.argv[1]), random.Random(1)
with open(sys.argv[2], "w") as f:
    for _ in range(10000):
        k = rng.randrange(n)
        if rng.random() < 0.1:
            f.write("x%d.scale.test A\n" % k)
        else:
            f.write("r%d.scale.test %s\n" % (k, "A" if k % 3 == 0 and rng.random() < 0.5 else "TXT"))
PY
}

# qps LOG: dnsperf's queries per second.
qps() { sed -n 's/^ *Queries per second: *\([0-9.]*\).*/\1/p' "$1" | head -n 1; }

# appliance DIR RECORDS: build, boot, measure; prints "key=value" lines.
appliance() {
	d=$1
	cp "$top"/configs/dns/*.c "$top"/configs/dns/*.h "$d/"
	sed -e '/^memory *=/d' -e 's/^zone *=.*/zone = scale.test.zone/' \
		"$top/configs/dns/dns.conf" >"$d/dns.conf"
	/usr/bin/time -f 'wall=%e maxrss_kb=%M' -o "$d/time" \
		"$unilink" build "$d/dns.conf" -q --report=none -o "$d/dns.elf" \
		-D "net0.ipv4=$guest/24" -D net0.gateway=0.0.0.0 \
		-D dns.control_port=9 >"$d/build.log" 2>&1 ||
		{ say "build failed: $(tail -n 3 "$d/build.log")"; return 1; }
	tr ' ' '\n' <"$d/time"
	echo "image=$(stat -c %s "$d/dns.elf")"
	mem=$(sed -n 's/^memory=//p' "$d/dns.qemu.sh")
	echo "mem_mib=$mem"
	t0=$(date +%s%N)
	ip netns exec "$ns" qemu-system-x86_64 -accel tcg -cpu max -M q35 \
		-m "$mem" -nodefaults -no-user-config -display none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
		-device virtio-net-pci,netdev=n0,mac=$mac \
		-kernel "$d/dns.elf" -serial "file:$d/serial" </dev/null \
		>"$d/qemu.log" 2>&1 &
	server_pid=$!
	first=$(ip netns exec "$ns" python3 "$lib/first_answer.py" \
		--server "$guest" --port 53 --name scale.test --since-ns "$t0" \
		--pid "$server_pid" --timeout 900) ||
		{ say "no answer: $(tail -n 3 "$d/serial")"; stop_server; return 1; }
	echo "first_ms=$first"
	echo "ready_us=$(tr -d '\r' <"$d/serial" | sed -n 's/.*entry to ready in \([0-9]*\) us.*/\1/p')"
	ip netns exec "$ns" dnsperf -s "$guest" -p 53 -d "$d/queries" \
		-l "$duration" -c 1 -T 1 >"$d/dnsperf" 2>&1
	echo "qps=$(qps "$d/dnsperf")"
	ip netns exec "$ns" python3 -c 'import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"quit", (sys.argv[1], 9))' "$guest"
	wait "$server_pid"
	server_pid=''
	echo "peak_kib=$(tr -d '\r' <"$d/serial" | sed -n 's/^mem\.peak_kib //p')"
}

# nsd_run DIR: NSD natively; prints "key=value" lines.
nsd_run() {
	d=$1
	mkdir -p "$d/nsd"
	{
		printf 'server:\n\tip-address: 127.0.0.1@%s\n' "$port"
		printf '\tusername: ""\n\tchroot: ""\n\tdatabase: ""\n'
		printf '\tzonesdir: "%s"\n\txfrdir: "%s"\n' "$d/nsd" "$d/nsd"
		printf '\tpidfile: "%s/nsd.pid"\n' "$d/nsd"
		printf '\txfrdfile: "%s/xfrd.state"\n' "$d/nsd"
		printf '\tzonelistfile: "%s/zone.list"\n' "$d/nsd"
		printf '\tlogfile: "%s/nsd.log"\n' "$d/nsd"
		printf '\tserver-count: 1\n\tverbosity: 0\n'
		printf '\trrl-ratelimit: 0\n\trrl-whitelist-ratelimit: 0\n'
		printf 'remote-control:\n\tcontrol-enable: no\n'
		printf 'zone:\n\tname: scale.test\n\tzonefile: %s\n' \
			"$d/scale.test.zone"
	} >"$d/nsd/nsd.conf"
	t0=$(date +%s%N)
	nsd -d -c "$d/nsd/nsd.conf" >"$d/nsd/out" 2>&1 &
	server_pid=$!
	first=$(python3 "$lib/first_answer.py" --server 127.0.0.1 \
		--port "$port" --name scale.test --since-ns "$t0" \
		--pid "$server_pid" --timeout 900) ||
		{ say "NSD did not answer: $(cat "$d/nsd/out")"; stop_server; return 1; }
	echo "nsd_first_ms=$first"
	rss=0
	for p in $server_pid $(pgrep -P "$server_pid"); do
		r=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$p/status" 2>/dev/null)
		[ "${r:-0}" -gt "$rss" ] && rss=$r
	done
	echo "nsd_rss_kb=$rss"
	dnsperf -s 127.0.0.1 -p "$port" -d "$d/queries" -l "$duration" \
		-c 1 -T 1 >"$d/nsd/dnsperf" 2>&1
	echo "nsd_qps=$(qps "$d/nsd/dnsperf")"
	stop_server
}

rows=''
one() {
	label=$1 d=$tmp/$1
	shift
	mkdir -p "$d"
	names=$(python3 "$top/test/dns/gen-scale-zone.py" \
		"$d/scale.test.zone" "$@") || die "the zone generator failed"
	queries "$names" "$d/queries"
	say "$label: $(stat -c %s "$d/scale.test.zone") bytes of zone, $names names"
	{
		echo "label=$label"
		echo "zone_bytes=$(stat -c %s "$d/scale.test.zone")"
		appliance "$d"
		nsd_run "$d"
	} >"$d/row"
	rows="$rows $d/row"
	sed 's/^/  /' "$d/row" >&2
}
for n in $sizes; do one "$n" --records "$n"; done
for m in $mbs; do one "${m}MB" --bytes $((m * 1024 * 1024)); done

python3 - $rows <<'PY'
import sys
rows = []
for path in sys.argv[1:]:
    r = {}
    for line in open(path):
        k, _, v = line.strip().partition("=")
        r[k] = v
    rows.append(r)

def num(r, k):
    try:
        return float(r.get(k, ""))
    except ValueError:
        return None

def fmt(v, unit=""):
    return "-" if v is None else ("%.1f%s" % (v, unit) if v < 100 else "%.0f%s" % (v, unit))

def ratio(a, b):
    return "-" if a is None or b is None or b == 0 else "%.2f" % (a / b)

cols = ["records", "zone MB", "build s", "build MB", "image MB",
        "VM MiB (auto)", "VM peak MiB", "entry->ready ms", "first answer ms",
        "qps", "NSD load ms", "NSD RSS MB", "NSD qps",
        "load ratio", "mem ratio", "qps ratio"]
print("| " + " | ".join(cols) + " |")
print("|" + "---|" * len(cols))
for r in rows:
    first, nload = num(r, "first_ms"), num(r, "nsd_first_ms")
    mem, nrss = num(r, "mem_mib"), num(r, "nsd_rss_kb")
    peak = num(r, "peak_kib")
    q, nq = num(r, "qps"), num(r, "nsd_qps")
    ready = num(r, "ready_us")
    cells = [r["label"], fmt(num(r, "zone_bytes") / 1e6),
             fmt(num(r, "wall")), fmt((num(r, "maxrss_kb") or 0) / 1024),
             fmt((num(r, "image") or 0) / 1e6), fmt(mem),
             fmt(None if peak is None else peak / 1024),
             fmt(None if ready is None else ready / 1000),
             fmt(first), fmt(q), fmt(nload),
             fmt(None if nrss is None else nrss / 1024), fmt(nq),
             ratio(first, nload),
             ratio(None if peak is None else peak, nrss), ratio(q, nq)]
    print("| " + " | ".join(cells) + " |")
print()
print("load ratio: appliance first answer (QEMU start, TCG) / NSD first "
      "answer (process start); mem ratio: VM high-water mark / NSD "
      "resident set; qps ratio: appliance / NSD (dnsperf -c 1 -T 1).")
PY
