#!/bin/sh
# Boot one test image with `unilink run` and check it against its expect
# file.
#
#   run-boot-test.sh UNILINK IMAGE EXPECT
#
# EXPECT holds lines "key: value":
#   cmdline: WORDS     the PVH command line (optional; it replaces the
#                      image's own, so the image must be generic)
#   status: N          the appliance's exit status (required)
#   output: REGEX      an extended regex some console line must match
#   absent: REGEX      an extended regex no console line may match
#   timeout: SECONDS   default 30
#   qemuargs: WORDS    extra QEMU arguments (devices, -netdev), split at
#                      blanks; with a -netdev, run adds no network device
#   machine: NAME      microvm (default) or q35
#   result: SUCCESS    the one "Test result:" line the test must print
# The accelerator is TCG unless UNILINK_ACCEL=kvm (for hosts with real KVM).
# The VM's memory is the image's (appliance.memory of the test's NAME.conf).
set -u
unilink=$1
image=$2
expect=$3

field() { sed -n "s/^$1: //p" "$expect"; }

cmdline=$(field cmdline)
want_status=$(field status)
timeout_s=$(field timeout)
: "${timeout_s:=30}"
want_result=$(field result)
qemuargs=$(field qemuargs)
machine=$(field machine)
: "${machine:=microvm}"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# shellcheck disable=SC2086 # qemuargs: words split at blanks
"$unilink" run "$image" --timeout "$timeout_s" --append "$cmdline" \
	--machine "$machine" -- $qemuargs >"$log" 2>&1
status=$?
cat "$log"

fail() {
	echo "boot test $(basename "$(dirname "$expect")"): $*"
	echo "Test result: FAILURE"
	exit 1
}

[ "$status" = "$want_status" ] ||
	fail "expected exit status $want_status, the VM ended with $status"

if [ -n "$want_result" ]; then
	n=$(grep -c '^Test result: ' "$log")
	[ "$n" = 1 ] || fail "expected one 'Test result:' line, found $n"
	grep -q "^Test result: $want_result" "$log" ||
		fail "expected 'Test result: $want_result', found '$(grep '^Test result: ' "$log")'"
fi

field output | while IFS= read -r re; do
	grep -Eq -- "$re" "$log" || { echo "missing output matching: $re"; exit 1; }
done || fail "console output is missing an expected line"

field absent | while IFS= read -r re; do
	! grep -Eq -- "$re" "$log" || { echo "unexpected output matching: $re"; exit 1; }
done || fail "console output has a line it must not have"

exit 0
