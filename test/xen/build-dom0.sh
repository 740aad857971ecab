#!/bin/sh
# SPDX-License-Identifier: ISC
# Build, from the fetched packages (fetch.sh), what QEMU boots for a Xen run:
#   OUT/xen           the hypervisor, uncompressed (QEMU -kernel loads it)
#   OUT/vmlinux       dom0's kernel, the ELF inside the bzImage's payload
#                     (Xen would otherwise decompress it slowly under TCG)
#   OUT/dom0.cpio.gz  dom0's initramfs: busybox, the toolstack, its shared
#                     libraries, dig, curl, the backend modules and dom0-init.sh as /init
# dig brings bind9-libs and ICU (about 60 MB unpacked): dom0 has 512 MB.
# Guests are not in it: xen-run.sh appends them as a second cpio archive.
#
#   build-dom0.sh OUT
#
# Rebuilds only when the packages are newer than the outputs or the
# scripts that go into dom0 changed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 1 ] || { echo "usage: build-dom0.sh OUT" >&2; exit 1; }
out=$1
cache=$("$here/fetch.sh")
root=$cache/root
bb=$root/bin/busybox

fail() {
	echo "xen-dom0: $*" >&2
	exit 1
}

mkdir -p "$out"
# The inputs' content, not only their times: OUT is in a cache that every
# checkout shares, and one whose scripts are older must not keep another's
# dom0 (curl, say, missing from it).
stamp=$(cat "$0" "$here/dom0-init.sh" "$here/vif-unilink" \
	"$here/block-unilink" | sha256sum | cut -d' ' -f1)
if [ -f "$out/dom0.cpio.gz" ] && [ -f "$out/vmlinux" ] && [ -f "$out/xen" ] &&
	[ "$out/dom0.cpio.gz" -nt "$cache/ready" ] &&
	[ "$(cat "$out/dom0.stamp" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi

# A little-endian unsigned integer of $3 bytes at offset $2 of file $1.
le_uint() {
	od -A n -t u"$3" -j "$2" -N "$3" "$1" | tr -d ' '
}

# The bzImage's payload starts after the real-mode setup sectors plus
# payload_offset (boot protocol 2.08+, offsets 0x1f1, 0x248 and 0x24c).
extract_vmlinux() {
	local bz=$1 setup poff plen magic start size
	setup=$(od -A n -t u1 -j $((0x1f1)) -N 1 "$bz" | tr -d ' ')
	[ "$setup" -eq 0 ] && setup=4
	poff=$(le_uint "$bz" $((0x248)) 4)
	plen=$(le_uint "$bz" $((0x24c)) 4)
	start=$(((setup + 1) * 512 + poff))
	magic=$(od -A n -t x1 -j "$start" -N 6 "$bz" | tr -d ' ')
	[ "$magic" = fd377a585a00 ] ||
		fail "$bz: expected an xz payload at offset $start, found bytes $magic"
	# The payload is the xz stream followed by the 32-bit uncompressed size.
	tail -c +$((start + 1)) "$bz" | head -c $((plen - 4)) |
		xz -dc >"$out/vmlinux.tmp" ||
		fail "$bz: the xz payload does not decompress"
	size=$(le_uint "$bz" $((start + plen - 4)) 4)
	[ "$(wc -c <"$out/vmlinux.tmp")" -eq "$size" ] ||
		fail "$bz: expected $size bytes from the payload, found $(wc -c <"$out/vmlinux.tmp")"
	magic=$(od -A n -t x1 -N 4 "$out/vmlinux.tmp" | tr -d ' ')
	[ "$magic" = 7f454c46 ] ||
		fail "$bz: expected an ELF inside the payload, found bytes $magic"
	mv "$out/vmlinux.tmp" "$out/vmlinux"
}

zcat "$root/boot/xen-4.17-amd64.gz" >"$out/xen" || fail "cannot unpack Xen"
extract_vmlinux "$(ls "$cache/kernel/boot/vmlinuz-"* | head -n 1)"

stage=$out/dom0-root
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib/x86_64-linux-gnu" "$stage/lib64" \
	"$stage/usr/lib/xen-4.17/bin" "$stage/usr/bin" "$stage/proc" \
	"$stage/sys" "$stage/dev" "$stage/run" "$stage/tmp" "$stage/var/lib/xen" \
	"$stage/var/lib/xenstored" "$stage/var/log/xen" "$stage/etc/xen" \
	"$stage/guests" "$stage/lib/modules"
ln -s ../run "$stage/var/run"
cp "$bb" "$stage/bin/busybox"

# The shared library called $1, searched in the fetched packages first.
find_lib() {
	for d in "$root/lib/x86_64-linux-gnu" "$root/usr/lib/x86_64-linux-gnu" \
		/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu; do
		[ -e "$d/$1" ] && { echo "$d/$1"; return 0; }
	done
	return 1
}

# Copy $1's DT_NEEDED libraries, recursively, into the stage.
copy_needed() {
	local lib path
	for lib in $(llvm-readelf-19 -d "$1" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
		[ -e "$stage/lib/x86_64-linux-gnu/$lib" ] && continue
		path=$(find_lib "$lib") || fail "$1 needs $lib, found in no package"
		cp -L "$path" "$stage/lib/x86_64-linux-gnu/$lib"
		copy_needed "$path"
	done
}

for b in xl xenstored xenconsoled xen-init-dom0; do
	cp "$root/usr/lib/xen-4.17/bin/$b" "$stage/usr/lib/xen-4.17/bin/$b"
	copy_needed "$root/usr/lib/xen-4.17/bin/$b"
done
cp "$root/usr/bin/xenstore" "$stage/usr/bin/xenstore"
copy_needed "$root/usr/bin/xenstore"
for t in read write ls list rm; do
	ln -s xenstore "$stage/usr/bin/xenstore-$t"
done
# dig queries the DNS appliance (bind9-dnsutils).
cp "$root/usr/bin/dig" "$stage/usr/bin/dig"
copy_needed "$root/usr/bin/dig"
# curl fetches from the web appliance: Debian's, as scripts/setup.sh
# installs it on the host (fetched packages first, as for libraries).
curl=$root/usr/bin/curl
[ -x "$curl" ] || curl=$(command -v curl) ||
	fail "no curl (scripts/setup.sh installs it)"
cp "$curl" "$stage/usr/bin/curl"
copy_needed "$curl"
# glibc dlopens libgcc_s for pthread_cancel: xl aborts without it.
cp -L "$(find_lib libgcc_s.so.1)" "$stage/lib/x86_64-linux-gnu/"
cp -L "$(find_lib ld-linux-x86-64.so.2)" "$stage/lib64/ld-linux-x86-64.so.2"

while read -r m; do
	cp "$cache/kernel/$m" "$stage/lib/modules/"
	basename "$m" >>"$stage/lib/modules/load-order"
done <"$cache/kernel/load-order"

# Guests' vifs join the bridges (xenbr0 by default, xenbr1) that
# dom0-init.sh creates; disks backed by files get a loop device.
mkdir -p "$stage/etc/xen/scripts"
cp "$here/vif-unilink" "$stage/etc/xen/scripts/vif-unilink"
cp "$here/block-unilink" "$stage/etc/xen/scripts/block"
cat >"$stage/etc/xen/xl.conf" <<'XL'
vif.default.script="vif-unilink"
vif.default.bridge="xenbr0"
XL
cp "$here/dom0-init.sh" "$stage/init"
chmod 755 "$stage/init"

(cd "$stage" && find . | "$bb" cpio -o -H newc -R 0:0 2>/dev/null) |
	gzip -1 >"$out/dom0.cpio.gz.tmp"
mv "$out/dom0.cpio.gz.tmp" "$out/dom0.cpio.gz"
echo "$stamp" >"$out/dom0.stamp"
rm -rf "$stage"
