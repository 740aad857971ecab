#!/bin/sh
# signal-build.sh UNILINK CONFIG WORK SIGNAL...
# For each signal: a build of CONFIG with a private TMPDIR whose compiler
# never finishes (slow-tool.sh); once the compiler runs (so the build's
# temporary folder exists), the signal goes to unilink. Prints one line per
# signal: unilink's status, what is left in TMPDIR, whether the compiler
# still runs, and unilink's last message.
u=$1 conf=$2 work=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
for sig in "$@"; do
	rm -rf "$work/tmp" "$work/pid"
	mkdir -p "$work/tmp"
	TMPDIR=$work/tmp TEST_PIDFILE=$work/pid UNILINK_CLANG=$here/slow-tool.sh \
		"$u" build "$conf" -o "$work/sig.elf" -q --report=none \
		2>"$work/err" &
	pid=$!
	i=0
	while [ ! -s "$work/pid" ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	sleep 0.2
	# running: there and not a zombie (one that init has yet to reap)
	alive=no
	case $(ps -o stat= -p "$(cat "$work/pid")" 2>/dev/null) in
	"" | Z*) ;;
	*) alive=yes ;;
	esac
	echo "$sig: status $rc, left [$(ls "$work/tmp")], compiler running: $alive, $(tail -n 1 "$work/err")"
	kill -9 "$(cat "$work/pid")" 2>/dev/null || true
done
