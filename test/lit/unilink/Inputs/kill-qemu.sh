#!/bin/sh
# kill-qemu.sh UNILINK IMAGE WORK SIGNAL: `unilink run IMAGE`, and once the
# appliance is up, SIGNAL to its QEMU (not to unilink), as another process
# would. Prints unilink's status and its last message.
u=$1 image=$2 work=$3 sig=$4
: >"$work/out"
"$u" run "$image" --timeout 120 >"$work/out" 2>"$work/err" &
pid=$!
i=0
while ! grep -q "dns: ready" "$work/out" && [ $i -lt 1200 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -s "$sig" $(pgrep -f -- "-kernel $image")
wait "$pid"
echo "status $?, $(tail -n 1 "$work/err")"
