#!/bin/sh
# SPDX-License-Identifier: ISC
# Zones compiled into the DNS appliance by `unilink build` (link/data/
# data*.c): a zone that does not parse, a missing file or $INCLUDE, and two
# files of one zone fail the build with file:line and what was wrong; an
# $INCLUDE is resolved from disk; a key that names no files builds an image
# with an empty set; no image keeps the uni_data descriptors, and each
# embedded zone is in the image once; a raw file is embedded as it is and
# an unknown kind is refused. DNS over TCP: with dns.tcp = false the image
# keeps neither the TCP service nor the TCP protocol (protocol-prune), and a
# dns.axfr_allow that is not a list of IP prefixes fails the build naming
# the key and the text.
#
# usage: appliance-data.sh UNILINK LLVM_NM
# Prints one line per case and "appliance-data: N cases passed" or FAIL.
set -u
unilink=$1
nm=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d /tmp/dns-data.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
cases=0
fail() {
	echo "appliance-data: FAIL: $*"
	exit 1
}

# build NAME ZONES [-D ...]: configuration $tmp/NAME.conf with dns.zone.
# The DNS appliance's own sources (configs/dns/*.c), as the folder builds.
dns_sources=
for c in "$top"/configs/dns/*.c; do
	dns_sources="$dns_sources --source $c"
done

build() {
	name=$1 zones=$2
	shift 2
	sed "s|^zone = .*|zone = $zones|" "$top/configs/dns/dns.conf" \
		>"$tmp/$name.conf"
	"$unilink" build "$tmp/$name.conf" -q --report=none \
		$dns_sources -o "$tmp/$name.elf" "$@" \
		>"$tmp/$name.out" 2>&1
}

# refused NAME ZONES REGEX: the build fails with a message matching REGEX.
refused() {
	if build "$1" "$2"; then
		fail "$1: the build succeeded, expected an error matching '$3'"
	fi
	grep -Eq -- "$3" "$tmp/$1.out" ||
		fail "$1: expected an error matching '$3', got: $(cat "$tmp/$1.out")"
	echo "appliance-data: $1: refused: $(grep -E -- "$3" "$tmp/$1.out" | head -n 1)"
	cases=$((cases + 1))
}

# symbols IMAGE: IMAGE's symbol table, from its debug file (NAME.debug),
# into $tmp/symbols; a missing debug file fails the test.
symbols() {
	"$nm" "${1%.elf}.debug" >"$tmp/symbols" ||
		fail "$1: no symbol table in ${1%.elf}.debug"
}

# no_descriptors IMAGE: no uni_data descriptor reached the image.
no_descriptors() {
	symbols "$1"
	if grep -q uni_datadesc "$tmp/symbols"; then
		fail "$1 still holds a uni_data descriptor"
	fi
}

cp "$top/configs/dns/example.com.zone" "$top/configs/dns/2.0.192.in-addr.arpa.zone" "$tmp/"
printf '$ORIGIN bad.example.\n$TTL 60\n@ IN SOA ns hm 1 2 3 4 5\n@ IN NS ns\nns IN A 300.1.2.3\n' >"$tmp/bad.zone"
refused syntax bad.zone 'bad\.zone:5: .*300\.1\.2\.3'
printf '$ORIGIN inc.example.\n$TTL 60\n@ IN SOA ns hm 1 2 3 4 5\n@ IN NS ns\n$INCLUDE missing.inc\n' >"$tmp/noinc.zone"
refused include noinc.zone 'noinc\.zone:5: cannot open \$INCLUDE file "missing.inc"'
refused missing nothere.zone 'dns\.zone: cannot read .*nothere\.zone'
cp "$tmp/example.com.zone" "$tmp/copy.zone"
refused duplicate "example.com.zone,copy.zone" 'expected one file per zone, found zone example\.com\. in both example\.com\.zone and copy\.zone'

# An $INCLUDE from disk: the included records are served (checked on the
# image's data: the included name is in the embedded zone).
printf '$ORIGIN inc.example.\n$TTL 60\n@ IN SOA ns hm 1 2 3 4 5\n@ IN NS ns\n$INCLUDE part.inc\n' >"$tmp/inc.zone"
printf 'ns IN A 192.0.2.7\nincluded-name IN TXT "from part.inc"\n' >"$tmp/part.inc"
build include-ok inc.zone || fail "include-ok: $(cat "$tmp/include-ok.out")"
grep -q 'included-name' "$tmp/include-ok.elf" ||
	fail "include-ok: the included record is not in the image"
no_descriptors "$tmp/include-ok.elf"
echo "appliance-data: include-ok: \$INCLUDE part.inc resolved from disk and embedded"
cases=$((cases + 1))

build empty "" || fail "empty: $(cat "$tmp/empty.out")"
no_descriptors "$tmp/empty.elf"
if grep -q UDZ1 "$tmp/empty.elf"; then
	fail "empty: a zone blob is in an image whose dns.zone names none"
fi
echo "appliance-data: empty: dns.zone names no file: an image without zones"
cases=$((cases + 1))

for gen in "" --generic; do
	build "full$gen" "example.com.zone,2.0.192.in-addr.arpa.zone" $gen ||
		fail "full$gen: $(cat "$tmp/full$gen.out")"
	no_descriptors "$tmp/full$gen.elf"
	# A blob is 8-aligned (and the file keeps addresses' alignment); the
	# loader's own copy of the magic, a string constant, need not be.
	blobs=$(grep -abo UDZ1 "$tmp/full$gen.elf" |
		awk -F: '$1 % 8 == 0' | wc -l)
	[ "$blobs" = 2 ] || fail "full$gen: expected 2 zone blobs in the image, found $blobs"
	echo "appliance-data: full ${gen:-specialised}: 2 zone blobs embedded, no descriptor"
	cases=$((cases + 1))
done
# The raw kind: a test source declares a raw data key and keeps its set
# alive (retain: past --gc-sections); the file's bytes must be in the image
# as they are. An unknown kind is refused.
cat >"$tmp/rawkey.c" <<'SRC'
#include "uni/data.h"
UNI_CONFIG_DATA(datatest, blob, "raw", "a raw file for appliance-data.sh");
__attribute__((used, retain)) const void *datatest_keep = &uni_data_datatest_blob;
SRC
sed 's/"raw"/"nonsense"/' "$tmp/rawkey.c" >"$tmp/badkind.c"
printf 'raw bytes \001\002 kept as they are: %s\n' "$$" >"$tmp/raw.bin"
build_raw() {
	name=$1 src=$2
	{ sed "s|^zone = .*|zone = example.com.zone|" "$top/configs/dns/dns.conf"
	  printf '\n[datatest]\nblob = raw.bin\n'; } >"$tmp/$name.conf"
	"$unilink" build "$tmp/$name.conf" -q --report=none \
		$dns_sources --source "$tmp/$src" \
		-o "$tmp/$name.elf" >"$tmp/$name.out" 2>&1
}
build_raw raw rawkey.c || fail "raw: $(cat "$tmp/raw.out")"
grep -qF "$(cat "$tmp/raw.bin")" "$tmp/raw.elf" ||
	fail "raw: the bytes of raw.bin are not in the image"
no_descriptors "$tmp/raw.elf"
echo "appliance-data: raw: raw.bin embedded byte for byte"
cases=$((cases + 1))
if build_raw badkind badkind.c; then
	fail "badkind: the build succeeded with an unknown data kind"
fi
grep -q 'datatest.blob: expected a data kind this command knows (raw, dns-zone, www-tree), found "nonsense"' "$tmp/badkind.out" ||
	fail "badkind: unexpected message: $(cat "$tmp/badkind.out")"
echo "appliance-data: badkind: refused: $(grep nonsense "$tmp/badkind.out")"
cases=$((cases + 1))

# tcp: the default image serves TCP; with dns.tcp = false nothing of it is
# left (the DNS session and transfers, and protocol:tcp below 200 bytes).
tcp_code() {
	grep -cE ' (dns_axfr_next|dns_tcp_fini|dns_answer_tcp)$' "$tmp/symbols"
}
build tcp example.com.zone --report=text ||
	fail "tcp: $(cat "$tmp/tcp.out")"
symbols "$tmp/tcp.elf"
[ "$(tcp_code)" -gt 0 ] ||
	fail "tcp: the default image has no DNS-over-TCP code"
build notcp example.com.zone -D dns.tcp=false --report=text ||
	fail "notcp: $(cat "$tmp/notcp.out")"
symbols "$tmp/notcp.elf"
[ "$(tcp_code)" = 0 ] ||
	fail "notcp: dns.tcp = false keeps DNS-over-TCP code"
left=$(awk '$1 == "protocol:tcp" { print $7 + $8 + $9 }' "$tmp/notcp.out")
[ "${left:-0}" -lt 200 ] ||
	fail "notcp: protocol:tcp keeps $left bytes with dns.tcp = false"
echo "appliance-data: notcp: no DNS over TCP, protocol:tcp ${left:-0} bytes" \
	"(with TCP: $(awk '$1 == "protocol:tcp" { print $7 + $8 + $9 }' "$tmp/tcp.out"))"
cases=$((cases + 2))

# badallow: a prefix that does not parse fails the build, naming the key.
if build badallow example.com.zone -D dns.axfr_allow=10.0.0.0/8,192.0.2.300; then
	fail "badallow: the build succeeded with dns.axfr_allow = 10.0.0.0/8,192.0.2.300"
fi
grep -q 'dns.axfr_allow = "10.0.0.0/8,192.0.2.300": expected IP prefixes' \
	"$tmp/badallow.out" ||
	fail "badallow: unexpected message: $(cat "$tmp/badallow.out")"
echo "appliance-data: badallow: refused: $(grep axfr_allow "$tmp/badallow.out")"
cases=$((cases + 1))

# badallow6: so does an IPv6 prefix longer than 128 bits in a mixed list.
if build badallow6 example.com.zone -D dns.axfr_allow=10.0.0.0/8,2001:db8::/129; then
	fail "badallow6: the build succeeded with dns.axfr_allow = 10.0.0.0/8,2001:db8::/129"
fi
grep -q 'dns.axfr_allow = "10.0.0.0/8,2001:db8::/129": expected IP prefixes' \
	"$tmp/badallow6.out" ||
	fail "badallow6: unexpected message: $(cat "$tmp/badallow6.out")"
echo "appliance-data: badallow6: refused: $(grep axfr_allow "$tmp/badallow6.out")"
cases=$((cases + 1))
echo "appliance-data: $cases cases passed"
