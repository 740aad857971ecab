#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Count the frames that arrive on an interface from its peer (a tap's
guest), by EtherType, until SIGTERM or SIGINT; then write one line
"ETHERTYPE COUNT" per type (hex, four digits) to OUT. Frames the host
sends are not counted. For the IPv6-only boot tests: an appliance with
net0.ipv4 = off must send no IPv4 (0800: DHCP, ...) and no ARP (0806).

usage: sniff_types.py IFACE OUT   (root; "ready" on stdout once listening)
"""
import signal
import socket
import sys


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    iface, out = argv
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.bind((iface, 0))
    s.settimeout(0.2)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    counts = {}
    print("ready", flush=True)
    while not stop:
        try:
            frame, addr = s.recvfrom(65536)
        except (socket.timeout, InterruptedError):
            continue
        if addr[2] == socket.PACKET_OUTGOING or len(frame) < 14:
            continue
        kind = int.from_bytes(frame[12:14], "big")
        counts[kind] = counts.get(kind, 0) + 1
    with open(out, "w") as f:
        for kind, n in sorted(counts.items()):
            f.write("%04x %d\n" % (kind, n))


if __name__ == "__main__":
    main(sys.argv[1:])
