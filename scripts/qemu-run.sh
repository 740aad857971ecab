#!/bin/sh
# Boot a PVH image under QEMU with the console on stdout; exit with the
# appliance's own exit status.
#
#   qemu-run.sh [--timeout S] [--append CMDLINE] [--memory MB] [--machine microvm|q35]
#               [--] IMAGE [QEMU ARGS...]
#
# microvm (the default) runs with auto-kernel-cmdline=off, so QEMU does not
# add virtio_mmio.device= words to the command line (the image probes the MMIO
# window itself, and its configuration reader refuses words it does not know),
# and with modern (virtio 1.x) virtio-mmio devices.
#
# Statuses: the appliance's status (0-127, from isa-debug-exit), 124 when the
# timeout ended the VM, 125 when the VM stopped without an exit status (a
# triple fault or a reset), 126 when QEMU itself failed.
# UNILINK_ACCEL=kvm selects KVM (default tcg); UNILINK_QEMU overrides the binary.
set -u
timeout_s=60
append=
memory=128
machine=microvm
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) timeout_s=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--memory) memory=$2; shift 2 ;;
	--machine) machine=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "qemu-run.sh: unknown option $1" >&2; exit 126 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { echo "usage: qemu-run.sh [options] IMAGE [QEMU ARGS...]" >&2; exit 126; }
image=$1
shift
[ -r "$image" ] || { echo "qemu-run.sh: cannot read image $image" >&2; exit 126; }

accel=${UNILINK_ACCEL:-tcg}
case $accel in
tcg) cpu=max ;;
kvm) cpu=host ;;
*) echo "qemu-run.sh: UNILINK_ACCEL must be tcg or kvm, not '$accel'" >&2; exit 126 ;;
esac

case $machine in
microvm) set -- -M microvm,auto-kernel-cmdline=off -global virtio-mmio.force-legacy=off "$@" ;;
q35) set -- -M q35 "$@" ;;
*) echo "qemu-run.sh: --machine must be microvm or q35, not '$machine'" >&2; exit 126 ;;
esac

timeout --foreground -k 5 "$timeout_s" "${UNILINK_QEMU:-qemu-system-x86_64}" \
	-accel "$accel" -cpu "$cpu" -m "$memory" \
	-nodefaults -no-user-config -display none -serial stdio \
	-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$image" -append "$append" "$@" </dev/null
rc=$?
case $rc in
124 | 137) echo "qemu-run.sh: the VM did not end within ${timeout_s}s" >&2; exit 124 ;;
0) echo "qemu-run.sh: the VM stopped without an exit status (reset or triple fault)" >&2; exit 125 ;;
esac
if [ $((rc % 2)) -eq 1 ]; then
	exit $((rc >> 1))
fi
echo "qemu-run.sh: QEMU failed with status $rc" >&2
exit 126
