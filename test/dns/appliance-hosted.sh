#!/bin/sh
# SPDX-License-Identifier: ISC
# The DNS appliance on the hosted platform: configs/dns/dns.conf built with
# appliance.platform = linux (a static Linux executable, specialised or
# --generic), started by `unilink run` inside a network namespace this
# script creates (and deletes) with the TAP device tap0 as its network card
# (net0.tap), and the differential test against NSD run in the same
# namespace (nsd-diff.sh --server: NSD on the namespace's loopback), then
# "quit" on the control port: the process must exit 0 and have sent every
# answer.
#
# usage: appliance-hosted.sh UNILINK [--packets|--tcp] [--generic]
#   (needs root and iproute2; exit 77 without them or without NSD)
# --packets runs the packet-level differential, --tcp the DNS-over-TCP one
# (transfers allowed to the namespace's side of the tap).
set -u
unilink=$1
shift
mode=
case "${1:-}" in --packets | --tcp)
	mode=$1
	shift
	;;
esac
variant=specialised
[ "${1:-}" = --generic ] && variant=generic
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-hosted ($variant${mode:+, ${mode#--}})"
. "$here/appliance-lib.sh"
ns=unilink-hosted-$$
app=10.0.5.2
peer=10.0.5.1

[ "$(id -u)" = 0 ] || { echo "$what: SKIP: needs root for ip netns"; exit 77; }
command -v ip >/dev/null || { echo "$what: SKIP: no ip (iproute2)"; exit 77; }
command -v dig >/dev/null || { echo "$what: SKIP: no dig (dnsutils)"; exit 77; }
[ -c /dev/net/tun ] || { echo "$what: SKIP: no /dev/net/tun"; exit 77; }
app_cleanup_more() {
	ip netns del "$ns" 2>/dev/null
}
app_tmp

set -- -D appliance.platform=linux -D net0.ipv4=$app/24 \
	-D net0.gateway=0.0.0.0 -D net0.tap=tap0 "$@"
[ "$mode" = --tcp ] && set -- -D dns.axfr_allow=$peer/32 "$@"
app_build "$@"
# A static executable: ELF, ET_EXEC, no PT_INTERP (no dynamic loader).
python3 - "$tmp/dns.elf" <<'PY' || fail "the image is not a static Linux executable"
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:4] == b"\x7fELF" and struct.unpack_from("<H", d, 16)[0] == 2
phoff, = struct.unpack_from("<Q", d, 32)
phentsize, phnum = struct.unpack_from("<HH", d, 54)
types = [struct.unpack_from("<I", d, phoff + i * phentsize)[0] for i in range(phnum)]
assert 3 not in types, "PT_INTERP"
PY

ip netns add "$ns" || { echo "$what: SKIP: ip netns add failed"; exit 77; }
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip tuntap add dev tap0 mode tap
in_ns ip addr add $peer/24 dev tap0
in_ns ip link set tap0 up

in_ns "$unilink" run "$tmp/dns.elf" --timeout 900 >"$tmp/raw" 2>&1 &
qemu_pid=$!

end=$(($(date +%s) + 60))
until in_ns dig @$app +short +time=1 +tries=1 example.com SOA 2>/dev/null |
	grep -q .; do
	[ "$(date +%s)" -lt "$end" ] || {
		cat "$tmp/raw"
		fail "no answer from the hosted appliance within 60 s"
	}
	sleep 0.2
done

# shellcheck disable=SC2086
in_ns "$here/nsd-diff.sh" $mode --server "$app:53" "$top/configs/dns"
rc=$?
in_ns python3 -c 'import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"quit", (sys.argv[1], 9))' $app
wait "$qemu_pid"
status=$?
qemu_pid=
cp "$tmp/raw" "$tmp/console"
grep -E '^(driver |tap: |dns(: ready|\.(queries|send_failed|tcp_queries|transfers) ))' "$tmp/console"
[ "$rc" = 77 ] && exit 77
[ "$rc" = 0 ] || fail "answers differ from NSD's (above)"
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
grep -q '^driver tap: net up' "$tmp/console" || fail "no 'driver tap: net up' line"
[ "$(app_counter send_failed)" = 0 ] ||
	fail "the appliance could not send $(app_counter send_failed) answers"
echo "$what: PASS"
