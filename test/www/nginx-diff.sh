#!/bin/sh
# SPDX-License-Identifier: ISC
# The differential test against nginx: one tree (gen-diff-site.py), served
# by nginx (nginx-lib.sh's configuration, natively on loopback) and by the
# server under test, and the same raw requests to both (httpdiff.py,
# cases.py: bad request lines, dot-segments, %00, %2F, over-long targets
# and fields, HTTP/2.0, unknown methods, ranges, conditionals, HEAD,
# keep-alive, Transfer-Encoding oddities, redirects).
#
# usage: nginx-diff.sh --native SERVE      SERVE: www-serve-native, the
#                                          HTTP core on a loopback port
#        nginx-diff.sh --appliance UNILINK [--no-last-modified] [--generic]
#                      [-D SECTION.KEY=VALUE]...
#            the web appliance (configs/www) built by `unilink build` with
#            the tree as www.root, booted under QEMU on a tap in a network
#            namespace this script creates (and deletes); nginx runs on
#            that namespace's loopback, httpdiff.py inside it.
#            --no-last-modified: the image sends no Last-Modified (httpdiff.py
#            then leaves out what depends on it, and says so); --generic
#            and -D go to `unilink build` (a generic image reads its
#            settings at boot, from the command line `unilink run` gives).
# Exits 77 (skipped) without nginx, or, for --appliance, without root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/nginx-lib.sh"
. "$here/http-lib.sh"
what="nginx-diff"
mtime=1700000000 # every file's mtime: nginx's Last-Modified, and ours

[ $# -ge 2 ] || { sed -n '/^# usage:/,/^# Exits/p' "$0" >&2; exit 2; }
mode=$1 prog=$2
shift 2
diff_opts=
if [ "${1:-}" = --no-last-modified ]; then
	diff_opts=$1
	shift
fi
case " $* " in *" --generic "*) what="nginx-diff (appliance, generic)" ;; esac
case $mode in --native | --appliance) ;; *) echo "$what: unknown mode $mode" >&2; exit 2 ;; esac
what="nginx-diff (${mode#--})"
fail() { echo "$what: FAIL: $*"; exit 1; }
skip() { echo "$what: SKIP: $*"; exit 77; }
command -v nginx >/dev/null || skip "no nginx (scripts/setup.sh installs it)"

tmp=$(mktemp -d /tmp/wwwtest-diff.XXXXXX)
server_pid='' ns=''
cleanup() {
	nginx_stop
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	wait 2>/dev/null
	[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
python3 "$here/gen-diff-site.py" "$tmp/site" "$mtime" ||
	fail "could not write the tree"

if [ "$mode" = --native ]; then
	ref_port=$(free_port)
	nginx_write "$tmp/site" "127.0.0.1:$ref_port" "$tmp/nginx"
	nginx_start "$tmp/nginx"
	"$prog" -m "$mtime" 0 "$tmp/site" >"$tmp/serve.out" 2>&1 &
	server_pid=$!
	wait_http "127.0.0.1:$ref_port" 10 ||
		fail "nginx did not answer: $(cat "$tmp/nginx/error.log" "$tmp/nginx/stdout")"
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		grep -q '^ready' "$tmp/serve.out" && break
		sleep 0.2
	done
	port=$(sed -n 's/^ready //p' "$tmp/serve.out")
	[ -n "$port" ] || fail "www-serve-native did not start: $(cat "$tmp/serve.out")"
	python3 "$here/httpdiff.py" "127.0.0.1:$ref_port" "127.0.0.1:$port" \
		"$tmp/site"
	rc=$?
	kill "$server_pid" 2>/dev/null
	wait "$server_pid"
	status=$?
	server_pid=''
	[ "$rc" = 0 ] || fail "answers differ from nginx's (above)"
	[ "$status" = 0 ] || fail "www-serve-native ended with status $status"
	echo "$what: PASS"
	exit 0
fi

# --appliance: the image on a tap in a namespace.
[ "$(id -u)" = 0 ] || skip "needs root for ip netns"
command -v ip >/dev/null || skip "no ip (iproute2)"
. "$here/appliance-lib.sh"
ns=wwwtest-diff-$$
www_build "$prog" "$tmp/site" "$tmp/www.elf" "$@" ||
	fail "unilink build failed: $(tail -n 5 "$tmp/www.elf.log")"
echo "$what: image $(stat -c %s "$tmp/www.elf") bytes"
www_netns_up "$ns" || fail "could not create the namespace $ns"
www_boot "$prog" "$ns" "$tmp/www.elf" "$tmp/console" &
server_pid=$!
ref_port=$(free_port "$ns")
nginx_write "$tmp/site" "127.0.0.1:$ref_port" "$tmp/nginx"
ip netns exec "$ns" nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" \
	>"$tmp/nginx/stdout" 2>&1 &
# shellcheck disable=SC2034 # nginx_stop (nginx-lib.sh) stops it
nginx_pid=$!
wait_http "127.0.0.1:$ref_port" 10 "$ns" ||
	fail "nginx did not answer: $(cat "$tmp/nginx/error.log" "$tmp/nginx/stdout")"
wait_http "$WWW_GUEST:80" 180 "$ns" ||
	fail "the appliance did not answer within 180 s: $(tail -n 20 "$tmp/console")"
# shellcheck disable=SC2086 # $diff_opts: no word, or one
ip netns exec "$ns" python3 "$here/httpdiff.py" $diff_opts "127.0.0.1:$ref_port" \
	"$WWW_GUEST:80" "$tmp/site"
rc=$?
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=''
tr -d '\r' <"$tmp/console" | grep -v '^www: \(GET\|HEAD\) ' | tail -n 20 |
	sed 's/^/  console: /'
[ "$rc" = 0 ] || fail "answers differ from nginx's (above)"
echo "$what: PASS"
