#!/bin/sh
# Boot time of the hello and DNS appliances next to an empty PVH image.
#
#   boot-time.sh [RUNS]
#
# Builds test/bench/empty-pvh with clang-19/ld.lld-19 (the baseline: a PVH
# image of a few instructions, not an appliance), then, RUNS times (default
# 15) in one run, interleaved so that the load of the host falls on all
# alike, each with `unilink run` (128 MiB, QEMU user networking for DNS):
#   - the empty image: QEMU start -> exit;
#   - hello (build/configs/hello.elf): QEMU start -> exit, and in-guest
#     PVH entry -> main (TSC, printed by hello);
#   - dns (build/configs/dns.elf, static address): QEMU start -> the first
#     answer to an example.com SOA query sent every 2 ms
#     (lib/first_answer.py), and in-guest PVH entry -> ready (the NIC up,
#     the socket bound; printed by the appliance).
# Prints the medians, each appliance's wall time over the empty image's,
# and the median in-guest breakdown by boot step. Times are host wall
# times: a busy host stretches every one of them, the in-guest ones too
# (under QEMU TCG the guest TSC is the host's).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
runs=${1:-15}
hello=$top/build/configs/hello.elf
dns=$top/build/configs/dns.elf
unilink=$top/build/bin/unilink
lib=$here/lib

for f in "$hello" "$dns" "$unilink"; do
	[ -r "$f" ] || { echo "boot-time.sh: no $f (build first: ./scripts/build.sh)" >&2; exit 1; }
done
case $runs in '' | *[!0-9]*) echo "boot-time.sh: RUNS: expected a number, found '$runs'" >&2; exit 2 ;; esac

work=$(mktemp -d)
vm=''
cleanup() {
	[ -n "$vm" ] && kill "$vm" 2>/dev/null && wait "$vm" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The empty image; only xen/elfnote.h is taken from /usr/include.
mkdir -p "$work/inc"
ln -s /usr/include/xen "$work/inc/xen"
clang-19 --target=x86_64-unknown-none-elf -I"$work/inc" -c \
	-o "$work/empty.o" "$here/empty-pvh/empty.S"
ld.lld-19 -nostdlib -static -z max-page-size=4096 \
	-T "$here/empty-pvh/empty.ld" -o "$work/empty.elf" "$work/empty.o"

now_ns() { date +%s%N; }

# exit_us IMAGE OUT: boots IMAGE to its exit, prints microseconds.
exit_us() {
	t0=$(now_ns)
	if ! "$unilink" run "$1" --timeout 60 --memory 128 >"$2" 2>&1; then
		echo "boot-time.sh: $1 did not exit with status 0:" >&2
		cat "$2" >&2
		exit 1
	fi
	t1=$(now_ns)
	echo $(((t1 - t0) / 1000))
}

free_udp_port() {
	python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# dns_us OUT: boots the DNS appliance, prints microseconds from QEMU start
# to its first answer, then stops the VM.
dns_us() {
	port=$(free_udp_port)
	t0=$(now_ns)
	"$unilink" run "$dns" --timeout 60 --memory 128 \
		--hostfwd "udp:127.0.0.1:$port-:53" >"$1" 2>&1 &
	vm=$!
	ms=$(python3 "$lib/first_answer.py" --server 127.0.0.1 --port "$port" \
		--name example.com --since-ns "$t0" --pid "$vm" --timeout 60 \
		--every-ms 2) || {
		echo "boot-time.sh: the DNS appliance did not answer:" >&2
		cat "$1" >&2
		exit 1
	}
	kill "$vm" 2>/dev/null || :
	wait "$vm" 2>/dev/null || :
	vm=''
	awk -v ms="$ms" 'BEGIN { printf "%d\n", ms * 1000 }'
}

# guest_line OUT WHAT: the in-guest "boot: PVH entry to WHAT" line.
guest_line() {
	tr -d '\r' <"$1" | grep -a "^boot: PVH entry to $2 in " | head -n 1
}

: >"$work/empty" >"$work/hello" >"$work/dns" >"$work/hello.g" >"$work/dns.g"
i=0
while [ "$i" -lt "$runs" ]; do
	exit_us "$work/empty.elf" "$work/out" >>"$work/empty"
	exit_us "$hello" "$work/out" >>"$work/hello"
	guest_line "$work/out" main >>"$work/hello.g"
	dns_us "$work/out" >>"$work/dns"
	guest_line "$work/out" ready >>"$work/dns.g"
	i=$((i + 1))
done

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "?"; exit }
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f\n", m / 1000 }'
}

# The median of each field of the in-guest lines: total, then the steps.
guest_medians() {
	sed 's/^boot: PVH entry to [a-z]* in \([0-9]*\) us (/total \1, /; s/ us)$//' "$1" |
		tr ',' '\n' | awk 'NF == 2 { v[$1] = v[$1] " " $2; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
		END {
			for (i = 1; i <= n; i++) {
				k = split(v[order[i]], a, " ")
				for (x = 1; x <= k; x++) for (y = x + 1; y <= k; y++)
					if (a[y] + 0 < a[x] + 0) { t = a[x]; a[x] = a[y]; a[y] = t }
				m = (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
				printf "%s%s %.1f", (i > 1 ? ", " : ""), order[i], m
			}
			print " us"
		}'
}

empty_ms=$(median "$work/empty")
hello_ms=$(median "$work/hello")
dns_ms=$(median "$work/dns")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "boot time, median of $runs, ${UNILINK_ACCEL:-tcg}, 128 MiB, host load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-28s %10s %14s\n' "" "wall ms" "vs empty PVH"
printf '%-28s %10s %14s\n' "empty PVH: QEMU start->exit" "$empty_ms" "1.00"
printf '%-28s %10s %14s\n' "hello: QEMU start->exit" "$hello_ms" "$(ratio "$hello_ms" "$empty_ms")"
printf '%-28s %10s %14s\n' "dns: QEMU start->1st answer" "$dns_ms" "$(ratio "$dns_ms" "$empty_ms")"
echo "hello in-guest, PVH entry -> main:  $(guest_medians "$work/hello.g")"
echo "dns in-guest, PVH entry -> ready:   $(guest_medians "$work/dns.g")"
