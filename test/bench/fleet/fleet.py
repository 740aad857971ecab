#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Start N DNS servers as QEMU VMs at once and measure the fleet.

  fleet.py --kind NAME --n N --kernel FILE [--initrd FILE] [--append S]
           --memory MIB --base-port P [--timeout S] [--settle S]

Starts N QEMUs (TCG, q35, -cpu max, isa-debug-exit so that a VM that
fails ends, user networking with a free host UDP port on 127.0.0.1 from
P on forwarded to the guest's port 53) at the same moment, asks
each for example.com SOA every 100 ms until it answers with a NOERROR
answer, then, --settle seconds after the last first answer, reads the
proportional set size (Pss of /proc/PID/smaps_rollup) of every QEMU, and
ends them all. Prints one line of JSON: n, the time from the start to the
first answer of the last VM (all N answering), the median and slowest
single first answer, PSS per VM (mean, min, max, in MiB) and their sum.
Exits 1 when a VM does not answer within --timeout or dies.
"""
import argparse
import json
import os
import select
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time


def query(qid):
    """example.com SOA, no recursion."""
    name = b"".join(bytes([len(p)]) + p for p in (b"example", b"com")) + b"\0"
    return struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0) + name + struct.pack(">HH", 6, 1)


def answered(data, ids):
    """A response to one of our ids, NOERROR, with an answer record."""
    if len(data) < 12:
        return False
    qid, flags, _, ancount = struct.unpack(">HHHH", data[:8])
    return qid in ids and flags & 0x8000 and flags & 0xF == 0 and ancount > 0


def pss_kib(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    raise RuntimeError(f"no Pss line for {pid}")


def free_ports(n, first):
    """n UDP ports from first on that nothing on 127.0.0.1 holds now."""
    ports, p = [], first
    while len(ports) < n and p < 65536:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                s.bind(("127.0.0.1", p))
                ports.append(p)
            except OSError:
                pass
        p += 1
    if len(ports) < n:
        raise RuntimeError(f"fewer than {n} free UDP ports from {first}")
    return ports


def qemu_argv(a, i, port):
    argv = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-M", "q35",
            "-m", str(a.memory), "-nodefaults", "-no-user-config",
            "-display", "none", "-serial", f"file:{a.logdir}/{a.kind}.{i}.serial",
            "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-kernel", a.kernel, "-append", a.append,
            "-name", f"fleet-{a.kind}-{i}",
            "-netdev", f"user,id=net0,hostfwd=udp:127.0.0.1:{port}-:53",
            "-device", "virtio-net-pci,netdev=net0"]
    if a.initrd:
        argv += ["-initrd", a.initrd]
    return argv


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd")
    ap.add_argument("--append", default="")
    ap.add_argument("--memory", type=int, required=True)
    ap.add_argument("--base-port", type=int, required=True)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--settle", type=float, default=2)
    ap.add_argument("--logdir", required=True)
    a = ap.parse_args()
    # SIGTERM (run.sh stopped) ends the VMs too, through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    socks, procs = [], []
    first = [None] * a.n
    ports = free_ports(a.n, a.base_port)
    try:
        for i in range(a.n):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.connect(("127.0.0.1", ports[i]))
            s.setblocking(False)
            socks.append(s)
        t0 = time.monotonic()
        for i in range(a.n):
            procs.append(subprocess.Popen(
                qemu_argv(a, i, ports[i]), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=open(f"{a.logdir}/{a.kind}.{i}.qemu", "w")))
        sent = [set() for _ in range(a.n)]
        qid = 1
        next_send = t0
        while None in first:
            now = time.monotonic()
            if now - t0 > a.timeout:
                missing = [i for i in range(a.n) if first[i] is None]
                print(f"fleet: {len(missing)} of {a.n} {a.kind} VMs did not "
                      f"answer within {a.timeout:.0f} s (first: {missing[0]})",
                      file=sys.stderr)
                return 1
            for i, p in enumerate(procs):
                if p.poll() is not None and first[i] is None:
                    print(f"fleet: {a.kind} VM {i} of {a.n} ended (QEMU "
                          f"status {p.returncode}) before answering; its "
                          f"console: {a.logdir}/{a.kind}.{i}.serial",
                          file=sys.stderr)
                    return 1
            if now >= next_send:
                for i in range(a.n):
                    if first[i] is None:
                        qid = qid % 65535 + 1
                        sent[i].add(qid)
                        try:
                            socks[i].send(query(qid))
                        except OSError:
                            pass  # ICMP refusal of an earlier one
                next_send = now + 0.1
            r, _, _ = select.select(socks, [], [], 0.02)
            for s in r:
                i = socks.index(s)
                try:
                    data = s.recv(4096)
                except OSError:
                    continue
                if first[i] is None and answered(data, sent[i]):
                    first[i] = time.monotonic() - t0
        time.sleep(a.settle)
        pss = [pss_kib(p.pid) / 1024 for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    print(json.dumps({
        "kind": a.kind, "n": a.n,
        "all_answer_s": round(max(first), 2),
        "median_first_s": round(statistics.median(first), 2),
        "pss_mean_mib": round(statistics.mean(pss), 1),
        "pss_min_mib": round(min(pss), 1), "pss_max_mib": round(max(pss), 1),
        "pss_total_mib": round(sum(pss), 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
