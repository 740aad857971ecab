#!/bin/busybox sh
# SPDX-License-Identifier: ISC
# /init of the harness's dom0: bring up the Xen toolstack, create each guest
# listed in /guests/list (one name a line, NAME.cfg beside it: xl create;
# or NAME.xml: a libvirt domain, `virsh define` and `virsh start` through
# libvirtd's libxl driver, started at the first such guest) one after the
# other, wait for it to end, print its console log and its exit reason, then
# end QEMU through isa-debug-exit with the first guest's status:
#   0 poweroff, 2 reboot, 3 crash, 4 watchdog, 124 guest timeout,
#   125 toolstack failure, 126 xl create failed.
# dom0 has bridges xenbr0, 10.0.3.1/24, and xenbr1, 10.0.4.1/24, that
# guests' vifs join (bridge= in a vif's spec; xenbr0 by default), and a
# DHCP server (busybox udhcpd) on xenbr0 that leases 10.0.3.100-199.
# Optional NAME.dom0.sh runs in dom0 while guest NAME is up (a peer for it),
# for at most the guest timeout;
# its status is reported and a failure turns a poweroff into status 5;
# XENRUN_CREATE_UPTIME in its environment is dom0's uptime at `xl create`.
# Kernel command line: xenrun.timeout=S bounds each guest (default 60).
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin:/usr/lib/xen-4.17/bin
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu

stamp() {
	read -r up _ </proc/uptime
	echo "xen-run: [dom0 ${up}s] $*"
}

# End QEMU with status $1 (it exits with ($1 << 1) | 1).
finish() {
	stamp "finish $1"
	printf "\\$(printf %o "$1")" | dd of=/dev/port bs=1 seek=244 count=1 \
		conv=notrunc 2>/dev/null
	sleep 5
	echo "xen-run: isa-debug-exit did not end QEMU" >&2
	poweroff -f
}

# Run "$@" for at most $1 seconds; report a timeout by name.
bounded() {
	local s=$1
	shift
	timeout "$s" "$@"
	local rc=$?
	[ $rc -eq 143 ] && echo "xen-run: '$*' did not finish within ${s}s"
	return $rc
}

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
mkdir -p /run/xenstored /run/xen /var/log/xen/console /dev/pts
mount -t devpts devpts /dev/pts # xenconsoled gives each guest a pty
guest_timeout=60
for w in $(cat /proc/cmdline); do
	case $w in xenrun.timeout=*) guest_timeout=${w#*=} ;; esac
done
stamp "init"

while read -r m; do
	insmod "/lib/modules/$m" || stamp "insmod $m failed"
done </lib/modules/load-order
mount -t xenfs xenfs /proc/xen || finish 125

xenstored --pid-file=/run/xenstored.pid || { stamp "xenstored failed"; finish 125; }
bounded 20 xen-init-dom0 || { stamp "xen-init-dom0 failed"; finish 125; }
xenconsoled --log=guest --log-dir=/var/log/xen/console ||
	{ stamp "xenconsoled failed"; finish 125; }
bounded 20 xl info >/run/xl-info || { stamp "xl info failed"; finish 125; }
stamp "toolstack up"

# The guests' network: vif-unilink plugs each vif into its bridge.
ip link set lo up
brctl addbr xenbr0 && ip addr add 10.0.3.1/24 dev xenbr0 &&
	ip link set xenbr0 up || stamp "cannot set up the bridge xenbr0"
brctl addbr xenbr1 && ip addr add 10.0.4.1/24 dev xenbr1 &&
	ip link set xenbr1 up || stamp "cannot set up the bridge xenbr1"
# A DHCP server on xenbr0 (10.0.3.100-199), as a Xen host's bridge often
# has one: guests built with net0.dhcp = true lease there. The leases are
# written every second to /run/udhcpd.leases (dumpleases -f reads them).
cat >/run/udhcpd.conf <<EOF
start 10.0.3.100
end 10.0.3.199
interface xenbr0
lease_file /run/udhcpd.leases
auto_time 1
option subnet 255.255.255.0
option lease 600
EOF
touch /run/udhcpd.leases
udhcpd -S /run/udhcpd.conf || stamp "cannot start udhcpd on xenbr0"

# The xl state flags and shutdown reason of domain $1: "r----- -".
domain_state() {
	xl list -v "$1" 2>/dev/null | awk 'NR == 2 { print $5, $8 }'
}

# Wait until domain $1 has shut down or crashed; print the reason code.
wait_domain() {
	local t=0 st
	while [ "$t" -lt $((guest_timeout * 5)) ]; do
		st=$(domain_state "$1")
		case ${st%% *} in
		*s* | *c*) echo "${st##* }"; return 0 ;;
		"") echo gone; return 0 ;;
		esac
		sleep 0.2
		t=$((t + 1))
	done
	echo timeout
}

# The same for a libvirt domain, whose on_poweroff/on_crash may destroy
# it: libvirt keeps why it stopped ("shut off (shutdown)"), mapped to xl's
# reason codes.
wait_libvirt_domain() {
	local t=0 st
	while [ "$t" -lt $((guest_timeout * 5)) ]; do
		st=$(virsh domstate --reason "$1" 2>/dev/null)
		case $st in
		"shut off (shutdown)") echo 0; return 0 ;;
		"shut off (crashed)" | "crashed"*) echo 3; return 0 ;;
		"shut off"* | "") echo "${st:-gone}" | tr ' ' _; return 0 ;;
		esac
		sleep 0.2
		t=$((t + 1))
	done
	echo timeout
}

# Map a reason code to the status and the word the host script reports.
reason_status() {
	case $1 in
	0) echo "0 poweroff" ;;
	1) echo "2 reboot" ;;
	3) echo "3 crash" ;;
	4) echo "4 watchdog" ;;
	timeout) echo "124 timeout" ;;
	*) echo "3 unknown($1)" ;;
	esac
}

# libvirtd with its libxl driver (xen-run.sh adds it to dom0 when a guest
# comes with a libvirt domain), started once, at the first such guest;
# bounded like xl, its log printed when it does not answer.
libvirtd_up=
start_libvirtd() {
	local t0 up
	[ -n "$libvirtd_up" ] && return 0
	stamp "start libvirtd"
	read -r t0 _ </proc/uptime
	mkdir -p /run/libvirt /var/log/libvirt
	/usr/sbin/libvirtd >/run/libvirtd.out 2>&1 &
	until timeout 10 virsh -c xen:///system version >/run/virsh-version 2>&1; do
		read -r up _ </proc/uptime
		[ "${up%.*}" -lt $((${t0%.*} + 90)) ] || {
			stamp "libvirtd did not answer within 90 s; virsh said:"
			cat /run/virsh-version
			echo "xen-run: libvirtd's output and the end of its log:"
			cat /run/libvirtd.out
			tail -n 80 /var/log/libvirt/libvirtd.log
			return 1
		}
		sleep 0.1
	done
	sed 's/^/xen-run: /' /run/virsh-version
	read -r up _ </proc/uptime
	echo "xen-run: libvirtd up in $(awk -v a="$t0" -v b="$up" 'BEGIN { printf "%.2f", b - a }') s"
	stamp "libvirtd up"
	libvirtd_up=1
}

# Create guest $1 with xl, or with virsh from its libvirt domain
# (/guests/$1.xml); set name and domid (run_guest's). Status 0, 125 when
# libvirtd does not come up, 126 when the creation fails.
create_guest() {
	local g=$1
	if [ -f "/guests/$g.xml" ]; then
		name=$(sed -n 's|^ *<name>\(.*\)</name>$|\1|p' "/guests/$g.xml")
		start_libvirtd || return 125
		stamp "create $g ($name) with virsh"
		read -r XENRUN_CREATE_UPTIME _ </proc/uptime
		bounded 30 virsh define "/guests/$g.xml" >/run/create.log 2>&1 &&
			bounded 60 virsh start "$name" >>/run/create.log 2>&1 ||
			return 126
		domid=$(virsh domid "$name")
		return 0
	fi
	name=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "/guests/$g.cfg")
	stamp "create $g ($name)"
	read -r XENRUN_CREATE_UPTIME _ </proc/uptime
	bounded 30 xl create "/guests/$g.cfg" >/run/create.log 2>&1 || return 126
	domid=$(xl domid "$name")
}

# Create guest $1, wait for it, report it; print its status last.
run_guest() {
	local g=$1 name domid code rs rc hook=none
	create_guest "$g"
	rc=$?
	export XENRUN_CREATE_UPTIME
	if [ $rc -ne 0 ]; then
		cat /run/create.log
		echo "xen-run: guest $g ($name): creation failed, status $rc"
		return $rc
	fi
	stamp "created $g as domain $domid"
	if [ -x "/guests/$g.dom0.sh" ]; then
		hook=failed
		{ (cd /guests && timeout "$guest_timeout" "./$g.dom0.sh" \
			"$name" "$domid") && echo ok >/run/hook; } 2>&1 |
			sed "s/^/xen-run: dom0 script: /"
		[ -f /run/hook ] && hook=ok && rm /run/hook
		stamp "dom0 script of $g: $hook"
	fi
	if [ -f "/guests/$g.xml" ]; then
		code=$(wait_libvirt_domain "$name")
	else
		code=$(wait_domain "$name")
	fi
	stamp "guest $g ended: $code"
	sleep 0.3 # let xenconsoled drain the ring
	echo "xen-run: ----- console of $g ($name) -----"
	cat "/var/log/xen/console/guest-$name.log" 2>/dev/null
	echo "xen-run: ----- end of console of $g -----"
	echo "xen-run: ----- port 0xe9 of $g (xl dmesg) -----"
	xl dmesg | sed -n "s/^(XEN) \[[^]]*\] (d$domid) //p; s/^(d$domid) //p"
	echo "xen-run: ----- end of port 0xe9 of $g -----"
	if [ -f "/guests/$g.xml" ]; then
		bounded 20 virsh destroy "$name" >/dev/null 2>&1
		bounded 20 virsh undefine "$name" >/dev/null 2>&1
	else
		bounded 20 xl destroy "$name" >/dev/null 2>&1
	fi
	rs=$(reason_status "$code")
	if [ "$hook" = failed ] && [ "${rs%% *}" -eq 0 ]; then
		rs="5 poweroff-but-dom0-script-failed"
	fi
	echo "xen-run: guest $g ($name): ${rs#* }, status ${rs%% *}"
	return "${rs%% *}"
}

first=
for g in $(cat /guests/list); do
	run_guest "$g"
	rc=$?
	[ -z "$first" ] && first=$rc
done
[ -z "$first" ] && { stamp "no guests in /guests/list"; first=126; }
finish "$first"
