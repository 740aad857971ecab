# SPDX-License-Identifier: ISC
# Shared by the DNS appliance's tests (sourced, not run): build
# configs/dns/dns.conf with `unilink build`, boot it with `unilink run`
# with its DNS port and control port forwarded from 127.0.0.1, wait for it
# to end.
# The caller sets unilink, here, top and what, then calls app_tmp (or sets
# tmp, a folder it removes, itself); app_boot sets port, ctl and qemu_pid.

# fail WHY...: says "$what: FAIL: WHY..." and exits 1.
fail() {
	echo "$what: FAIL: $*"
	exit 1
}

# app_tmp: a new folder tmp, removed at exit after the QEMU of app_boot is
# stopped and after app_cleanup_more, when the caller defines one.
app_tmp() {
	tmp=$(mktemp -d /tmp/dns-appliance.XXXXXX)
	qemu_pid=
	trap app_cleanup EXIT INT TERM
}

app_cleanup() {
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
	wait 2>/dev/null
	type app_cleanup_more >/dev/null 2>&1 && app_cleanup_more
	rm -rf "$tmp"
}

# A port free for both UDP and TCP on 127.0.0.1: a free UDP port whose
# TCP twin may be taken (tests run side by side), so try again until both
# bind, a bounded number of times.
free_port() {
	python3 -c 'import socket, sys
for _ in range(100):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    try:
        socket.socket().bind(("127.0.0.1", s.getsockname()[1]))
    except OSError:
        continue
    print(s.getsockname()[1])
    sys.exit(0)
sys.exit("free_port: no port free for both UDP and TCP in 100 tries")'
}

# app_build [unilink build options...]: $tmp/dns.elf with control port 9
# and, as nsd-diff.sh runs NSD (rrl-ratelimit: 0), without response rate
# limiting: the tests send hundreds of queries a second from one address.
app_build() {
	"$unilink" build "$top/configs/dns/dns.conf" -q --report=none \
		-o "$tmp/dns.elf" -D dns.control_port=9 -D dns.rrl=false "$@" ||
		fail "unilink build failed"
	echo "$what: image $(stat -c %s "$tmp/dns.elf") bytes"
}

# app_boot [microvm|q35]: the VM in the background, console in $tmp/raw;
# its DNS port forwarded over UDP and TCP (DNS over TCP comes from the
# guest's gateway, 10.0.2.2, as QEMU's user networking forwards it).
# `unilink run` gives a generic image the command line written beside it
# and adds the virtio-net device of the machine (mmio on microvm, PCI on
# q35); 128 MiB as these tests always had, or $app_memory MiB.
app_boot() {
	port=$(free_port)
	ctl=$(free_port)
	"$unilink" run "$tmp/dns.elf" --timeout 900 --machine "${1:-microvm}" \
		--memory "${app_memory:-128}" --hostfwd "udp:127.0.0.1:$port-:53" \
		--hostfwd "tcp:127.0.0.1:$port-:53" \
		--hostfwd "udp:127.0.0.1:$ctl-:9" >"$tmp/raw" 2>&1 &
	qemu_pid=$!
}

# app_wait_ready SECONDS [ZONE]: until ZONE (example.com) SOA gets a real
# answer.
app_wait_ready() {
	end=$(($(date +%s) + $1))
	while [ "$(date +%s)" -lt "$end" ]; do
		dig @127.0.0.1 -p "$port" +short +time=1 +tries=1 \
			"${2:-example.com}" SOA 2>/dev/null | grep -q . && return 0
		sleep 0.3
	done
	return 1
}

# app_quit: "quit" on the control port; sets status to the exit status and
# leaves the console, without carriage returns, in $tmp/console.
app_quit() {
	python3 -c 'import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"quit", ("127.0.0.1", int(sys.argv[1])))' "$ctl"
	wait "$qemu_pid"
	status=$?
	qemu_pid=
	tr -d '\r' <"$tmp/raw" >"$tmp/console"
}

# app_counter NAME: the last value of the appliance's counter dns.NAME.
app_counter() {
	sed -n "s/^dns\.$1 \([0-9]*\)\$/\1/p" "$tmp/console" | tail -n 1
}

# app_nsd_diff NSD-DIFF-ARGS...: nsd-diff.sh with these arguments against the
# booted appliance, then app_quit and its counters printed; exits 77 when
# nsd-diff.sh skips, fails when the answers differ, the appliance ended with
# a status other than 0, or it could not send answers.
app_nsd_diff() {
	"$here/nsd-diff.sh" "$@"
	rc=$?
	app_quit
	grep -E '^dns(: ready|\.(queries|formerr|memo_hits|send_failed|tcp_queries|transfers|tcp_accepted|tcp_refused_full|tcp_closed_[a-z]*) )' "$tmp/console"
	[ "$rc" = 77 ] && exit 77
	[ "$rc" = 0 ] || fail "answers differ from NSD's (above)"
	[ "$status" = 0 ] || fail "the appliance ended with status $status, expected 0"
	[ "$(app_counter send_failed)" = 0 ] ||
		fail "the appliance could not send $(app_counter send_failed) answers"
}
