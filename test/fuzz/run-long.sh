#!/bin/sh
# SPDX-License-Identifier: ISC
# Runs the libFuzzer targets for longer than the test suite does (which uses
# a fixed seed and run count so that CI is repeatable): a fresh seed each
# time, on a copy of the seed corpus; new inputs are kept in OUT/<target>,
# crashes are written to OUT/crash-*. Add inputs worth keeping to
# test/fuzz/corpus/<target>/ by hand (after `-merge=1` to keep it small).
#
# usage: test/fuzz/run-long.sh BUILD_DIR [SECONDS_PER_TARGET] [OUT]
set -eu
build=${1:?usage: run-long.sh BUILD_DIR [SECONDS] [OUT]}
secs=${2:-600}
out=${3:-fuzz-long}
here=$(cd "$(dirname "$0")" && pwd)
status=0

run() { # target binary max_len
	bin=$build/bin/$2
	if [ ! -x "$bin" ]; then
		echo "run-long: $bin is not built (ninja -C $build $2)" >&2
		status=1
		return
	fi
	mkdir -p "$out/$1"
	echo "run-long: $1 for $secs s"
	if ! "$bin" -max_total_time="$secs" -max_len="$3" \
		-artifact_prefix="$out/crash-$1-" "$out/$1" \
		"$here/corpus/$1" >"$out/$1.log" 2>&1; then
		echo "run-long: $1 FAILED, see $out/$1.log" >&2
		status=1
	fi
}

run dns-zone dns_fuzz_zone 4096
run dns-query dns_fuzz_query 4096
run dns-tcp dns_fuzz_tcp 8192
run net-frames net_fuzz_frames 1600
run net-tcp-wire net_fuzz_tcp_wire 1600
run net-tcp net_fuzz_tcp 4096
exit $status
