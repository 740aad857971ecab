#!/bin/sh
# The in-guest boot time stays bounded: boots hello and the DNS appliance
# RUNS times each (default 5) and fails when the best of them exceeds its
# bound, as measured by the guest's TSC from the PVH entry:
#   hello   PVH entry -> main                     HELLO_US (8000)
#   hello   the time step (TSC calibration ...)   TIME_US  (2500)
#   dns     PVH entry -> ready                    DNS_US   (20000)
# The best of RUNS, not the median: under QEMU TCG the guest TSC is the
# host's, so a busy host (a parallel ctest) stretches single boots many
# times over; the fastest boot shows what the code costs. The bounds sit
# above the best of 5 that a 2-core host measures near the load limit below
# (see docs/boot-time.md); the time bound is also below the 2.7 ms that
# step took on an idle host while it still printed its two lines.
# A host whose 1-minute load average is over 3 per core deschedules the vCPU
# for 10-20 ms at a time, in any step: there the test is skipped (status
# 77, ctest's SKIP_RETURN_CODE) and says so, since no bound could tell a
# slow boot from a busy host.
#
#   boot-time-bound.sh UNILINK HELLO.elf DNS.elf [RUNS]
set -eu
unilink=$1 hello=$2 dns=$3 runs=${4:-5}
HELLO_US=${HELLO_US:-8000} TIME_US=${TIME_US:-2500} DNS_US=${DNS_US:-20000}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

fail() { echo "boot-time-bound: $*" >&2; exit 1; }

# min BEST VALUE: VALUE if BEST is 0 (none yet) or larger.
min() { if [ "$1" -eq 0 ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi; }

# field LINE NAME: the value of "NAME N" in a "boot: PVH entry" line.
field() {
	echo "$1" | tr ',(' '\n\n' | awk -v k="$2" '$1 == k { print int($2) }'
}

cores=$(nproc)
load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" -v c="$cores" 'BEGIN { exit !(l > 3 * c) }'; then
	echo "boot-time-bound: skipped: the host is too busy to time a boot" \
		"(load average $load on $cores cores, over 3 per core)"
	exit 77
fi

best_hello=0 best_time=0 best_dns=0
i=0
while [ "$i" -lt "$runs" ]; do
	"$unilink" run "$hello" --timeout 60 >"$out" 2>&1 ||
		fail "hello did not exit with status 0: $(cat "$out")"
	line=$(tr -d '\r' <"$out" | grep -a '^boot: PVH entry to main in ') ||
		fail "hello printed no 'boot: PVH entry to main' line: $(cat "$out")"
	total=$(echo "$line" | sed 's/^boot: PVH entry to main in \([0-9]*\) us.*/\1/')
	t=$(field "$line" time)
	[ -n "$t" ] || fail "no time step in: $line"
	best_hello=$(min "$best_hello" "$total")
	best_time=$(min "$best_time" "$t")
	# The DNS appliance serves until stopped: its ready line is enough.
	"$unilink" run "$dns" --timeout 5 >"$out" 2>&1 || :
	line=$(tr -d '\r' <"$out" | grep -a '^boot: PVH entry to ready in ') ||
		fail "dns printed no 'boot: PVH entry to ready' line: $(cat "$out")"
	total=$(echo "$line" | sed 's/^boot: PVH entry to ready in \([0-9]*\) us.*/\1/')
	best_dns=$(min "$best_dns" "$total")
	i=$((i + 1))
done
echo "boot-time-bound: best of $runs: hello entry->main ${best_hello} us" \
	"(time step ${best_time} us), dns entry->ready ${best_dns} us"
[ "$best_hello" -le "$HELLO_US" ] ||
	fail "hello: expected PVH entry -> main <= $HELLO_US us, found $best_hello us"
[ "$best_time" -le "$TIME_US" ] ||
	fail "hello: expected the time step <= $TIME_US us, found $best_time us"
[ "$best_dns" -le "$DNS_US" ] ||
	fail "dns: expected PVH entry -> ready <= $DNS_US us, found $best_dns us"
echo "boot-time-bound: within bounds"
