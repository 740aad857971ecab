#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Send Router Advertisements (RFC 4861 4.2) on one interface, as a router
would, for the IPv6 boot tests: to ff02::1 from the interface's link-local
address, hop limit 255, with its link-layer address, an MTU option and one
Prefix Information option (on-link, autonomous) per PREFIX/64.

usage: send_ra.py IFACE PREFIX [--count N] [--interval S] [--lifetime S]
"""
import socket
import struct
import sys
import time


def ra(mac, prefix, lifetime):
    body = struct.pack("!BBHII", 64, 0, lifetime, 0, 0)
    body += bytes([1, 1]) + mac
    body += struct.pack("!BBHI", 5, 1, 0, 1500)
    body += struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 86400, 14400, 0)
    body += socket.inet_pton(socket.AF_INET6, prefix)
    return struct.pack("!BBH", 134, 0, 0) + body  # the kernel sums it


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    iface, prefix = argv[0], argv[1].split("/")[0]
    count, interval, lifetime = 1, 1.0, 1800
    i = 2
    while i + 1 < len(argv):
        if argv[i] == "--count":
            count = int(argv[i + 1])
        elif argv[i] == "--interval":
            interval = float(argv[i + 1])
        elif argv[i] == "--lifetime":
            lifetime = int(argv[i + 1])
        else:
            sys.exit("send_ra.py: unknown option %s" % argv[i])
        i += 2
    with open("/sys/class/net/%s/address" % iface) as f:
        mac = bytes.fromhex(f.read().strip().replace(":", ""))
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    idx = socket.if_nametoindex(iface)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, idx)
    for n in range(count):
        s.sendto(ra(mac, prefix, lifetime), ("ff02::1", 0, 0, idx))
        if n + 1 < count:
            time.sleep(interval)


if __name__ == "__main__":
    main(sys.argv[1:])
