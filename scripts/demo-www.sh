#!/bin/sh
# The web demo: install what is missing, build, then build the web
# appliance (configs/www, its site compiled in) with `unilink build`, print
# its size report (generic vs specialised), boot it under QEMU (TCG;
# UNILINK_ACCEL=kvm on hosts with real KVM) with its HTTP port forwarded
# from 127.0.0.1, wait for the first page, fetch it and its parts with
# curl, and stop the VM. UNILINK_DEMO_KEEP=1 leaves it running until ^C,
# to browse http://127.0.0.1:PORT/ meanwhile.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh"
"$top/scripts/build.sh"

out=$top/build/demo-www
mkdir -p "$out"
echo "== unilink build configs/www/www.conf (specialised, with the size report)"
"$top/build/bin/unilink" build "$top/configs/www/www.conf" -o "$out/www.elf" \
	--report=text

port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "== booting the web appliance under QEMU, tcp 127.0.0.1:$port -> 80"
# setsid: the VM (unilink run and its QEMU) is one process group to stop.
setsid "$top/build/bin/unilink" run "$out/www.elf" --timeout 900 \
	--hostfwd "tcp:127.0.0.1:$port-:80" >"$out/console.log" 2>&1 &
vm=$!
stop_vm() {
	[ -n "$vm" ] && kill -- "-$vm" 2>/dev/null
	wait "$vm" 2>/dev/null || true
	vm=
}
trap stop_vm EXIT INT TERM

url=http://127.0.0.1:$port
ready=
for i in $(seq 120); do
	if curl -fs --max-time 2 -o /dev/null "$url/"; then
		ready=1
		break
	fi
	sleep 0.5
done
tr -d '\r' <"$out/console.log"
if [ -z "$ready" ]; then
	echo "== the appliance did not answer within 60 s"
	exit 1
fi

echo "== curl -i $url/"
curl -sS -i "$url/"
echo "== the page's parts, on one connection (curl reuses it)"
curl -sS -o /dev/null -w '%{http_code} %{size_download} B %{content_type}  %{url_effective}\n' \
	"$url/css/site.css" -o /dev/null "$url/js/site.js" -o /dev/null \
	"$url/img/logo.png"
echo "== curl -sI $url/about (a folder without its slash)"
curl -sS -I "$url/about"
echo "== curl -s -o /dev/null -w ... $url/nothere"
curl -sS -o /dev/null -w '%{http_code}\n' "$url/nothere"
if [ "${UNILINK_DEMO_KEEP:-}" = 1 ]; then
	echo "== serving $url/ until ^C"
	wait "$vm" || true
fi
stop_vm
echo "== stopped the VM; the appliance was $(stat -c %s "$out/www.elf") bytes"
exit 0
