# SPDX-License-Identifier: ISC
"""A steady flood of DNS queries and a count of the answers lost.

arp_flood.py SERVER PORT SECONDS RATE: sends RATE queries a second (for
example.com SOA, each with its own ID) to SERVER:PORT for SECONDS, reads
the answers as they come, waits 2 s for the last ones and prints
"sent N answered M lost L late-or-unknown U". Exit 0 when L is 0, else 1.
"""
import select
import socket
import struct
import sys
import time

QNAME = b"\x07example\x03com\x00"


def query(qid):
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + QNAME + \
        struct.pack(">HH", 6, 1)


def drain(s, pending, counts):
    """Read every answer waiting on s."""
    while select.select([s], [], [], 0)[0]:
        data = s.recv(4096)
        qid = struct.unpack(">H", data[:2])[0] if len(data) >= 2 else -1
        if qid in pending:
            pending.discard(qid)
            counts["answered"] += 1
        else:
            counts["unknown"] += 1


def main():
    server, port = sys.argv[1], int(sys.argv[2])
    seconds, rate = float(sys.argv[3]), float(sys.argv[4])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((server, port))
    pending, counts = set(), {"answered": 0, "unknown": 0}
    start = time.monotonic()
    sent = 0
    while time.monotonic() - start < seconds:
        due = int((time.monotonic() - start) * rate) + 1
        while sent < due:
            qid = sent % 65536
            pending.add(qid)
            s.send(query(qid))
            sent += 1
        drain(s, pending, counts)
        time.sleep(min(0.002, 1 / rate))
    end = time.monotonic() + 2
    while pending and time.monotonic() < end:
        if select.select([s], [], [], 0.1)[0]:
            drain(s, pending, counts)
    print(f"sent {sent} answered {counts['answered']} lost {len(pending)} "
          f"late-or-unknown {counts['unknown']}")
    return 0 if not pending else 1


if __name__ == "__main__":
    sys.exit(main())
