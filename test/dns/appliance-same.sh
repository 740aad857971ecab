#!/bin/sh
# SPDX-License-Identifier: ISC
# Generic and specialised DNS appliances answer the same, byte for byte:
# both are built from configs/dns/dns.conf, booted side by side under QEMU,
# and asked the differential test's queries (names and types by AXFR from
# NSD, which answers nothing here); every response of the specialised
# image must equal the generic one's.
#
# usage: appliance-same.sh UNILINK   (exit 77 without NSD)
set -u
unilink=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-same"
. "$here/appliance-lib.sh"

base=$(mktemp -d /tmp/dns-appliance.XXXXXX)
gen_pid= spec_pid=
cleanup() {
	for p in $gen_pid $spec_pid; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$base"
}
trap cleanup EXIT INT TERM

mkdir "$base/gen" "$base/spec"
tmp=$base/gen
app_build --generic
app_boot
gen_port=$port gen_ctl=$ctl gen_pid=$qemu_pid
app_wait_ready 180 || fail "the generic image did not answer within 180 s"
tmp=$base/spec
app_build
app_boot
spec_port=$port spec_ctl=$ctl spec_pid=$qemu_pid
app_wait_ready 180 || fail "the specialised image did not answer within 180 s"

"$here/nsd-diff.sh" --server "127.0.0.1:$spec_port" \
	--ref "127.0.0.1:$gen_port" "$top/configs/dns"
rc=$?
for v in gen spec; do
	eval "tmp=\$base/$v ctl=\$${v}_ctl qemu_pid=\$${v}_pid"
	app_quit
	eval "${v}_pid="
	[ "$status" = 0 ] || fail "the $v image ended with status $status"
done
[ "$rc" = 77 ] && exit 77
[ "$rc" = 0 ] || fail "the specialised image's answers differ (above)"
echo "$what: PASS: generic and specialised answered every query identically"
