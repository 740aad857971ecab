#!/bin/sh
# SPDX-License-Identifier: ISC
# Fetch and unpack, once, the Debian packages that the Xen harness boots:
# Xen 4.17, its toolstack and libraries, busybox, and the vmlinuz plus a few
# modules of the kernel that linux-image-amd64 depends on. Nothing is
# installed on the host: `apt-get download` + `dpkg-deb -x` into a cache.
#
#   fetch.sh            prints the cache folder on success
#
# UNILINK_XEN_CACHE overrides the cache (default $HOME/.cache/unilink-xen).
# A second run with the same package list fetches nothing. When a package
# cannot be fetched the script says so and fails: the Xen tests then fail too.
set -eu

cache=${UNILINK_XEN_CACHE:-${HOME:-/root}/.cache/unilink-xen}

# Userland for dom0 (bind9-dnsutils and the libraries below it: dig, for the
# DNS tests). Libraries the binaries need are resolved later from
# these; the host's copies serve only as a fallback.
userland="
xen-hypervisor-4.17-amd64 xen-utils-4.17 xenstore-utils busybox-static
libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1
libxengnttab1 libxenhypfs1 libxenmisc4.17 libxenstore4 libxentoolcore1
libxentoollog1 libyajl2 libc6 libgcc-s1 libext2fs2 libcom-err2 libuuid1
liblzma5 libzstd1 zlib1g libtinfo6
bind9-dnsutils bind9-libs libidn2-0 libjemalloc2 libkrb5-3 libprotobuf-c1
libuv1 libfstrm0 libgssapi-krb5-2 libjson-c5 liblmdb0 libmaxminddb0
libnghttp2-14 libssl3 libxml2 libk5crypto3 libkrb5support0 libkeyutils1
libunistring2 libicu72 libstdc++6
"
# Modules dom0 loads (with their dependencies), in this order.
modules="xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc xen-netback
xen-blkback bridge loop"

fail() {
	echo "xen-fetch: $*" >&2
	exit 1
}

# The versioned kernel package behind the linux-image-amd64 metapackage.
kernel_package() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1
}

kpkg=$(kernel_package)
[ -n "$kpkg" ] || fail "apt-cache knows no linux-image-amd64 (run apt-get update): cannot fetch the dom0 kernel"
stamp_text=$(echo $userland $kpkg $modules)
if [ -f "$cache/ready" ] && [ "$(cat "$cache/ready")" = "$stamp_text" ]; then
	echo "$cache"
	exit 0
fi

rm -rf "$cache/root" "$cache/kernel" "$cache/ready"
mkdir -p "$cache/debs" "$cache/root" "$cache/kernel"

# Download what is not yet in debs/ (apt-get download writes to the cwd).
fetch_debs() {
	need=
	for p in "$@"; do
		ls "$cache/debs/${p}_"*.deb >/dev/null 2>&1 || need="$need $p"
	done
	[ -z "$need" ] && return 0
	echo "xen-fetch: downloading$need" >&2
	# shellcheck disable=SC2086
	(cd "$cache/debs" && apt-get -q -o APT::Sandbox::User=root download $need \
		>"$cache/download.log" 2>&1) ||
		fail "cannot fetch the hypervisor packages ($need) from Debian's archive (apt-get download failed, see $cache/download.log): the Xen tests cannot run"
}

fetch_debs $userland "$kpkg"

for p in $userland; do
	dpkg-deb -x "$(ls "$cache/debs/${p}_"*.deb | tail -n 1)" "$cache/root" ||
		fail "cannot unpack $p"
done

# From the kernel package: vmlinuz, config, and the chosen modules with the
# modules they depend on (read from each module's .modinfo "depends=";
# the package has no modules.dep, depmod makes it at install time).
kdeb=$(ls "$cache/debs/${kpkg}_"*.deb | tail -n 1)
kver=${kpkg#linux-image-}
full=$cache/kernel/full
mkdir -p "$full"
dpkg-deb --fsys-tarfile "$kdeb" |
	tar -x -C "$full" "./boot/vmlinuz-$kver" "./boot/config-$kver" \
		--wildcards './lib/modules/*.ko' ||
	fail "cannot unpack $kdeb"
mv "$full/boot" "$cache/kernel/boot"
(cd "$full" && find . -name '*.ko') >"$cache/kernel/all-modules"

module_path() {
	name=$(echo "$1" | tr _ -)
	alt=$(echo "$1" | tr - _)
	grep -E "/($name|$alt)\.ko\$" "$cache/kernel/all-modules" | head -n 1
}

module_depends() {
	llvm-readelf-19 -p .modinfo "$full/$1" 2>/dev/null |
		sed -n 's/.*depends=\(.*\)$/\1/p' | tr , ' '
}

: >"$cache/kernel/load-order"
add_module() {
	local path dep # recursive: dash and bash both have local
	path=$(module_path "$1")
	[ -n "$path" ] || fail "module $1 is not in $kpkg"
	grep -qx "$path" "$cache/kernel/load-order" && return 0
	mkdir -p "$cache/kernel/$(dirname "$path")"
	cp "$full/$path" "$cache/kernel/$path"
	for dep in $(module_depends "$path"); do
		add_module "$dep"
	done
	echo "$path" >>"$cache/kernel/load-order"
}
for m in $modules; do
	add_module "$m"
done
rm -rf "$full"

echo "$stamp_text" >"$cache/ready"
echo "$cache"
