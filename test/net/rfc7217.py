#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Print the SLAAC address a unilink interface takes in PREFIX/64 when
net0.ipv6_secret is empty: RFC 7217 with SipHash-2-4, as gen-golden6.py
computes it (the secret: SipHash of the MAC under two fixed keys).

usage: rfc7217.py MAC PREFIX [DAD_COUNTER]
"""
import ipaddress
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
M64 = (1 << 64) - 1


def rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & M64


def siphash24(key, m):
    k0, k1 = struct.unpack("<QQ", key)
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D,
         k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]

    def rnd():
        v[0] = (v[0] + v[1]) & M64; v[1] = rotl(v[1], 13) ^ v[0]
        v[0] = rotl(v[0], 32)
        v[2] = (v[2] + v[3]) & M64; v[3] = rotl(v[3], 16) ^ v[2]
        v[0] = (v[0] + v[3]) & M64; v[3] = rotl(v[3], 21) ^ v[0]
        v[2] = (v[2] + v[1]) & M64; v[1] = rotl(v[1], 17) ^ v[2]
        v[2] = rotl(v[2], 32)
    b = m + b"\0" * (7 - len(m) % 8) + bytes([len(m) & 0xFF])
    for i in range(0, len(b), 8):
        w, = struct.unpack("<Q", b[i:i + 8])
        v[3] ^= w; rnd(); rnd(); v[0] ^= w
    v[2] ^= 0xFF
    for _ in range(4):
        rnd()
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def main(argv):
    mac = bytes.fromhex(argv[0].replace(":", ""))
    prefix = ipaddress.IPv6Address(argv[1].split("/")[0]).packed[:8]
    counter = int(argv[2]) if len(argv) > 2 else 0
    secret = struct.pack("<QQ", siphash24(b"unilink-rfc7217\0", mac),
                         siphash24(b"unilink-secret2\0", mac))
    h = siphash24(secret, prefix + mac + bytes([counter]))
    print(ipaddress.IPv6Address(prefix + struct.pack("!Q", h)))


if __name__ == "__main__":
    main(sys.argv[1:])
