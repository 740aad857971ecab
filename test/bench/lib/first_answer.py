#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Time from a start timestamp to the first real DNS answer.

  first_answer.py --server IP --port N --name NAME [--type SOA]
                  --since-ns T0 [--pid PID] [--timeout S] [--every-ms MS]

Sends NAME/TYPE every MS milliseconds (a new id each time) and waits for a
NOERROR response carrying an answer record to one of the ids it sent: any
other datagram, an ICMP error or silence does not count. Prints the
milliseconds from T0 (CLOCK_REALTIME in ns, as from `date +%s%N`) to that
answer. Exits 1 on timeout or when process PID (the VM) has ended.
"""
import argparse
import os
import select
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dnsmsg  # noqa: E402


def alive(pid):
    if pid is None:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--name", required=True)
    ap.add_argument("--type", default="SOA")
    ap.add_argument("--since-ns", type=int, required=True)
    ap.add_argument("--pid", type=int)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--every-ms", type=float, default=5)
    a = ap.parse_args()
    s = socket.socket(socket.AF_INET6 if ":" in a.server else socket.AF_INET,
                      socket.SOCK_DGRAM)
    s.setblocking(False)
    sent, qid = set(), 0
    deadline = time.monotonic() + a.timeout
    while time.monotonic() < deadline and alive(a.pid):
        qid = (qid + 1) & 0xFFFF
        sent.add(qid)
        try:
            s.sendto(dnsmsg.query(qid, a.name, a.type), (a.server, a.port))
        except OSError:
            pass  # no ARP reply yet, or an ICMP error: keep polling
        end = time.monotonic() + a.every_ms / 1000
        while (left := end - time.monotonic()) > 0:
            if not select.select([s], [], [], left)[0]:
                break
            try:
                msg = s.recv(65535)
            except OSError:
                continue
            now = time.time_ns()
            qid = int.from_bytes(msg[:2], "big")
            if qid in sent and dnsmsg.is_answer(msg, qid):
                print(f"{(now - a.since_ns) / 1e6:.1f}")
                return 0
    why = "ended" if not alive(a.pid) else f"gave no answer in {a.timeout}s"
    print(f"first_answer: {a.server}:{a.port} {why}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
