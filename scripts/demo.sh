#!/bin/sh
# The demo: install what is missing, build, boot the hello appliance under
# QEMU (TCG; UNILINK_ACCEL=kvm on hosts with real KVM) and show its output.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh"
"$top/scripts/build.sh"
echo "== booting configs/hello under QEMU"
status=0
"$top/scripts/qemu-run.sh" --timeout 30 "$top/build/configs/hello.elf" || status=$?
echo "== hello exited with status $status"
exit $status
