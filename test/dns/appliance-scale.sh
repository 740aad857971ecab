#!/bin/sh
# SPDX-License-Identifier: ISC
# If it builds, it boots: a DNS appliance with a generated zone of SIZE MB
# (gen-scale-zone.py, written at test time) built with appliance.memory =
# auto, booted with `unilink run` at the size the build chose (the memory
# line of NAME.qemu.sh), asked with dig for the first, a middle and the last
# generated name (the answers the generator defines) and for a name that is
# not there, then ended through its control port. The VM's high-water mark
# of memory (mem.peak_kib) must not exceed the build's estimate, and the
# page tables must not grow with the image (mem.page_tables); with
# --too-small the same image at a configured size below the estimate must
# fail the build naming both sizes.
#
# usage: appliance-scale.sh UNILINK SIZE_MB [--too-small]
# Prints the build time, image size, chosen memory, time to ready and
# "appliance-scale (SIZE MB): PASS", or "...: FAIL: why".
set -u
unilink=$1
mb=$2
too_small=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what="appliance-scale ($mb MB)"
. "$here/appliance-lib.sh"

command -v dig >/dev/null || { echo "$what: SKIP: no dig (dnsutils)"; exit 77; }
app_tmp
mkdir "$tmp/app"
names=$(python3 "$here/gen-scale-zone.py" "$tmp/app/scale.test.zone" \
	--bytes $((mb * 1024 * 1024))) || fail "the zone generator failed"
cp "$top"/configs/dns/*.c "$top"/configs/dns/*.h "$tmp/app/"
sed -e '/^memory *=/d' -e 's/^zone *=.*/zone = scale.test.zone/' \
	"$top/configs/dns/dns.conf" >"$tmp/app/dns.conf"
echo "$what: zone of $(stat -c %s "$tmp/app/scale.test.zone") bytes, $names generated names"

t0=$(date +%s.%N)
"$unilink" build "$tmp/app/dns.conf" --report=none -o "$tmp/dns.elf" \
	-D dns.control_port=9 >"$tmp/build.log" 2>&1 ||
	{ cat "$tmp/build.log"; fail "unilink build failed"; }
t1=$(date +%s.%N)
need=$(sed -n 's/^# memory needed: \([0-9]*\) MiB.*/\1/p' "$tmp/dns.qemu.sh")
mem=$(sed -n 's/^memory=//p' "$tmp/dns.qemu.sh")
echo "$what: built in $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s, image $(stat -c %s "$tmp/dns.elf") bytes"
grep '^  memory' "$tmp/build.log"
[ -n "$need" ] && [ "$mem" = "$need" ] ||
	fail "memory=$mem in dns.qemu.sh, expected the estimate '$need' (auto)"

if [ "$too_small" = --too-small ]; then
	small=$((need - 1))
	"$unilink" build "$tmp/app/dns.conf" --report=none -q \
		-o "$tmp/small.elf" -D appliance.memory=$small \
		>"$tmp/small.log" 2>&1 && fail "a build at $small MiB succeeded"
	cat "$tmp/small.log"
	grep -q "appliance.memory: expected at least $need MiB for this image (image [0-9.]* MiB, .*), found $small MiB" \
		"$tmp/small.log" || fail "no message naming $need and $small MiB"
	[ ! -e "$tmp/small.elf" ] || fail "the refused build left an image"
fi

app_memory=$mem app_boot
t0=$(date +%s.%N)
app_wait_ready 600 scale.test || {
	app_quit
	sed 's/^/  console: /' "$tmp/console" | tail -n 20
	fail "no answer for scale.test SOA"
}
t1=$(date +%s.%N)
echo "$what: first answer $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s after start"

# ask NAME TYPE EXPECTED: dig's +short answer must be EXPECTED.
ask() {
	got=$(dig @127.0.0.1 -p "$port" +short +time=5 +tries=3 "$1" "$2")
	[ "$got" = "$3" ] || { app_quit; fail "$1 $2: expected '$3', found '$got'"; }
}
expect_txt() {
	python3 -c 'import sys; n = int(sys.argv[1])
print("\"scale-%d-%s\"" % (n, chr(97 + n % 26) * (n % 50 + 40)))' "$1"
}
last=$((names - 1)) mid=$((names / 2))
for n in 0 $mid $last; do
	ask "r$n.scale.test" TXT "$(expect_txt $n)"
done
ask r0.scale.test A 10.0.0.0
ask "r$((mid / 3 * 3)).scale.test" A \
	"10.$((mid / 3 * 3 >> 16 & 255)).$((mid / 3 * 3 >> 8 & 255)).$((mid / 3 * 3 & 255))"
rcode=$(dig @127.0.0.1 -p "$port" +time=5 +tries=3 "r$names.scale.test" TXT |
	sed -n 's/.*status: \([A-Z]*\).*/\1/p')
[ "$rcode" = NXDOMAIN ] || { app_quit; fail "r$names: expected NXDOMAIN, found '$rcode'"; }
app_quit
grep -E '^(dns: (zone|ready)|mem\.)' "$tmp/console"
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
peak=$(sed -n 's/^mem\.peak_kib //p' "$tmp/console")
[ -n "$peak" ] || fail "no mem.peak_kib line"
[ "$peak" -le $((need * 1024)) ] ||
	fail "the VM used $peak KiB at its peak, more than the $need MiB estimated"
echo "$what: peak $peak KiB of the $need MiB estimated"
# The image is mapped in 2 MiB pages but at its edges: its size does not
# show in the tables (the fixed pool of old had 32 pages, and a 4 KiB page
# at a time it took one per 2 MiB of image).
pt=$(sed -n 's/^mem\.page_tables //p' "$tmp/console")
[ -n "$pt" ] && [ "$pt" -le 32 ] ||
	fail "the page tables take '$pt' pages, expected at most 32"
echo "$what: PASS"
