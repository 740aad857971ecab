#!/bin/sh
# SPDX-License-Identifier: ISC
# Build, from Debian's libvirt packages, an archive that xen-run.sh appends
# to dom0's initramfs when a guest comes with a libvirt domain (an .xml
# after its image):
#   OUT/libvirt.cpio.gz  libvirtd with only its libxl (Xen) connection
#                        driver, virsh, their shared libraries that dom0's
#                        own archive lacks, libvirt's CPU map (see VME
#                        below), a libvirtd.conf for root on the UNIX socket,
#                        /etc/passwd and /etc/group with root, and libxl's
#                        default vif script (vif-bridge) as the harness's
#                        vif-unilink
# The other Xen tests do not boot it: their dom0 stays as small as it was.
#
#   build-libvirt.sh OUT     (after build-dom0.sh OUT)
#
# The packages are the candidates of apt (bookworm: libvirt 9.0), fetched
# with `apt-get download` into fetch.sh's cache and unpacked beside it;
# libraries come from there, then from the host (scripts/setup.sh installs
# libvirt there, so the host has them all).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 1 ] || { echo "usage: build-libvirt.sh OUT" >&2; exit 1; }
out=$1
cache=$("$here/fetch.sh")
packages="libvirt0 libvirt-daemon libvirt-daemon-driver-xen libvirt-clients"
lvroot=$cache/libvirt-root
bb=$cache/root/bin/busybox

fail() {
	echo "xen-libvirt: $*" >&2
	exit 1
}

[ -f "$out/dom0.cpio.gz" ] || fail "no $out/dom0.cpio.gz: run build-dom0.sh $out first"
stamp=$( (echo "$packages"; cat "$0" "$here/vif-unilink") | sha256sum | cut -d' ' -f1)
if [ -f "$out/libvirt.cpio.gz" ] && [ "$out/libvirt.cpio.gz" -nt "$out/dom0.cpio.gz" ] &&
	[ "$(cat "$out/libvirt.stamp" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi

need=
for p in $packages; do
	ls "$cache/debs/${p}_"*.deb >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
	echo "xen-libvirt: downloading$need" >&2
	# shellcheck disable=SC2086
	(cd "$cache/debs" && apt-get -q -o APT::Sandbox::User=root download $need \
		>"$cache/download-libvirt.log" 2>&1) ||
		fail "cannot fetch$need from Debian's archive (apt-get download failed, see $cache/download-libvirt.log)"
fi
rm -rf "$lvroot"
mkdir -p "$lvroot"
for p in $packages; do
	dpkg-deb -x "$(ls "$cache/debs/${p}_"*.deb | tail -n 1)" "$lvroot" ||
		fail "cannot unpack $p"
done

stage=$out/libvirt-root
rm -rf "$stage"
lib=lib/x86_64-linux-gnu
mkdir -p "$stage/$lib" "$stage/usr/sbin" "$stage/usr/bin" \
	"$stage/usr/lib/x86_64-linux-gnu/libvirt/connection-driver" \
	"$stage/usr/share/libvirt" "$stage/etc/libvirt" "$stage/etc/xen/scripts" \
	"$stage/var/lib/libvirt" "$stage/var/log/libvirt" "$stage/var/cache/libvirt"

# What dom0's archive already has (libc, libxenlight, libxml2, ...).
have=$out/libvirt-have
gzip -dc "$out/dom0.cpio.gz" | "$bb" cpio -t 2>/dev/null |
	sed -n "s|^\./$lib/||p; s|^$lib/||p" >"$have"

find_lib() {
	for d in "$lvroot/$lib" "$lvroot/usr/$lib" "$cache/root/$lib" \
		"$cache/root/usr/$lib" "/$lib" "/usr/$lib"; do
		[ -e "$d/$1" ] && { echo "$d/$1"; return 0; }
	done
	return 1
}

# Copy $1's DT_NEEDED libraries that dom0 lacks, recursively.
copy_needed() {
	local l path
	for l in $(llvm-readelf-19 -d "$1" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
		grep -qx "$l" "$have" && continue
		[ -e "$stage/$lib/$l" ] && continue
		path=$(find_lib "$l") || fail "$1 needs $l, found in no package nor on the host"
		cp -L "$path" "$stage/$lib/$l"
		copy_needed "$path"
	done
}

driver=usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_libxl.so
for f in usr/sbin/libvirtd usr/bin/virsh "$driver"; do
	[ -e "$lvroot/$f" ] || fail "no $f in $packages"
	cp "$lvroot/$f" "$stage/$f"
	copy_needed "$lvroot/$f"
done
# The host model and CPU features of the capabilities come from here.
# QEMU's TCG does not emulate VME (CPUID.1:EDX bit 1), so Xen's host
# features (xl info's hw_caps) lack it, and every x86 model of the map,
# 486 included, requires it: libvirt 9.0's libxl driver then fails to start
# ("Cannot find suitable CPU model for given data", "cannot create
# capabilities for libxenlight"). The lab's copy of the 486 model does not
# require VME; a real x86-64 CPU has it, and this only names the host CPU
# in `virsh capabilities`: a PVH guest's CPUID comes from Xen, not from it.
cp -r "$lvroot/usr/share/libvirt/cpu_map" "$stage/usr/share/libvirt/"
m486=$stage/usr/share/libvirt/cpu_map/x86_486.xml
grep -q "<feature name='vme'/>" "$m486" ||
	fail "$m486: expected the 486 model to require vme, found no such line"
sed -i "/<feature name='vme'\/>/d" "$m486"

# Root alone uses libvirtd, on its UNIX socket: no polkit, no TCP.
cat >"$stage/etc/libvirt/libvirtd.conf" <<'CONF'
auth_unix_ro = "none"
auth_unix_rw = "none"
unix_sock_ro_perms = "0700"
unix_sock_rw_perms = "0700"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
CONF
echo 'uri_default = "xen:///system"' >"$stage/etc/libvirt/libvirt.conf"
# libvirtd looks root up by its uid (glibc reads these files itself).
echo 'root:x:0:0:root:/root:/bin/sh' >"$stage/etc/passwd"
echo 'root:x:0:' >"$stage/etc/group"
# libvirt gives libxl no vif script; libxl's default is vif-bridge, which
# here must do what vif-unilink does (the bridge comes from xenstore).
cp "$here/vif-unilink" "$stage/etc/xen/scripts/vif-bridge"

(cd "$stage" && find . | "$bb" cpio -o -H newc -R 0:0 2>/dev/null) |
	gzip -1 >"$out/libvirt.cpio.gz.tmp"
mv "$out/libvirt.cpio.gz.tmp" "$out/libvirt.cpio.gz"
echo "$stamp" >"$out/libvirt.stamp"
rm -rf "$stage" "$have"
