#!/bin/sh
# SPDX-License-Identifier: ISC
# Run guests on Xen through xen-run.sh and check the run against an expect
# file (the format of test/boot/run-boot-test.sh, for the whole run):
#
#   run-xen-test.sh EXPECT [xen-run.sh ARGUMENTS...]
#
#   status: N          xen-run.sh's exit status: the first guest's (required)
#   output: REGEX      an extended regex some line of the output must match
#   absent: REGEX      an extended regex no line may match
#   count: N REGEX     exactly N lines must match REGEX
#   console: REGEX     a line of a guest's PV console log must match (not
#                      its port 0xe9 output, which xen-run.sh prints apart)
#   timeout: SECONDS   bound of the whole run (default 300)
# A run that cannot fetch the hypervisor packages fails, it never skips.
set -u
here=$(cd "$(dirname "$0")" && pwd)
expect=$1
shift
name=$(basename "$expect" .expect)

field() { sed -n "s/^$1: //p" "$expect"; }

want_status=$(field status)
timeout_s=$(field timeout)
: "${timeout_s:=300}"
[ -n "$want_status" ] || { echo "$expect: no status line"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log" "$log.console"' EXIT
"$here/xen-run.sh" --timeout "$timeout_s" "$@" >"$log" 2>&1
status=$?
cat "$log"

fail() {
	echo "xen test $name: $*"
	echo "Test result: FAILURE"
	exit 1
}

[ "$status" = "$want_status" ] ||
	fail "expected exit status $want_status, xen-run.sh ended with $status"

field output | while IFS= read -r re; do
	grep -Eq -- "$re" "$log" || { echo "missing output matching: $re"; exit 1; }
done || fail "the output is missing an expected line"

field absent | while IFS= read -r re; do
	! grep -Eq -- "$re" "$log" || { echo "unexpected output matching: $re"; exit 1; }
done || fail "the output has a line it must not have"

field count | while read -r n re; do
	found=$(grep -Ec -- "$re" "$log")
	[ "$found" = "$n" ] || { echo "expected $n lines matching $re, found $found"; exit 1; }
done || fail "a line appears a wrong number of times"

sed -n '/^xen-run: ----- console of /,/^xen-run: ----- end of console of /p' \
	"$log" >"$log.console"
field console | while IFS= read -r re; do
	grep -Eq -- "$re" "$log.console" || { echo "no PV console line matching: $re"; exit 1; }
done || fail "a guest's PV console log is missing an expected line"

echo "Test result: SUCCESS"
