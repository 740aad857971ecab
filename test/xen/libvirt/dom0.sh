#!/bin/sh
# SPDX-License-Identifier: ISC
# dom0's side of the libvirt test: the DNS appliance (10.0.3.2) was
# defined from the NAME.libvirt.xml that `unilink build` wrote and started
# by libvirtd's libxl driver (virsh). Show what libvirt made of the domain
# (a PVH guest, its vif on xenbr0), query the appliance with dig until it
# answers, then `virsh shutdown`: libxl writes poweroff to the guest's
# control/shutdown node, the appliance powers off, and the XML's
# on_poweroff (destroy) leaves the domain "shut off (shutdown)".
# Arguments: the domain's name and id. XENRUN_CREATE_UPTIME is dom0's
# uptime just before `virsh define`.
name=$1
addr=10.0.3.2
fail=0

uptime_s() { read -r up _ </proc/uptime; echo "$up"; }
since_create() {
	awk -v a="$XENRUN_CREATE_UPTIME" -v b="$(uptime_s)" 'BEGIN { printf "%.2f", b - a }'
}

echo "virsh start took $(since_create) s after virsh define began"
state=$(virsh domstate "$name" 2>&1)
[ "$state" = running ] || { echo "expected state running, found '$state'"; exit 1; }
# libxl's own view of the domain libvirt built: PVH, the kernel, the vif.
xl list -l "$name" >/tmp/xl.json 2>&1
for want in '"type": "pvh"' '"kernel": "/guests/0.elf"' '"bridge": "xenbr0"'; do
	if grep -q "$want" /tmp/xl.json; then
		echo "libxl config has $want"
	else
		echo "libxl config lacks $want:"
		cat /tmp/xl.json
		fail=1
	fi
done

# The xl config libvirt derives from the same XML (its xen-xl converter).
timeout 20 virsh domxml-to-native xen-xl /guests/0.xml >/tmp/native.cfg 2>&1
for want in '^type = "pvh"$' '^on_poweroff = "destroy"$' '^vif = \[ ".*bridge=xenbr0' '^kernel = "/guests/0\.elf"$'; do
	if grep -Eq "$want" /tmp/native.cfg; then
		echo "domxml-to-native xen-xl has $want"
	else
		echo "domxml-to-native xen-xl lacks $want:"
		cat /tmp/native.cfg
		fail=1
	fi
done

ask() { dig @"$addr" +tries=1 +time=1 +norecurse "$@" 2>&1; }
rr='[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+'
tries=0
until ask web.example.com a >/tmp/dns.out &&
	grep -Eq "^web\.example\.com\.${rr}A[[:space:]]+192\.0\.2\.80$" /tmp/dns.out; do
	tries=$((tries + 1))
	[ "$(virsh domstate "$name" 2>&1)" = running ] ||
		{ echo "the guest stopped before answering"; exit 1; }
	[ $tries -lt 30 ] || { echo "no DNS answer from $addr; dig said:"; cat /tmp/dns.out; exit 1; }
	sleep 0.1
done
echo "first dig answer $(since_create) s after virsh define"
check() { # name type regex [dig option]
	# shellcheck disable=SC2086 # no option: no argument
	ask "$1" "$2" ${4:-} >/tmp/dns.out
	if grep -Eq "$3" /tmp/dns.out; then
		echo "$1 $2${4:+ $4}: ok"
	else
		echo "$1 $2${4:+ $4}: expected a line matching $3; dig said:"
		cat /tmp/dns.out
		fail=1
	fi
}
check example.com soa "^example\.com\.${rr}SOA[[:space:]]+ns1\.example\.com\. "
check nosuchname.example.com a "status: NXDOMAIN"
check www.example.com a "^web\.example\.com\.${rr}A[[:space:]]+192\.0\.2\.80$" +tcp

# The Xen control path: libxl_domain_shutdown, then libvirt's on_poweroff.
t0=$(uptime_s)
timeout 20 virsh shutdown "$name" >/tmp/virsh.out 2>&1 ||
	{ echo "virsh shutdown failed:"; cat /tmp/virsh.out; exit 1; }
tries=0
until state=$(virsh domstate --reason "$name" 2>&1) && [ "${state%% (*}" = "shut off" ]; do
	tries=$((tries + 1))
	[ $tries -lt 100 ] || { echo "still '$state' 20 s after virsh shutdown"; exit 1; }
	sleep 0.2
done
echo "after virsh shutdown: $state in $(awk -v a="$t0" -v b="$(uptime_s)" 'BEGIN { printf "%.2f", b - a }') s"
[ "$state" = "shut off (shutdown)" ] || fail=1
# on_poweroff destroy: Xen no longer has the domain.
if xl list "$name" >/dev/null 2>&1; then
	echo "Xen still lists $name after on_poweroff destroy"
	fail=1
else
	echo "Xen no longer lists $name"
fi
exit $fail
