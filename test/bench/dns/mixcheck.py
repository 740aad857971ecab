#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Check that a server gives each query of a bench mix the outcome it was
made for, so that every peer of the bench does the same work.

  mixcheck.py --server IP --port N --label TEXT KINDS_FILE

KINDS_FILE is genqueries.py's FILE.kinds ("name type kind" a line). Each
distinct query is sent once (up to 3 tries, 1 s each) and its response
sorted by dnsmsg.kind(). Prints "TEXT: N/M distinct queries as expected"
and up to 5 differences; exits 1 when any query differs or goes unanswered.
"""
import argparse
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import dnsmsg  # noqa: E402


def ask(sock, server, qid, name, qtype):
    """The response to name/qtype, or None after 3 silent tries."""
    for _ in range(3):
        sock.sendto(dnsmsg.query(qid, name, qtype), server)
        sock.settimeout(1.0)
        try:
            while True:
                msg = sock.recv(65535)
                if msg[:2] == qid.to_bytes(2, "big"):
                    return msg
        except (socket.timeout, ConnectionRefusedError):
            continue
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--label", default="mix")
    ap.add_argument("kinds")
    a = ap.parse_args()
    sock = socket.socket(socket.AF_INET6 if ":" in a.server else
                         socket.AF_INET, socket.SOCK_DGRAM)
    with open(a.kinds) as f:
        expected = [line.split() for line in f if line.strip()]
    wrong = []
    for i, (name, qtype, want) in enumerate(expected):
        msg = ask(sock, (a.server, a.port), i & 0xFFFF, name, qtype)
        got = "no response" if msg is None else dnsmsg.kind(msg)
        if got != want:
            wrong.append(f"{name} {qtype}: expected {want}, got {got}")
    good = len(expected) - len(wrong)
    print(f"{a.label}: {good}/{len(expected)} distinct queries as expected")
    for w in wrong[:5]:
        print(f"  {w}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
