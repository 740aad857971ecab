#!/bin/sh
# SPDX-License-Identifier: ISC
# Boot test of the echo appliance (configs/echo/, the example of
# docs/api.md): builds it with `unilink build` and echo.idle_s=IDLE,
# boots it under QEMU with user networking, its port 7 forwarded from
# 127.0.0.1 over UDP and TCP, waits for its "echo: ready" line, checks the
# echoes (echo_checks.py), then waits for it to end by itself after IDLE
# seconds without traffic: exit status 0, the motd compiled into the image
# on the console, and the counters equal to what the checks sent.
#
# usage: echo-boot.sh UNILINK [--generic]
# Prints "echo-boot (VARIANT): PASS" or "...: FAIL: why".
set -u
unilink=$1
shift
variant=specialised gen=
case ${1:-} in
--generic) variant=generic gen=--generic ;;
'') ;;
*) echo "usage: echo-boot.sh UNILINK [--generic]"; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="echo-boot ($variant)"
idle=4

fail() {
	echo "$what: FAIL: $*"
	[ -f "$tmp/raw" ] && tr -d '\r' <"$tmp/raw" | sed 's/^/  console: /'
	exit 1
}

tmp=$(mktemp -d /tmp/echo-boot.XXXXXX)
qemu_pid=
cleanup() {
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"$unilink" build "$top/configs/echo/echo.conf" -q --report=none $gen \
	-o "$tmp/echo.elf" -D echo.idle_s=$idle || fail "unilink build failed"

# A port free for both UDP and TCP on 127.0.0.1.
port=$(python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
t = socket.socket(); t.bind(("127.0.0.1", s.getsockname()[1]))
print(s.getsockname()[1])')
"$unilink" run "$tmp/echo.elf" --timeout 600 \
	--hostfwd "udp:127.0.0.1:$port-:7" \
	--hostfwd "tcp:127.0.0.1:$port-:7" >"$tmp/raw" 2>&1 &
qemu_pid=$!

end=$(($(date +%s) + 300))
until grep -q '^echo: ready on 10.0.2.15 port 7' "$tmp/raw"; do
	kill -0 "$qemu_pid" 2>/dev/null || fail "the appliance ended before it was ready"
	[ "$(date +%s)" -lt "$end" ] || fail "no 'echo: ready' line in 300 s"
	sleep 0.2
done

python3 "$here/echo_checks.py" --port "$port" >"$tmp/checks" ||
	{ cat "$tmp/checks"; fail "echo checks failed (above)"; }
cat "$tmp/checks"
# The appliance ends by itself, echo.idle_s after the last check.
wait "$qemu_pid"
status=$?
qemu_pid=
tr -d '\r' <"$tmp/raw" >"$tmp/console"
sed 's/^/  console: /' "$tmp/console"

[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
grep -qx "echo: RFC 862 on UDP and TCP, built by unilink" "$tmp/console" ||
	fail "no motd (configs/echo/motd.txt) on the console"
grep -qx "echo: idle for $idle s" "$tmp/console" ||
	fail "no 'echo: idle for $idle s' line"
want=$(sed -n 's/^sent: \(.*\)$/echo: \1, 0 sends failed/p' "$tmp/checks")
grep -qx "$want" "$tmp/console" || fail "expected the line '$want'"
echo "$what: image $(stat -c %s "$tmp/echo.elf") bytes"
echo "$what: PASS"
