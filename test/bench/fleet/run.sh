#!/bin/sh
# SPDX-License-Identifier: ISC
# The fleet bench (issue 14): the cost of N DNS servers on one host. For
# each N, N VMs start at the same moment under QEMU TCG (q35, -cpu max,
# virtio-net-pci, user networking, one host UDP port on 127.0.0.1 forwarded
# to each guest's port 53), and fleet.py reports the time from the start to
# the first answer of every VM (the fleet answering), the median single
# first answer, and the host memory of each QEMU (PSS, which splits the
# pages QEMUs share, such as their code, between them) 2 s after the last
# first answer.
#   unilink  configs/dns as built (its 10.0.2.15 suits user networking),
#            -m from its NAME.qemu.sh (the build's appliance.memory);
#   linux    Debian's kernel + busybox + NSD with the same zones
#            (test/bench/dns/linux-vm.sh), -m 256 as the DNS bench;
#            no_timer_check: on a loaded host, Linux's IO-APIC timer
#            check may fail under TCG and panic the VM.
# A benchmark, not a test (not in ctest); the traffic stays on loopback.
#
# usage: run.sh [--n "1 10 50"] [--linux-n "1 10"] [--unilink PATH]
# Defaults: 1 10 50 appliances, 1 10 Linux VMs (50 Linux VMs boot for
# minutes under TCG on 2 cores; --linux-n "1 10 50" asks for them).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
ns="1 10 50" linux_ns="1 10"
unilink=$top/build/bin/unilink
usage() { sed -n '/^# usage:/,/^# minutes/p' "$0" | sed 's/^# //' >&2; exit 2; }
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || usage
	case $1 in
	--n) ns=$2 ;;
	--linux-n) linux_ns=$2 ;;
	--unilink) unilink=$2 ;;
	*) usage ;;
	esac
	shift 2
done
say() { echo "fleet-bench: $*" >&2; }
die() { say "$*"; exit 1; }
[ -x "$unilink" ] || die "$unilink is missing (./scripts/build.sh)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing"

tmp=$(mktemp -d /tmp/fleet-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
"$unilink" build "$top/configs/dns/dns.conf" -o "$tmp/dns.elf" -q --report=none ||
	die "cannot build configs/dns"
mem=$(sed -n 's/^memory=//p' "$tmp/dns.qemu.sh")
zones="example.com=$top/configs/dns/example.com.zone"
zones="$zones 2.0.192.in-addr.arpa=$top/configs/dns/2.0.192.in-addr.arpa.zone"
if [ -n "$linux_ns" ]; then
	# shellcheck disable=SC2086 # one argument per zone
	kver=$("$top/test/bench/dns/linux-vm.sh" "$tmp/vm" 10.0.2.15/24 53 $zones) ||
		die "cannot build the Linux VM"
	say "Linux VM: kernel $kver, initramfs $(du -m "$tmp/vm/initrd.cpio" | cut -f1) MiB"
fi
say "$(qemu-system-x86_64 --version | head -n 1), $(nproc) CPUs"

port=$((20000 + $$ % 20000))
results=$tmp/results
: >"$results"
run() { # kind n fleet.py-arguments...
	kind=$1 n=$2
	shift 2
	say "$kind: starting $n"
	python3 "$here/fleet.py" --kind "$kind" --n "$n" --base-port "$port" \
		--logdir "$tmp" --timeout $((60 + 20 * n)) "$@" >>"$results" ||
		{ say "$kind x $n failed"; grep -h -A3 '^panic' "$tmp/$kind".*.serial >&2; }
	port=$((port + n))
}
for n in $ns; do
	run unilink "$n" --kernel "$tmp/dns.elf" --memory "$mem"
done
for n in $linux_ns; do
	run linux "$n" --kernel "$tmp/vm/vmlinuz" --initrd "$tmp/vm/initrd.cpio" \
		--append "console=ttyS0 quiet panic=-1 no_timer_check" --memory 256
done
python3 - "$results" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("| VMs | N | start -> all N answer (s) | median first answer (s) | PSS per VM, MiB (min-max) | PSS total, MiB |")
print("|---|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['kind']} | {r['n']} | {r['all_answer_s']:.2f} | {r['median_first_s']:.2f} | "
          f"{r['pss_mean_mib']:.1f} ({r['pss_min_mib']:.1f}-{r['pss_max_mib']:.1f}) | {r['pss_total_mib']:.0f} |")
EOF
