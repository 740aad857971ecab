# SPDX-License-Identifier: ISC
# The web appliance (configs/www) for the tests that need a real client on
# the other side of a network (sourced): nginx-diff.sh --appliance and
# browser.sh. The image is configs/www/www.conf as shipped, its tree and
# address overridden; it runs under QEMU on a tap in a network namespace
# the caller names (names with "wwwtest" in them), which holds only lo and
# the tap: no packet leaves it. The caller sets here (test/www).
#
#   www_build UNILINK SITE OUT [-D SECTION.KEY=VALUE]...
#       OUT (an ELF) from configs/www/www.conf with www.root = SITE and
#       net0 = $WWW_GUEST/24 without a gateway; the log in OUT.log
#   www_netns_up NS      the namespace with lo and tap0 ($WWW_HOST/24), a
#                        permanent ARP entry for the guest
#   www_boot UNILINK NS ELF CONSOLE
#                        boots ELF on tap0 in the foreground (run it with &:
#                        $! is then QEMU's `unilink run`), console to CONSOLE

WWW_HOST=10.0.9.1
WWW_GUEST=10.0.9.2
WWW_MAC=52:54:00:77:77:02

www_build() {
	_unilink=$1 _site=$2 _out=$3
	shift 3
	"$_unilink" build "$here/../../configs/www/www.conf" -q --report=none \
		-o "$_out" -D "www.root=$_site" -D "net0.ipv4=$WWW_GUEST/24" \
		-D net0.gateway=0.0.0.0 "$@" >"$_out.log" 2>&1
}

www_netns_up() {
	ip netns add "$1" || return 1
	ip netns exec "$1" ip link set lo up &&
		ip netns exec "$1" ip tuntap add dev tap0 mode tap &&
		ip netns exec "$1" ip addr add "$WWW_HOST/24" dev tap0 &&
		ip netns exec "$1" ip link set tap0 up &&
		ip netns exec "$1" ip neigh replace "$WWW_GUEST" \
			lladdr "$WWW_MAC" dev tap0 nud permanent
}

www_boot() {
	exec ip netns exec "$2" "$1" run "$3" --timeout 600 -- \
		-netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
		-device "virtio-net-device,netdev=n0,mac=$WWW_MAC" >"$4" 2>&1
}
