#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A flood of one question from one address, as a reflection attack sends
it with a spoofed source (here the source is ours, so we see what the
victim would get): QUERIES queries at RATE a second to HOST:PORT, each with
its own ID, then a second to collect the stragglers. Each response is
answered (a response without TC), slipped (TC set and no records but an
OPT: the rate limit's "retry over TCP") or, when none came, dropped.

Prints one line of JSON: the counts, their fractions, the octets sent and
received and the byte amplification (received / sent).

usage: rrl_flood.py HOST:PORT NAME TYPE [--rate N] [--queries N]
                    [--edns SIZE]
"""
import argparse
import json
import select
import socket
import struct
import sys
import time

TYPES = {"A": 1, "TXT": 16, "SOA": 6, "MX": 15, "ANY": 255}


def wire_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def make_query(qid, name, qtype, edns):
    q = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 1 if edns else 0)
    q += wire_name(name) + struct.pack(">HH", qtype, 1)
    if edns:
        q += b"\0" + struct.pack(">HHIH", 41, edns, 0, 0)
    return q


def sort_response(data, sent, seen, counts):
    """Counts a response to a query of ours once; ignores anything else."""
    if len(data) < 12:
        return
    qid, flags, _qd, an, ns, ar = struct.unpack(">HHHHHH", data[:12])
    if not flags & 0x8000 or qid not in sent or qid in seen:
        return
    seen.add(qid)
    counts["octets_in"] += len(data)
    if flags & 0x0200 and an == 0 and ns == 0 and ar <= 1:
        counts["slipped"] += 1
    else:
        counts["answered"] += 1


def drain(sock, sent, seen, counts, until):
    while True:
        left = until - time.monotonic()
        r, _, _ = select.select([sock], [], [], max(left, 0))
        if not r:
            return
        while True:
            try:
                data = sock.recv(65535)
            except BlockingIOError:
                break
            sort_response(data, sent, seen, counts)


def flood(host, port, name, qtype, rate, queries, edns):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    sock.connect((host, port))
    sock.setblocking(False)
    counts = {"answered": 0, "slipped": 0, "octets_in": 0, "octets_out": 0}
    sent, seen = set(), set()
    start = time.monotonic()
    for i in range(queries):
        qid = i & 0xffff
        q = make_query(qid, name, qtype, edns)
        drain(sock, sent, seen, counts, start + i / rate)
        sock.send(q)
        sent.add(qid)
        counts["octets_out"] += len(q)
    drain(sock, sent, seen, counts, time.monotonic() + 1.0)
    counts["queries"] = queries
    counts["dropped"] = queries - counts["answered"] - counts["slipped"]
    for k in ("answered", "slipped", "dropped"):
        counts[k + "_fraction"] = round(counts[k] / queries, 4)
    counts["amplification"] = round(
        counts["octets_in"] / max(counts["octets_out"], 1), 3)
    counts["seconds"] = round(time.monotonic() - start, 2)
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("name")
    ap.add_argument("type", choices=sorted(TYPES))
    ap.add_argument("--rate", type=float, default=1000)
    ap.add_argument("--queries", type=int, default=4000)
    ap.add_argument("--edns", type=int, default=1232)
    a = ap.parse_args()
    if a.queries > 65536 or a.queries < 1 or a.rate <= 0:
        sys.exit("rrl_flood: expected 1 to 65536 queries at a rate above 0")
    host, _, port = a.server.rpartition(":")
    print(json.dumps(flood(host, int(port), a.name, TYPES[a.type], a.rate,
                           a.queries, a.edns)))


if __name__ == "__main__":
    main()
