#!/bin/sh
# SPDX-License-Identifier: ISC
# The differential test against NSD with the DNS appliance as the server
# under test: builds configs/dns/dns.conf (specialised, or --generic),
# boots it under QEMU with its port forwarded from 127.0.0.1, and runs
# nsd-diff.sh --server against it (every name x type of the zones, misses,
# wildcards, names below cuts, mixed case, EDNS variants, error cases).
#
# Every query goes over UDP and over TCP.
#
# usage: appliance-nsd-diff.sh UNILINK [--packets|--tcp|--tcp-refused] [--generic] [-D section.key=value]...
# --packets runs the packet-level differential (pktdiff.py) instead;
# --tcp the DNS-over-TCP differential (tcpdiff.py: pipelining, split
# queries, closes, AXFR and IXFR byte for byte) with transfers allowed to
# QEMU's gateway (dns.axfr_allow = 10.0.2.2), --tcp-refused the same with
# the default allow-list (transfers refused).
# Prints dnsdiff's "compared N queries: ..." and "appliance-nsd-diff
# (VARIANT): PASS" or "...: FAIL: why"; exits 77 when NSD is missing.
set -u
unilink=$1
shift
mode=
case "${1:-}" in --packets | --tcp | --tcp-refused)
	mode=$1
	shift
	;;
esac
variant=specialised
[ "${1:-}" = --generic ] && variant=generic
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-nsd-diff ($variant${mode:+, ${mode#--}})"
. "$here/appliance-lib.sh"

app_tmp

if [ "$mode" = --tcp ]; then
	app_build -D dns.axfr_allow=10.0.2.2/32 "$@"
else
	app_build "$@"
fi
app_boot
app_wait_ready 180 || { app_quit; cat "$tmp/console"; fail "no answer within 180 s"; }
# shellcheck disable=SC2086
app_nsd_diff $mode --server "127.0.0.1:$port" "$top/configs/dns"
memo=on
case "$*" in *dns.memo=false*) memo=off ;; esac
grep -q "^dns: ready on .*, memo $memo," "$tmp/console" ||
	fail "the ready line does not say 'memo $memo'"
echo "$what: PASS"
