#!/bin/sh
# SPDX-License-Identifier: ISC
# The differential test against NSD with the DNS appliance as the server
# under test: builds configs/dns/dns.conf (specialised, or --generic),
# boots it under QEMU with its port forwarded from 127.0.0.1, and runs
# nsd-diff.sh --server against it (every name x type of the zones, misses,
# wildcards, names below cuts, mixed case, EDNS variants, error cases).
#
# usage: appliance-nsd-diff.sh UNILINK [--packets] [--generic] [-D section.key=value]...
# --packets runs the packet-level differential (pktdiff.py) instead.
# Prints dnsdiff's "compared N queries: ..." and "appliance-nsd-diff
# (VARIANT): PASS" or "...: FAIL: why"; exits 77 when NSD is missing.
set -u
unilink=$1
shift
mode=
if [ "${1:-}" = --packets ]; then
	mode=--packets
	shift
fi
variant=specialised
[ "${1:-}" = --generic ] && variant=generic
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-nsd-diff ($variant${mode:+, packets})"
. "$here/appliance-lib.sh"

app_tmp

app_build "$@"
app_boot
app_wait_ready 180 || { app_quit; cat "$tmp/console"; fail "no answer within 180 s"; }
# shellcheck disable=SC2086
app_nsd_diff $mode --server "127.0.0.1:$port" "$top/configs/dns"
memo=on
case "$*" in *dns.memo=false*) memo=off ;; esac
grep -q "^dns: ready on .*, memo $memo," "$tmp/console" ||
	fail "the ready line does not say 'memo $memo'"
echo "$what: PASS"
