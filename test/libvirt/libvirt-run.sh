#!/bin/bash
# SPDX-License-Identifier: ISC
# Appliances under Debian's libvirt, from the NAME.libvirt.xml that
# `unilink build` writes beside each image (issue 14):
#
#   libvirt-run.sh DNS-IMAGE [WWW-IMAGE [SECONDARY-IMAGE]]
#
# In private mount and network namespaces (nothing of the host's libvirt,
# network or firewall is touched; everything ends with the namespaces), the
# test starts its own libvirtd, creates an isolated libvirt network named
# 'default' (the network the XML names; no forwarding, DHCP by libvirt's
# dnsmasq), defines each domain from its XML as it is (type 'qemu': TCG),
# starts them, finds each address in the network's DHCP leases, queries
# the DNS appliance with dig (and the web appliance with curl) from the
# host's side of the bridge, then `virsh shutdown` each: the appliance
# must power off by itself (ACPI power button, then ACPI S5), which libvirt
# reports as "shut off (shutdown)", not "(destroyed)".
# Each image is built with net0.dhcp = true, but the third: a DNS
# secondary (static 192.168.150.3, domain dns2) whose primary is the first
# appliance at 192.168.150.2, which the network's DHCP server gives it by a
# host entry for its MAC (virsh net-update). The secondary transfers the
# zones from the first appliance (guest to guest over the bridge), and the
# host compares its answers with the primary's.
set -u
here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" != --inside ]; then
	[ $# -ge 1 ] || { echo "usage: libvirt-run.sh DNS-IMAGE [WWW-IMAGE [SECONDARY-IMAGE]]" >&2; exit 2; }
	for img in "$@"; do
		[ -r "${img%.elf}.libvirt.xml" ] ||
			{ echo "libvirt: no ${img%.elf}.libvirt.xml beside $img" >&2; exit 1; }
	done
	if ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null; then
		echo "libvirt: libvirtd and virsh are missing (scripts/setup.sh installs them)" >&2
		exit 1
	fi
	exec timeout -k 5 170 unshare --mount --net --propagation private \
		"$here/libvirt-run.sh" --inside "$@"
fi
shift

work=$(mktemp -d /tmp/libvirt-deploy.XXXXXX)
pid=
cleanup() {
	virsh list --all --name 2>/dev/null | while read -r d; do
		[ -n "$d" ] && virsh destroy "$d" >/dev/null 2>&1
	done
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	sleep 0.5
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	echo "libvirt: FAIL: $*"
	echo "--- libvirtd log (last lines) ---"
	tail -n 20 "$work/libvirtd.log" 2>/dev/null
	for f in /var/log/libvirt/qemu/*.log "$work"/*.console; do
		[ -f "$f" ] && { echo "--- $f ---"; tail -n 20 "$f"; }
	done
	exit 1
}

# libvirt's folders, private to this mount namespace.
ip link set lo up
mkdir -p "$work/etc/qemu/networks" "$work/run" "$work/lib" "$work/cache" "$work/log"
cat >"$work/etc/libvirtd.conf" <<'EOF'
unix_sock_group = "root"
unix_sock_rw_perms = "0700"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_outputs = "3:stderr"
EOF
# No cgroups, namespaces, SELinux/AppArmor or virtlogd: the test runs
# where none of them may be available.
cat >"$work/etc/qemu.conf" <<'EOF'
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
stdio_handler = "file"
cgroup_controllers = [ ]
namespaces = [ ]
EOF
mount --bind "$work/etc" /etc/libvirt || fail "cannot bind a private /etc/libvirt"
mount --bind "$work/run" /run || fail "cannot bind a private /run"
mkdir -p /run/libvirt
for d in lib cache log; do
	mkdir -p "/var/$d/libvirt"
	mount --bind "$work/$d" "/var/$d/libvirt" || fail "cannot bind a private /var/$d/libvirt"
done
mkdir -p /var/log/libvirt/qemu /var/lib/libvirt/qemu /var/lib/libvirt/dnsmasq

libvirtd --pid-file "$work/libvirtd.pid" >"$work/libvirtd.log" 2>&1 &
pid=$!
export LIBVIRT_DEFAULT_URI=qemu:///system
for _ in $(seq 1 150); do
	virsh version >/dev/null 2>&1 && break
	kill -0 "$pid" 2>/dev/null || fail "libvirtd stopped"
	sleep 0.2
done
virsh version >/dev/null 2>&1 || fail "libvirtd did not answer within 30 s"
echo "libvirt: libvirtd $(virsh version --daemon 2>/dev/null | sed -n 's/^Running against daemon: //p') up"

cat >"$work/net.xml" <<'EOF'
<network>
  <name>default</name>
  <bridge name='ulvdeploy0'/>
  <ip address='192.168.150.1' netmask='255.255.255.0'>
    <dhcp><range start='192.168.150.10' end='192.168.150.99'/></dhcp>
  </ip>
</network>
EOF
virsh net-create "$work/net.xml" >/dev/null 2>"$work/err" || fail "net-create: $(cat "$work/err")"

names=() addrs=()
primary=192.168.150.2 secondary=192.168.150.3
for img in "$@"; do
	xml=${img%.elf}.libvirt.xml
	name=$(sed -n 's|^  <name>\(.*\)</name>$|\1|p' "$xml")
	# The secondary is a DNS appliance too: another domain name.
	[ ${#names[@]} = 2 ] && name=${name}2
	# The XML as written, but for a log of the serial console (the
	# appliance's output, shown on failure and checked below).
	sed "s|<serial type='pty'><target port='0'/></serial>|<serial type='pty'><log file='$work/$name.console'/><target port='0'/></serial>|" \
		"$xml" | sed "s|^  <name>.*</name>$|  <name>$name</name>|" >"$work/$name.xml"
	virsh define "$work/$name.xml" >/dev/null 2>"$work/err" || fail "define $xml: $(cat "$work/err")"
	if [ ${#names[@]} = 0 ] && [ $# -ge 3 ]; then
		mac=$(virsh domiflist "$name" | awk '$2 == "network" { print $5 }')
		virsh net-update default add ip-dhcp-host \
			"<host mac='$mac' ip='$primary'/>" --live >/dev/null 2>"$work/err" ||
			fail "net-update (a DHCP host entry for $name): $(cat "$work/err")"
	fi
	t0=$EPOCHREALTIME
	virsh start "$name" >/dev/null 2>"$work/err" || fail "start $name: $(cat "$work/err")"
	echo "libvirt: $name defined from $(basename "$xml") and started"
	names+=("$name")
done

# The address of domain $1 from the network's DHCP leases.
lease() {
	local mac
	mac=$(virsh domiflist "$1" | awk '$2 == "network" { print $5 }')
	virsh net-dhcp-leases default --mac "$mac" 2>/dev/null |
		awk '$4 == "ipv4" { sub(/\/.*/, "", $5); print $5 }'
}
for name in "${names[@]}"; do
	addr=
	[ "$name" = "${names[2]:-}" ] && { addrs+=("$secondary"); continue; }
	for _ in $(seq 1 300); do
		addr=$(lease "$name")
		[ -n "$addr" ] && break
		sleep 0.2
	done
	[ -n "$addr" ] || fail "$name took no DHCP lease within 60 s"
	echo "libvirt: $name leased an address by DHCP"
	addrs+=("$addr")
done

dns=${addrs[0]}
for _ in $(seq 1 100); do
	dig @"$dns" +tries=1 +time=1 +norecurse web.example.com A >"$work/dig" 2>&1 &&
		grep -q 'status: NOERROR' "$work/dig" && break
	sleep 0.2
done
t1=$EPOCHREALTIME
grep -Eq '^web\.example\.com\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+192\.0\.2\.80$' "$work/dig" ||
	fail "no answer from the DNS appliance; dig said: $(cat "$work/dig")"
echo "libvirt: ${names[0]} answers dig for web.example.com A: 192.0.2.80 ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s after the last start)"
dig @"$dns" +tries=2 +time=2 +norecurse nosuchname.example.com A >"$work/dig" 2>&1
grep -q 'status: NXDOMAIN' "$work/dig" || fail "expected NXDOMAIN for a miss; dig said: $(cat "$work/dig")"
echo "libvirt: ${names[0]} answers NXDOMAIN for a miss"

if [ ${#names[@]} -ge 2 ]; then
	www=${addrs[1]}
	code=
	for _ in $(seq 1 50); do
		code=$(curl -s -o "$work/page" -w '%{http_code}' --max-time 2 "http://$www/") &&
			[ "$code" = 200 ] && break
		sleep 0.2
	done
	[ "$code" = 200 ] || fail "the web appliance answered GET / with '$code', expected 200"
	echo "libvirt: ${names[1]} serves GET / (200, $(wc -c <"$work/page") bytes)"
	[ "$dns" != "$www" ] || fail "two appliances leased the same address $dns"
	# The second appliance's name as the DNS appliance answers it: both
	# on the one bridge, the host talking to each.
	echo "libvirt: both appliances on the bridge ulvdeploy0: $dns and $www"
fi

if [ ${#names[@]} -ge 3 ]; then
	[ "$dns" = "$primary" ] || fail "${names[0]} leased $dns, expected $primary (its host entry)"
	for _ in $(seq 1 150); do
		dig @"$secondary" +tries=1 +time=1 +norecurse web.example.com A >"$work/dig2" 2>&1 &&
			grep -q '192\.0\.2\.80' "$work/dig2" && break
		sleep 0.4
	done
	grep -q '192\.0\.2\.80' "$work/dig2" ||
		fail "the secondary did not answer from a transfer; dig said: $(cat "$work/dig2"); console: $(cat "$work/${names[2]}.console")"
	grep -q 'serial 2024060101 transferred' "$work/${names[2]}.console" ||
		fail "the secondary's console does not show the transfer"
	echo "libvirt: ${names[2]} transferred example.com from ${names[0]} (guest to guest)"
	same=0
	for q in "example.com soa" "example.com ns" "example.com mx" "www.example.com a" \
		"web.example.com a" "x.wild.example.com txt" "nope.example.com a" \
		"1.2.0.192.in-addr.arpa ptr"; do
		a=$(dig @"$dns" +tries=2 +time=2 +norecurse $q | grep -E -o 'status: [A-Z]+'
			dig @"$dns" +tries=2 +time=2 +norecurse +noall +answer +authority $q)
		b=$(dig @"$secondary" +tries=2 +time=2 +norecurse $q | grep -E -o 'status: [A-Z]+'
			dig @"$secondary" +tries=2 +time=2 +norecurse +noall +answer +authority $q)
		[ "$a" = "$b" ] && [ -n "$a" ] || fail "$q: the primary says '$a', the secondary '$b'"
		same=$((same + 1))
	done
	echo "libvirt: ${names[2]} answers $same of 8 questions as ${names[0]}"
fi

for name in "${names[@]}"; do
	virsh shutdown "$name" >/dev/null 2>"$work/err" || fail "virsh shutdown $name: $(cat "$work/err")"
done
for name in "${names[@]}"; do
	state=
	for _ in $(seq 1 150); do
		state=$(virsh domstate --reason "$name" 2>/dev/null)
		case $state in "shut off"*) break ;; esac
		sleep 0.2
	done
	[ "$state" = "shut off (shutdown)" ] ||
		fail "$name after virsh shutdown: expected 'shut off (shutdown)', found '$state'"
	grep -q '^acpi: the power button was pressed: powering off' "$work/$name.console" ||
		fail "$name's console does not say that it saw the power button"
	echo "libvirt: $name: virsh shutdown -> $state"
	virsh undefine "$name" >/dev/null 2>&1 || fail "undefine $name"
done
virsh net-destroy default >/dev/null 2>&1 || fail "net-destroy default"
echo "libvirt: PASS"
