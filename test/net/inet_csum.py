# SPDX-License-Identifier: ISC
"""The Internet checksum (RFC 1071) of the network tests' Python sides."""
import struct


def csum(b):
    """One's complement of the one's complement sum of b's 16-bit words."""
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
