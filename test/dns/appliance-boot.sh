#!/bin/sh
# SPDX-License-Identifier: ISC
# Boot test of the DNS appliance: builds configs/dns/dns.conf with
# `unilink build` (specialised, or --generic), boots it under QEMU with
# user networking and hostfwd udp 127.0.0.1:PORT -> 53 (and the control
# port 9), asks it with dig for every record type and every kind of answer
# (appliance_checks.py), then ends it with "quit" on the control port; the
# appliance must exit 0 after printing its counters, with the malformed
# datagrams counted.
#
# usage: appliance-boot.sh UNILINK [--generic] [--machine microvm|q35]
# Prints "appliance-boot (VARIANT, MACHINE): PASS" or "...: FAIL: why".
set -u
unilink=$1
shift
variant=specialised gen= machine=microvm
while [ $# -gt 0 ]; do
	case $1 in
	--generic) variant=generic gen=--generic; shift ;;
	--machine) machine=$2; shift 2 ;;
	*) echo "usage: appliance-boot.sh UNILINK [--generic] [--machine M]"; exit 2 ;;
	esac
done
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-boot ($variant, $machine)"
. "$here/appliance-lib.sh"

command -v dig >/dev/null || { echo "$what: SKIP: no dig (dnsutils)"; exit 77; }
app_tmp

app_build $gen
app_boot "$machine"
python3 "$here/appliance_checks.py" --port "$port" --wait 180
checks=$?
app_quit
sed 's/^/  console: /' "$tmp/console"

[ "$checks" = 0 ] || fail "dig checks failed (above)"
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
grep -q '^dns: ready on 10.0.2.15:53, 2 zones, memo on' "$tmp/console" ||
	fail "no 'dns: ready' line with 2 zones and memo on"
grep -q '^dns: quit requested' "$tmp/console" ||
	fail "the appliance did not stop through its control port"
# appliance_checks.py sends datagrams it knows are dropped (3 bytes; QR
# set), one with QDCOUNT 2 and repeated questions: each is counted.
short=$(app_counter drop_short) resp=$(app_counter drop_response)
formerr=$(app_counter formerr) hits=$(app_counter memo_hits)
[ "${short:-0}" -ge 1 ] || fail "dns.drop_short is '$short', expected >= 1"
[ "${resp:-0}" -ge 1 ] || fail "dns.drop_response is '$resp', expected >= 1"
[ "${formerr:-0}" -ge 1 ] || fail "dns.formerr is '$formerr', expected >= 1"
[ "${hits:-0}" -ge 1 ] || fail "dns.memo_hits is '$hits', expected >= 1"
echo "$what: counters drop_short $short drop_response $resp formerr $formerr memo_hits $hits"
echo "$what: PASS"
