#!/bin/sh
# SPDX-License-Identifier: ISC
# Zone transfers of many messages through the appliance's TCP under QEMU:
# the appliance built with the generated zone of gen-big-zone.py (about
# 4,000 names, a dozen 16 KiB messages per AXFR) and transfers allowed to
# QEMU's gateway, compared with NSD by nsd-diff.sh --tcp (tcpdiff.py: every
# message byte for byte).
#
# usage: appliance-big-diff.sh UNILINK
# Prints "compared N TCP cases: ..." and "appliance-big-diff: PASS" or
# "...: FAIL: why"; exits 77 when NSD is missing.
set -u
unilink=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what=appliance-big-diff
. "$here/appliance-lib.sh"

app_tmp
python3 "$here/gen-big-zone.py" "$tmp/zones" || fail "gen-big-zone.py failed"
app_build -D "dns.zone=$tmp/zones/big.test.zone" -D dns.axfr_allow=10.0.2.2/32
app_boot
app_wait_ready 180 big.test ||
	{ app_quit; cat "$tmp/console"; fail "no answer within 180 s"; }
app_nsd_diff --tcp --server "127.0.0.1:$port" "$tmp/zones"
[ "$(app_counter transfers)" -ge 5 ] ||
	fail "dns.transfers is $(app_counter transfers), expected 5 or more"
echo "$what: PASS"
