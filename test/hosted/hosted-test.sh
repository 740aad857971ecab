#!/bin/sh
# SPDX-License-Identifier: ISC
# The hosted platform (appliance.platform = linux) without a network: one
# check per call.
#
# usage: hosted-test.sh UNILINK hello|exit|fault|gdb|prune
#   hello  configs/hello built with --platform linux by `unilink run CONFIG`:
#          the greeting on stdout, status 0; the executable also runs alone
#   exit   a generic image whose main() returns exit.status, given at run
#          time (-D exit.status=42): the process exits with 42
#   fault  the boot tests fault-null, stack-overflow and seal-text built
#          for linux: the CPU exception dump of a VM, status 3
#   gdb    gdb -batch stops at a breakpoint in main of the hello executable
#          (exit 77 without gdb)
#   prune  the specialised hosted image keeps only the linux drivers and no
#          VM driver; the kvm image keeps neither the linux drivers nor the
#          hosted entry
# Prints "hosted-test WHAT: PASS" or "...: FAIL: why".
set -u
unilink=$1
what=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d /tmp/unilink-hosted.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
	echo "hosted-test $what: FAIL: $*"
	exit 1
}

build() { # CONFIG OUT [options]
	conf=$1 out=$2
	shift 2
	"$unilink" build "$conf" -q --report=none -o "$out" \
		-D appliance.platform=linux "$@" >"$tmp/build.log" 2>&1 || {
		cat "$tmp/build.log"
		fail "unilink build $conf failed"
	}
}

# check_out FILE REGEX...: every regex matches a line of FILE.
check_out() {
	f=$1
	shift
	for re in "$@"; do
		grep -Eq -- "$re" "$f" || { cat "$f"; fail "no line matches: $re"; }
	done
}

case "$what" in
hello)
	"$unilink" run "$top/configs/hello/hello.conf" --platform linux \
		--timeout 60 >"$tmp/out" 2>&1
	status=$?
	[ "$status" = 0 ] || { cat "$tmp/out"; fail "run ended with $status, expected 0"; }
	check_out "$tmp/out" '^Hello from unilink!$' '^driver stdio: console up$' \
		'^time: CLOCK_MONOTONIC from clock_gettime'
	build "$top/configs/hello/hello.conf" "$tmp/hello.elf"
	"$tmp/hello.elf" >"$tmp/alone" 2>&1 </dev/null
	status=$?
	[ "$status" = 0 ] || fail "the executable alone ended with $status"
	check_out "$tmp/alone" '^Hello from unilink!$'
	# A VM option has no meaning for a process: refused before starting.
	"$unilink" run "$tmp/hello.elf" --memory 64 >"$tmp/refused" 2>&1
	[ $? = 2 ] || fail "run --memory on a hosted image: expected status 2"
	check_out "$tmp/refused" 'a hosted image \(platform linux\) is a process'
	;;
exit)
	build "$here/exit/exit.conf" "$tmp/exit.elf" --generic
	"$unilink" run "$tmp/exit.elf" -D exit.status=42 >"$tmp/out" 2>&1
	status=$?
	[ "$status" = 42 ] || { cat "$tmp/out"; fail "expected status 42, found $status"; }
	check_out "$tmp/out" '^exit: main returns 42$'
	# A bad setting on the command line: the reader's message, status 1.
	"$tmp/exit.elf" exit.status=300 >"$tmp/bad" 2>&1 </dev/null
	status=$?
	[ "$status" = 1 ] || { cat "$tmp/bad"; fail "exit.status=300: expected status 1, found $status"; }
	check_out "$tmp/bad" 'exit\.status'
	;;
fault)
	for t in fault-null stack-overflow seal-text; do
		set --
		for f in "$top/test/boot/$t"/*.c "$top/test/boot/lib/testlib.c"; do
			set -- "$@" --source "$f"
		done
		build "$top/test/boot/$t/$t.conf" "$tmp/$t.elf" "$@"
		"$unilink" run "$tmp/$t.elf" --timeout 60 >"$tmp/$t.out" 2>&1
		status=$?
		[ "$status" = 3 ] || { cat "$tmp/$t.out"; fail "$t: expected status 3, found $status"; }
		check_out "$tmp/$t.out" \
			'^\*\*\* CPU exception: Page fault \(#PF\), vector 14' \
			'^  #0  0x[0-9a-f]+ [a-z_]+\+0x'
	done
	check_out "$tmp/fault-null.out" '^null pointer dereference: read at 0x0' \
		'U=1' '^  #1  0x[0-9a-f]+ main\+0x'
	check_out "$tmp/stack-overflow.out" \
		'^stack overflow: the boot stack ran into its guard page'
	check_out "$tmp/seal-text.out" \
		'^write to sealed text at 0x[0-9a-f]+: the image is sealed'
	;;
gdb)
	command -v gdb >/dev/null || { echo "hosted-test gdb: SKIP: no gdb"; exit 77; }
	build "$top/configs/hello/hello.conf" "$tmp/hello.elf"
	timeout 120 gdb -nx -batch -ex 'break main' -ex run -ex bt \
		-ex 'info registers rip' -ex kill "$tmp/hello.elf" \
		>"$tmp/gdb.out" 2>&1 </dev/null
	check_out "$tmp/gdb.out" '^Breakpoint 1 at 0x' \
		'^Breakpoint 1, 0x[0-9a-f]+ in main \(\)' '^#0  0x[0-9a-f]+ in main \(\)' \
		'^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <main\+'
	! grep -q '^Hello from unilink!' "$tmp/gdb.out" ||
		fail "main ran past the breakpoint"
	;;
prune)
	"$unilink" build "$top/configs/dns/dns.conf" -q --report=none -v \
		-o "$tmp/dns.elf" -D appliance.platform=linux >"$tmp/linux.log" 2>&1 ||
		{ cat "$tmp/linux.log"; fail "build for linux failed"; }
	check_out "$tmp/linux.log" '\[driver-prune\] keep stdio' \
		'\[driver-prune\] keep tap' '\[driver-prune\] remove uart' \
		'\[driver-prune\] remove virtio-net' '\[driver-prune\] remove netfront' \
		'\[driver-prune\] remove xencons'
	"$unilink" build "$top/configs/dns/dns.conf" -q --report=none -v \
		-o "$tmp/kvm.elf" >"$tmp/kvm.log" 2>&1 ||
		{ cat "$tmp/kvm.log"; fail "build for kvm failed"; }
	check_out "$tmp/kvm.log" '\[driver-prune\] remove stdio' \
		'\[driver-prune\] remove tap' \
		'\[driver-prune\] remove uni_hosted_main'
	# What the symbol tables say: no driver of the other platform. The
	# shipped files carry none; the debug files beside them do.
	nm=$(command -v llvm-nm-19 || command -v nm)
	for f in dns kvm; do
		[ -s "$tmp/$f.debug" ] || fail "no debug file $tmp/$f.debug beside $f.elf"
	done
	"$nm" "$tmp/dns.debug" >"$tmp/linux.syms"
	"$nm" "$tmp/kvm.debug" >"$tmp/kvm.syms"
	for s in tap_init stdio_init uni_hosted_main; do
		grep -q " $s\$" "$tmp/linux.syms" || fail "the linux image lacks $s"
		! grep -q " $s\$" "$tmp/kvm.syms" || fail "the kvm image has $s"
	done
	for s in vnet_init uart_init netfront_init xencons_init; do
		! grep -q " $s\$" "$tmp/linux.syms" || fail "the linux image has $s"
	done
	grep -q " vnet_init\$" "$tmp/kvm.syms" || fail "the kvm image lacks vnet_init"
	;;
*)
	fail "unknown check (expected hello, exit, fault, gdb or prune)"
	;;
esac
echo "hosted-test $what: PASS"
