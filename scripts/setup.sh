#!/bin/sh
# Install every Debian package that building unilink, its tests and its demo
# need. Quiet, and fast, when everything is already there. Run as root.
set -eu

packages="
clang-19 lld-19 llvm-19 llvm-19-dev llvm-19-tools libclang-19-dev
libclang-rt-19-dev libzstd-dev libelf-dev libxen-dev
cmake ninja-build python3 qemu-system-x86
nsd dnsutils iproute2
nsd dnsutils iproute2
"

missing=
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "setup: missing packages:$missing; run as root (or: sudo $0)" >&2
	exit 1
fi
echo "setup: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || echo "setup: apt-get update reported errors; trying the install anyway" >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "setup: done"
