#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Time from a start timestamp to the first HTTP 200.

  first_ok.py --server IP --port N [--path /] --since-ns T0 [--pid PID]
              [--timeout S] [--every-ms MS]

Connects every MS milliseconds and sends GET PATH (HTTP/1.1, Connection:
close) until a reply's status line says 200; a refused or silent
connection, or another status, does not count. Prints the milliseconds
from T0 (CLOCK_REALTIME in ns, as from `date +%s%N`) to that reply's
status line. Exits 1 on timeout or when process PID (the VM) has ended.
"""
import argparse
import socket
import sys
import time


def alive(pid):
    if pid is None:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def try_once(server, port, path, wait):
    # A short connect timeout: a SYN lost before the guest's stack is up
    # would otherwise wait for the kernel's 1 s retransmission.
    try:
        s = socket.create_connection((server, port), timeout=0.1)
        s.sendall(b"GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                  % (path.encode(), server.encode()))
        s.settimeout(wait)
        got = b""
        while b"\r\n" not in got:
            more = s.recv(256)
            if not more:
                break
            got += more
        s.close()
        return got.startswith(b"HTTP/1.1 200 ")
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--port", type=int, default=80)
    ap.add_argument("--path", default="/")
    ap.add_argument("--since-ns", type=int, required=True)
    ap.add_argument("--pid", type=int)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--every-ms", type=float, default=5)
    a = ap.parse_args()
    deadline = time.monotonic() + a.timeout
    while time.monotonic() < deadline and alive(a.pid):
        if try_once(a.server, a.port, a.path, 5.0):
            print("%.1f" % ((time.time_ns() - a.since_ns) / 1e6))
            return 0
        time.sleep(a.every_ms / 1000)
    print("no 200 from %s:%d%s within %.0f s%s" % (
        a.server, a.port, a.path, a.timeout,
        "" if alive(a.pid) else " (the VM ended)"), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
