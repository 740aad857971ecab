#!/bin/sh
# signal-run.sh UNILINK IMAGE WORK SIGNAL...
# For each signal: `unilink run IMAGE` (an appliance that serves until it
# is stopped); once its QEMU runs, the signal goes to unilink. Prints one
# line per signal: unilink's status, whether a QEMU of IMAGE still runs
# (found by the image's path on its command line) and unilink's last
# message.
u=$1 image=$2 work=$3
shift 3
qemu_of_image() {
	pgrep -f -- "-kernel $image" 2>/dev/null
}
for sig in "$@"; do
	: >"$work/out"
	: >"$work/err"
	"$u" run "$image" --timeout 120 >"$work/out" 2>"$work/err" &
	pid=$!
	i=0
	while ! grep -q "dns: ready" "$work/out" && [ $i -lt 1200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	sleep 0.2
	left=none
	qemu_of_image >/dev/null && left=yes
	echo "$sig: status $rc, QEMU left: $left, $(tail -n 1 "$work/err")"
done
