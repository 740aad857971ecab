#!/bin/bash
# SPDX-License-Identifier: ISC
# Boot Debian's Xen 4.17 once under QEMU TCG, with a small dom0 that runs
# each given PVH image as a guest (`xl create`, one after the other), and
# print each guest's console, its port 0xe9 output and its exit reason.
#
#   xen-run.sh [options] IMAGE [XL-CFG | LIBVIRT-XML] [--dom0-script FILE] [IMAGE ...]
#
#   --timeout S         bound the whole run (default 300)
#   --guest-timeout S   bound each guest once created (default 60)
#   --log FILE          keep the whole serial log there (default: a temp file)
#   --verbose           stream the whole serial log (Xen, dom0) to stdout
#   XL-CFG              an xl config for the preceding image (a name ending in
#                       .cfg); its kernel and on_* lines are replaced
#   LIBVIRT-XML         a libvirt domain for the preceding image (a name
#                       ending in .xml, as NAME.libvirt.xml that unilink
#                       writes): dom0 runs libvirtd with its libxl driver
#                       (build-libvirt.sh's archive is added to dom0) and
#                       creates the guest with virsh define and virsh start;
#                       only <kernel> is replaced, on_* are kept (libvirt
#                       remembers why a destroyed domain stopped)
#   --dom0-script FILE  a script dom0 runs while the preceding image is up,
#                       as "FILE NAME DOMID" (a peer: ping, dig, ...)
#   --disk FILE         a copy of FILE (small: it lives in dom0's RAM) is the
#                       preceding image's disk: the target of its XL-CFG's
#                       disk line, or xvda when it has none
#   --file FILE         a copy of FILE in dom0's /guests, under its own name,
#                       for a dom0 script (another appliance's image and xl
#                       config, which the script creates itself)
#
# Exit status: the first guest's: 0 poweroff, 2 reboot, 3 crash, 4 watchdog,
# 5 poweroff but its dom0 script failed, 124 a timeout, 125 the toolstack did
# not come up, 126 the harness failed (packages, xl create, QEMU).
# UNILINK_XEN_CACHE: the package cache (see fetch.sh); UNILINK_QEMU: QEMU.
set -u
here=$(cd "$(dirname "$0")" && pwd)
timeout_s=300
guest_timeout=60
log=
verbose=0
images=() cfgs=() xmls=() scripts=() disks=() files=()

die() {
	echo "xen-run: $*" >&2
	exit 126
}

while [ $# -gt 0 ]; do
	case $1 in
	--timeout) timeout_s=$2; shift 2 ;;
	--guest-timeout) guest_timeout=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--verbose) verbose=1; shift ;;
	--dom0-script)
		[ ${#images[@]} -gt 0 ] || die "--dom0-script must follow an IMAGE"
		scripts[${#images[@]} - 1]=$2
		shift 2 ;;
	--disk)
		[ ${#images[@]} -gt 0 ] || die "--disk must follow an IMAGE"
		disks[${#images[@]} - 1]=$2
		shift 2 ;;
	--file) files+=("$2"); shift 2 ;;
	-*) die "unknown option $1" ;;
	*.cfg)
		[ ${#images[@]} -gt 0 ] || die "an XL-CFG ($1) must follow an IMAGE"
		cfgs[${#images[@]} - 1]=$1
		shift ;;
	*.xml)
		[ ${#images[@]} -gt 0 ] || die "a LIBVIRT-XML ($1) must follow an IMAGE"
		xmls[${#images[@]} - 1]=$1
		shift ;;
	*) images+=("$1"); shift ;;
	esac
done
[ ${#images[@]} -gt 0 ] || die "usage: xen-run.sh [options] IMAGE [XL-CFG]..."

# Runs in parallel (ctest -j) share the cache: one fetches and builds at a time.
lock=${UNILINK_XEN_CACHE:-${HOME:-/root}/.cache/unilink-xen}.lock
mkdir -p "$(dirname "$lock")"
exec 9>"$lock"
flock 9
cache=$("$here/fetch.sh") || die "cannot fetch the hypervisor packages: the Xen run cannot happen"
boot=$cache/boot
"$here/build-dom0.sh" "$boot" || die "cannot build dom0 in $boot"
archives=("$boot/dom0.cpio.gz")
if [ ${#xmls[@]} -gt 0 ]; then
	"$here/build-libvirt.sh" "$boot" || die "cannot build dom0's libvirt in $boot"
	archives+=("$boot/libvirt.cpio.gz")
fi
flock -u 9
case $boot in *,*) die "QEMU splits -initrd on commas: $boot has one" ;; esac

work=$(mktemp -d /tmp/xen-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -n "$log" ] || log=$work/serial.log
mkdir -p "$work/root/guests"

# The xl config of guest $1: the user's lines minus the ones we own.
write_cfg() {
	local n=$1 cfg=${cfgs[$1]:-}
	{
		if [ -n "$cfg" ]; then
			grep -v -E '^[[:space:]]*(kernel|on_poweroff|on_crash|on_reboot|on_watchdog)[[:space:]]*=' "$cfg"
		fi
		grep -q -E '^[[:space:]]*name[[:space:]]*=' "${cfg:-/dev/null}" ||
			echo "name = \"guest$n\""
		grep -q -E '^[[:space:]]*type[[:space:]]*=' "${cfg:-/dev/null}" ||
			echo 'type = "pvh"'
		grep -q -E '^[[:space:]]*memory[[:space:]]*=' "${cfg:-/dev/null}" ||
			echo 'memory = 32'
		echo "kernel = \"/guests/$n.elf\""
		echo 'on_poweroff = "preserve"'
		echo 'on_crash = "preserve"'
		echo 'on_reboot = "preserve"'
		echo 'on_watchdog = "preserve"'
	} >"$work/root/guests/$n.cfg"
	[ -n "${disks[$n]:-}" ] && attach_disk "$n"
	return 0
}

# The libvirt domain of guest $1: the user's, its kernel in /guests.
write_xml() {
	local n=$1 xml=${xmls[$1]}
	[ -r "$xml" ] || die "cannot read $xml"
	grep -q '<kernel>.*</kernel>' "$xml" || die "$xml: expected a <kernel> element, found none"
	grep -q '^ *<name>.*</name>$' "$xml" || die "$xml: expected a <name> element on a line of its own, found none"
	sed "s|<kernel>.*</kernel>|<kernel>/guests/$n.elf</kernel>|" "$xml" \
		>"$work/root/guests/$n.xml"
	[ -z "${disks[$n]:-}" ] || die "--disk is for guests with an xl config"
}

# Point guest $1's disk line at its copy of the --disk file, or add one.
attach_disk() {
	local n=$1 cfg=$work/root/guests/$1.cfg
	local target="script=block,target=/guests/$n.disk"
	cp "${disks[$n]}" "$work/root/guests/$n.disk" || die "cannot read ${disks[$n]}"
	if grep -q -E '^[[:space:]]*disk[[:space:]]*=' "$cfg"; then
		sed -i -E "/^[[:space:]]*disk[[:space:]]*=/s|target=[^,'\"]*|$target|" "$cfg"
	else
		echo "disk = [ 'format=raw,vdev=xvda,access=rw,$target' ]" >>"$cfg"
	fi
}

for i in "${!images[@]}"; do
	[ -r "${images[$i]}" ] || die "cannot read image ${images[$i]}"
	[ -z "${cfgs[$i]:-}" ] || [ -r "${cfgs[$i]}" ] || die "cannot read ${cfgs[$i]}"
	cp "${images[$i]}" "$work/root/guests/$i.elf"
	if [ -n "${xmls[$i]:-}" ]; then
		write_xml "$i"
	else
		write_cfg "$i"
	fi
	if [ -n "${scripts[$i]:-}" ]; then
		cp "${scripts[$i]}" "$work/root/guests/$i.dom0.sh" || die "cannot read ${scripts[$i]}"
		chmod 755 "$work/root/guests/$i.dom0.sh"
	fi
	echo "$i" >>"$work/root/guests/list"
done
for f in "${files[@]}"; do
	cp "$f" "$work/root/guests/" || die "cannot read $f"
done
(cd "$work/root" && find . | "$cache/root/bin/busybox" cpio -o -H newc -R 0:0 2>/dev/null) |
	gzip -1 >"$work/guests.cpio.gz"
# Linux unpacks concatenated (compressed) cpio archives one after the other.
cat "${archives[@]}" "$work/guests.cpio.gz" >"$work/initrd.gz"

xen_cmdline="console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"
xen_cmdline="$xen_cmdline dom0_mem=512M,max:512M dom0_max_vcpus=1 noreboot"
dom0_cmdline="console=hvc0 earlyprintk=xen quiet xenrun.timeout=$guest_timeout"

# Timestamp each serial line (seconds since QEMU started) into the log;
# show the harness's own lines, or everything with --verbose.
declare -A seen
filter() {
	local line
	t0=$EPOCHREALTIME show=$verbose
	: >"$log"
	while IFS= read -r line; do
		line=${line//$'\r'/}
		# Xen prints a guest's port 0xe9 line "(dN) ..." into the
		# middle of a dom0 line: give it a line of its own.
		if [[ $line =~ ^(.+)(\(d[0-9]+\) .*)$ ]]; then
			show_line "${BASH_REMATCH[2]}"
			line=${BASH_REMATCH[1]}
		fi
		show_line "$line"
	done
}

# Log, time and maybe show one serial line.
show_line() {
	local line=$1 t
	t=$(((${EPOCHREALTIME/./} - ${t0/./}) / 100000))
	t=$((t / 10)).$((t % 10))
	echo "[$t] $line" >>"$log"
	milestone "$t" "$line"
	fatal "$line"
	case $line in
	"xen-run: ----- "*) [ "$verbose" = 1 ] || show=$((1 - show)); echo "$line" ;;
	xen-run:*) echo "$line" ;;
	*) [ "$show" = 1 ] && echo "$line" ;;
	esac
	return 0
}

# Xen or dom0 died: nothing more will happen, stop QEMU now.
fatal() {
	case $1 in
	*"Hardware Dom0 crashed"* | *"Panic on CPU"* | *"Kernel panic - not syncing"*)
		echo "xen-run: fatal: $1" >&2
		echo "fatal" >"$work/fatal"
		kill -TERM "$qpid" 2>/dev/null
		;;
	esac
}

# Record the first time each boot milestone appears.
milestone() {
	local key=
	case $2 in
	*"Xen version "*) key="Xen banner" ;;
	*"Scrubbing Free RAM"* | *"Freed "*"init memory"*) key="dom0 kernel starts" ;;
	*"xen-run: [dom0"*"] init") key="dom0 /init" ;;
	*"toolstack up") key="toolstack up" ;;
	*"] start libvirtd") key="libvirtd starts" ;;
	*"] libvirtd up") key="libvirtd up" ;;
	*"xen-run: [dom0"*"] create "*)
		key=${2#*] create }
		key="xl create guest ${key%% *}" ;;
	*"xen-run: [dom0"*"] guest "*" ended"*)
		key=${2#*] guest }
		key="guest ${key%% *} done" ;;
	*"] finish "*) key="dom0 finished" ;;
	esac
	[ -n "$key" ] && [ -z "${seen[$key]:-}" ] && seen[$key]=$1 &&
		echo "$key $1" >>"$work/timeline"
	return 0
}

# A signal to the harness (`unilink run` stopped, Ctrl-C) ends QEMU too:
# timeout runs it in a process group of its own, out of reach of a signal
# sent to ours; timeout passes the signal on to QEMU.
qpid=
stop() {
	[ -n "$qpid" ] && kill -TERM "$qpid" 2>/dev/null && wait "$qpid"
	echo "xen-run: stopped by signal $1" >&2
	exit $((128 + $1))
}
trap 'stop 1' HUP
trap 'stop 2' INT
trap 'stop 3' QUIT
trap 'stop 15' TERM

mkfifo "$work/serial"
timeout -k 5 "$timeout_s" "${UNILINK_QEMU:-qemu-system-x86_64}" \
	-accel tcg -cpu max -M q35 -m 2048 -smp 2 \
	-nodefaults -no-user-config -display none -serial stdio -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$boot/xen" -append "$xen_cmdline" \
	-initrd "$boot/vmlinux $dom0_cmdline,$work/initrd.gz" \
	</dev/null >"$work/serial" 2>&1 &
qpid=$!
filter <"$work/serial"
wait "$qpid"
rc=$?

echo "xen-run: timeline (seconds after QEMU started):"
[ -f "$work/timeline" ] && sed 's/^\(.*\) \([0-9.]*\)$/xen-run:   \2  \1/' "$work/timeline"
show_tail() {
	echo "xen-run: last lines of the serial log ($log):"
	tail -n 40 "$log" | sed 's/^/  /'
}
if [ -f "$work/fatal" ]; then
	echo "xen-run: Xen or dom0 crashed: the guests could not run" >&2
	show_tail
	exit 125
fi
case $rc in
124 | 137) echo "xen-run: the run did not end within ${timeout_s}s" >&2; show_tail; exit 124 ;;
0) echo "xen-run: QEMU stopped without an exit status (Xen or dom0 rebooted or halted)" >&2; show_tail; exit 126 ;;
esac
if [ $((rc % 2)) -eq 1 ]; then
	status=$((rc >> 1))
	[ $status -ge 124 ] && show_tail
	exit $status
fi
echo "xen-run: QEMU failed with status $rc" >&2
show_tail
exit 126
