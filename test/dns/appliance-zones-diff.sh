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
app_nsd_diff --server "127.0.0.1:$port" "$tmp/zones"
n=$(ls "$tmp"/zones/*.zone | wc -l)
grep -q "^dns: ready on .*, $n zones," "$tmp/console" ||
	fail "the ready line does not say $n zones"
echo "$what: PASS"
