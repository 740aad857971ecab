# SPDX-License-Identifier: ISC
"""Host CPU of an idle VM: idle_cpu.py PID SECONDS [--wait-dns HOST:PORT].

Waits (up to 120 s) until HOST:PORT answers a DNS query when --wait-dns is
given, lets the VM settle for 1 s, then samples the CPU time (utime+stime,
from /proc) of PID and its descendants (QEMU) over SECONDS of wall time,
with nothing sent to it, and prints "cpu_s=X wall_s=Y percent=Z" (Z: per
cent of one core).
"""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procstat  # noqa: E402


def dns_answers(host, port):
    """True when a query for example.com SOA gets any answer."""
    q = bytes.fromhex("1234 0100 0001 0000 0000 0000".replace(" ", ""))
    q += b"\x07example\x03com\x00\x00\x06\x00\x01"
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1)
    try:
        s.sendto(q, (host, port))
        return s.recv(4096)[:2] == q[:2]
    except OSError:
        return False
    finally:
        s.close()


def main():
    pid, seconds = int(sys.argv[1]), float(sys.argv[2])
    if len(sys.argv) > 4 and sys.argv[3] == "--wait-dns":
        host, port = sys.argv[4].rsplit(":", 1)
        end = time.time() + 120
        while not dns_answers(host, int(port)):
            if time.time() > end:
                print("idle_cpu: the VM never answered on", sys.argv[4])
                return 1
            time.sleep(0.5)
    time.sleep(1)
    c0, t0 = procstat.cpu(pid)["total"], time.monotonic()
    time.sleep(seconds)
    c1, t1 = procstat.cpu(pid)["total"], time.monotonic()
    cpu, wall = c1 - c0, t1 - t0
    print(f"cpu_s={cpu:.3f} wall_s={wall:.3f} percent={100 * cpu / wall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
