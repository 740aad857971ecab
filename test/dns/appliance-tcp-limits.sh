#!/bin/sh
# SPDX-License-Identifier: ISC
# The limits of the DNS appliance's TCP service under QEMU (tcp_limits.py):
# built with dns.tcp_max_connections = 4 and dns.tcp_idle_ms = 1000, a
# fifth connection is closed unanswered, idle connections are closed after
# the timeout (200 ms while the pool is more than half busy), pipelined
# queries that the client reads late are all answered in order; the
# counters then say so.
#
# usage: appliance-tcp-limits.sh UNILINK
# Prints "appliance-tcp-limits: PASS" or "...: FAIL: why".
set -u
unilink=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
what=appliance-tcp-limits
. "$here/appliance-lib.sh"

app_tmp
app_build -D dns.tcp_max_connections=4 -D dns.tcp_idle_ms=1000
app_boot
app_wait_ready 180 || { app_quit; cat "$tmp/console"; fail "no answer within 180 s"; }
python3 "$here/tcp_limits.py" "$port"
rc=$?
app_quit
grep -E '^dns\.tcp_' "$tmp/console"
[ "$rc" = 0 ] || fail "a check failed (above)"
[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
[ "$(app_counter tcp_refused_full)" = 1 ] ||
	fail "dns.tcp_refused_full is $(app_counter tcp_refused_full), expected 1"
[ "$(app_counter tcp_closed_idle)" -ge 2 ] ||
	fail "dns.tcp_closed_idle is $(app_counter tcp_closed_idle), expected 2 or more"
echo "$what: PASS"
