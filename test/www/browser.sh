#!/bin/sh
# SPDX-License-Identifier: ISC
# A real browser against the web server: headless Chromium loads pages of
# a small site (test/www/browser-site, completed by gen-browser-site.py:
# HTML, a style sheet with a background image, scripts with a fetch() and
# an ES module that imports another, PNG and SVG images, a gzip-compressed
# script, a page in a folder) and prints the DOM it rendered
# (--dump-dom); browser_check.py checks it, with the report that the
# page's first script writes into it: readyState, every subresource
# fetched (performance.getEntriesByType("resource"): status, sizes on
# the wire and decoded), failed loads, and what the scripts and styles
# did. Then the check of the check: broken.html names an image the tree
# does not have, and its check must fail, naming it.
#
# usage: browser.sh --appliance UNILINK [-D SECTION.KEY=VALUE]...
#            the web appliance (configs/www, the site as www.root) under
#            QEMU on a tap in a network namespace this script creates;
#            Chromium runs inside the namespace (root needed)
#        browser.sh --native SERVE   www-serve-native on loopback
#        browser.sh --nginx          nginx on loopback (the harness itself)
# Exits 77 (skipped) without chromium (scripts/setup.sh installs it), or,
# for --appliance, without root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { sed -n '/^# usage:/,/^# Exits/p' "$0" >&2; exit 2; }
mode=$1
shift
case $mode in
--appliance | --native) [ $# -ge 1 ] || exit 2; prog=$1; shift ;;
--nginx) prog= ;;
*) echo "browser: unknown mode $mode" >&2; exit 2 ;;
esac
what="browser (${mode#--})"
fail() { echo "$what: FAIL: $*"; exit 1; }
skip() { echo "$what: SKIP: $*"; exit 77; }
command -v chromium >/dev/null ||
	skip "no chromium (scripts/setup.sh installs it)"
[ "$mode" != --nginx ] || command -v nginx >/dev/null || skip "no nginx"
. "$here/nginx-lib.sh"
. "$here/http-lib.sh"

tmp=$(mktemp -d /tmp/wwwtest-browser.XXXXXX)
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
python3 "$here/gen-browser-site.py" "$here/browser-site" "$tmp/site" ||
	fail "could not write the site"

case $mode in
--nginx)
	addr=127.0.0.1:$(free_port)
	nginx_write "$tmp/site" "$addr" "$tmp/nginx"
	nginx_start "$tmp/nginx"
	wait_http "$addr" 10 || fail "nginx did not answer: $(cat "$tmp/nginx/error.log")"
	;;
--native)
	"$prog" 0 "$tmp/site" >"$tmp/serve.out" 2>&1 &
	server_pid=$!
	for _ in $(seq 50); do
		grep -q '^ready' "$tmp/serve.out" && break
		sleep 0.1
	done
	addr=127.0.0.1:$(sed -n 's/^ready //p' "$tmp/serve.out")
	wait_http "$addr" 10 || fail "www-serve-native did not answer: $(cat "$tmp/serve.out")"
	;;
--appliance)
	[ "$(id -u)" = 0 ] || skip "needs root for ip netns"
	command -v ip >/dev/null || skip "no ip (iproute2)"
	. "$here/appliance-lib.sh"
	www_build "$prog" "$tmp/site" "$tmp/www.elf" "$@" ||
		fail "unilink build failed: $(tail -n 5 "$tmp/www.elf.log")"
	echo "$what: image $(stat -c %s "$tmp/www.elf") bytes"
	ns=wwwtest-browser-$$
	www_netns_up "$ns" || fail "could not create the namespace $ns"
	www_boot "$prog" "$ns" "$tmp/www.elf" "$tmp/console" &
	server_pid=$!
	addr=$WWW_GUEST:80
	wait_http "$addr" 180 "$ns" ||
		fail "the appliance did not answer within 180 s: $(tail -n 20 "$tmp/console")"
	;;
esac

# browse PAGE: the DOM Chromium rendered from http://$addr$PAGE, in
# $tmp/dump; a fresh profile each time (nothing cached). Chromium runs as
# root here only with --no-sandbox; without a display in headless mode;
# --virtual-time-budget lets the page's timers and fetches finish before
# the DOM is printed.
browse() {
	rm -rf "$tmp/profile"
	${ns:+ip netns exec "$ns"} timeout 90 chromium --headless --no-sandbox \
		--disable-gpu --no-first-run --disable-extensions \
		--user-data-dir="$tmp/profile" --virtual-time-budget=10000 \
		--dump-dom "http://$addr$1" >"$tmp/dump" 2>"$tmp/chromium.err" ||
		fail "chromium failed on $1: $(grep -v 'dbus\|Fontconfig' \
			"$tmp/chromium.err" | tail -n 5)"
}

for page in / /about/; do
	browse "$page"
	python3 "$here/browser_check.py" "$page" "$tmp/dump" "$tmp/site" ||
		fail "the page $page did not render as expected (above)"
done
browse /broken.html
python3 "$here/browser_check.py" /broken.html "$tmp/dump" "$tmp/site" \
	>"$tmp/broken.out"
rc=$?
sed 's/^/  (expected) /' "$tmp/broken.out"
[ "$rc" = 1 ] && grep -q 'failed to load: /img/missing.png' "$tmp/broken.out" ||
	fail "the check did not see the missing image of broken.html"
echo "$what: PASS"
