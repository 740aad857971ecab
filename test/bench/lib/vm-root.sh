# SPDX-License-Identifier: ISC
# Pieces of the Linux VM peers' initramfs trees, shared by
# test/bench/{dns,tcp,http}/linux-vm.sh (sourced; the caller defines die()).

# The newest Debian kernel in /boot whose modules are installed: sets $kver.
vm_root_kernel() {
	kver=
	for k in $(ls /boot/vmlinuz-* 2>/dev/null | sed 's|.*/vmlinuz-||' |
		sort -V); do
		[ -d "/lib/modules/$k/kernel" ] && kver=$k
	done
	[ -n "$kver" ] ||
		die "no /boot/vmlinuz-* with /lib/modules (install linux-image-amd64)"
}

# A statically linked busybox, the initramfs's shell and tools: sets $bb.
vm_root_busybox() {
	bb=$(command -v busybox) || die "no busybox (install busybox-static)"
	ldd "$bb" 2>&1 | grep -q 'not a dynamic' ||
		die "$bb is not statically linked (install busybox-static)"
}

# Copy the shared libraries and the dynamic loader of $1 into the tree $2,
# at the paths ldd names.
vm_root_copy_libs() {
	ldd "$1" | awk '/=> \// { print $3 } /^\t\// { print $1 }' |
		while read -r lib; do
			mkdir -p "$2$(dirname "$lib")"
			cp -L "$lib" "$2$lib"
		done
}

# virtio-net and its dependencies for kernel $1 that are not built in, in
# load order (dependencies first), as $2/modules/NAME.ko; sets $mods.
vm_root_virtio_modules() {
	mods=
	for m in virtio_net virtio_pci virtio_mmio; do
		option=CONFIG_$(echo "$m" | tr '[:lower:]' '[:upper:]')
		grep -q "^$option=y" "/boot/config-$1" || vm_root_add_mod "$1" "$m"
	done
	for m in $mods; do
		f=$(modinfo -k "$1" -F filename "$m") ||
			die "no module $m for $1"
		case $f in
		*.ko) cp "$f" "$2/modules/$m.ko" ;;
		*.ko.xz) xz -dc "$f" >"$2/modules/$m.ko" ;;
		*.ko.zst) zstd -qdc "$f" >"$2/modules/$m.ko" ;;
		*) die "module $m has an unexpected file name $f" ;;
		esac
	done
}

vm_root_add_mod() {
	case " $mods " in *" $2 "*) return ;; esac
	for d in $(modinfo -k "$1" -F depends "$2" | tr ',' ' '); do
		vm_root_add_mod "$1" "$d"
	done
	mods="$mods $2"
}
