#!/bin/sh
# The demo: install what is missing, build, then build the DNS appliance
# (configs/dns, specialised) with `unilink build`, print its size report
# (generic vs specialised), boot it under QEMU (TCG; UNILINK_ACCEL=kvm on
# hosts with real KVM) with its DNS port forwarded from 127.0.0.1, wait
# for a real answer, ask it a few questions with dig, and stop the VM.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh"
"$top/scripts/build.sh"

out=$top/build/demo
mkdir -p "$out"
echo "== unilink build configs/dns/dns.conf (specialised, with the size report)"
"$top/build/bin/unilink" build "$top/configs/dns/dns.conf" -o "$out/dns.elf" \
	--report=text

port=$(python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
echo "== booting the DNS appliance under QEMU, udp 127.0.0.1:$port -> 53"
# setsid: the VM (unilink run and its QEMU) is one process group to stop.
setsid "$top/build/bin/unilink" run "$out/dns.elf" --timeout 300 \
	--hostfwd "udp:127.0.0.1:$port-:53" >"$out/console.log" 2>&1 &
vm=$!
stop_vm() {
	[ -n "$vm" ] && kill -- "-$vm" 2>/dev/null
	wait "$vm" 2>/dev/null || true
	vm=
}
trap stop_vm EXIT INT TERM

# dig +short prints ";; connection timed out" on stdout: wait for the SOA.
ready=
for i in $(seq 120); do
	if dig @127.0.0.1 -p "$port" +short +time=1 +tries=1 example.com SOA |
		grep -q hostmaster; then
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

ask() {
	echo "== dig $*"
	dig @127.0.0.1 -p "$port" +norec +nocmd +nostats +noquestion "$@" |
		grep -v '^;; \(Got answer\|OPT PSEUDOSECTION\)\|^; EDNS\|^$' || true
}
ask example.com SOA
ask www.example.com A
ask example.com MX
ask -x 192.0.2.80
ask nothere.example.com A
ask host.sub.example.com A

stop_vm
echo "== stopped the VM; the appliance was $(stat -c %s "$out/dns.elf") bytes"
exit 0
