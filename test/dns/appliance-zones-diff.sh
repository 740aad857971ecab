#!/bin/sh
# SPDX-License-Identifier: ISC
# The NSD differential with the DNS appliance under QEMU serving the test
# zones instead of configs/dns's: test/dns/zones (every record type, syntax
# variants, what the zone checks let through) and test/dns/zones-dname
# (DNAME redirection), built into the specialised image with
# `-D dns.zone=...` and compared with NSD by nsd-diff.sh --server.
#
# usage: appliance-zones-diff.sh UNILINK [-D section.key=value]...
# Prints dnsdiff's "compared N queries: ..." and "appliance-zones-diff:
# PASS" or "...: FAIL: why"; exits 77 when NSD is missing.
set -u
unilink=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what=appliance-zones-diff
. "$here/appliance-lib.sh"

app_tmp
# One folder of ORIGIN.zone files for nsd-diff.sh, the same files for both.
mkdir "$tmp/zones"
cp "$here"/zones/*.zone "$here"/zones-dname/*.zone "$tmp/zones/"
list=$(ls "$tmp"/zones/*.zone | tr '\n' ,)
first=$(cd "$tmp/zones" && ls *.zone | head -n 1)
first=${first%.zone}

app_build -D "dns.zone=${list%,}" "$@"
app_boot
app_wait_ready 180 "$first" ||
	{ app_quit; cat "$tmp/console"; fail "no answer within 180 s"; }
"$here/nsd-diff.sh" --server "127.0.0.1:$port" "$tmp/zones"
rc=$?
app_quit
grep -E '^dns(: ready|\.(queries|formerr|memo_hits|send_failed) )' "$tmp/console"
[ "$rc" = 77 ] && exit 77
[ "$rc" = 0 ] || fail "answers differ from NSD's (above)"
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
n=$(ls "$tmp"/zones/*.zone | wc -l)
grep -q "^dns: ready on .*, $n zones," "$tmp/console" ||
	fail "the ready line does not say $n zones"
[ "$(app_counter send_failed)" = 0 ] ||
	fail "the appliance could not send $(app_counter send_failed) answers"
echo "$what: PASS"
