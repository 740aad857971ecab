#!/bin/sh
# Install every Debian package that building unilink, its tests and its demo
# need. Quiet, and fast, when everything is already there. Run as root.
#
# openvswitch-switch: test/openflow starts its own ovsdb-server and
# ovs-vswitchd (private database and sockets, in a namespace), so a system
# instance the package may start does not matter to it.
#
# QEMU comes from bookworm-backports (10.x): bookworm's 7.2 boots Xen, but
# its TCG crashes Xen's dom0 early, and the Xen tests (test/xen) need it.
set -eu

packages="
clang-19 lld-19 llvm-19 llvm-19-dev llvm-19-tools libclang-19-dev clang-format-19
libclang-rt-19-dev libzstd-dev libelf-dev libxen-dev zlib1g-dev
cmake ninja-build python3 nsd dnsutils iproute2 iperf3 procps
libvirt-daemon-system libvirt-clients dnsmasq-base
gdb dnsperf binutils
curl wget
chromium nginx wrk
openvswitch-switch python3-os-ken iputils-ping
"
qemu_min=1:10

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

qemu_recent() {
	installed qemu-system-x86 &&
		dpkg --compare-versions \
			"$(dpkg-query -W -f='${Version}' qemu-system-x86)" ge "$qemu_min"
}

missing=
for p in $packages; do
	installed "$p" || missing="$missing $p"
done
qemu_recent || missing="$missing qemu-system-x86(>=10,backports)"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "setup: missing packages:$missing; run as root (or: sudo $0)" >&2
	exit 1
fi
echo "setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive

if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
	cat >/etc/apt/sources.list.d/bookworm-backports.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
apt-get update -qq >/dev/null ||
	echo "setup: apt-get update reported errors; trying the install anyway" >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $packages >/dev/null
if ! qemu_recent; then
	apt-get install -y -qq --no-install-recommends -t bookworm-backports \
		qemu-system-x86 >/dev/null
fi
qemu_recent || {
	echo "setup: expected qemu-system-x86 >= $qemu_min from bookworm-backports, found $(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null || echo none)" >&2
	exit 1
}
echo "setup: done"
