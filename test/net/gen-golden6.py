#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Writes golden6.h: IPv6 frames (RFC 8200, 4443, 4861, 3810) built with an
# independent checksum, the reference test_ipv6.c feeds and compares with.
#   python3 gen-golden6.py > golden6.h && clang-format-19 -i golden6.h
#   python3 gen-golden6.py --corpus ../fuzz/corpus/net-ipv6  (fuzz seeds)
import ipaddress, os, struct, sys

def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def a6(t): return ipaddress.IPv6Address(t).packed
HOST = bytes.fromhex('525500000202'); US = bytes.fromhex('525400123456')
HOST6 = '2001:db8::2'; US6 = '2001:db8::15'; HOSTLL = 'fe80::2'

def eth(dst, src, p, t=0x86dd): return dst + src + struct.pack('!H', t) + p
def mmac(g): return b'\x33\x33' + a6(g)[12:]
def ipv6(src, dst, nh, payload, hlim=64):
    return struct.pack('!IHBB', 6 << 28, len(payload), nh, hlim) + a6(src) + a6(dst) + payload
def l4sum(src, dst, nh, m, at):
    ph = a6(src) + a6(dst) + struct.pack('!IxxxB', len(m), nh)
    c = csum(ph + m)
    if nh == 17 and c == 0: c = 0xffff
    return m[:at] + struct.pack('!H', c) + m[at + 2:]
def icmp6(src, dst, t, code, body):
    return l4sum(src, dst, 58, struct.pack('!BBH', t, code, 0) + body, 2)
def udp6(src, dst, sp, dp, data):
    return l4sum(src, dst, 17, struct.pack('!HHHH', sp, dp, 8 + len(data), 0) + data, 6)
def solicited(a):
    b = a6(a)
    return str(ipaddress.IPv6Address(bytes.fromhex('ff0200000000000000000001ff') + b[13:]))
def lla_opt(t, mac): return bytes([t, 1]) + mac

M64 = (1 << 64) - 1
def rotl(x, b): return ((x << b) | (x >> (64 - b))) & M64
def siphash24(key, m):
    k0, k1 = struct.unpack('<QQ', key)
    v = [k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d, k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573]
    def rnd():
        v[0] = (v[0] + v[1]) & M64; v[1] = rotl(v[1], 13) ^ v[0]; v[0] = rotl(v[0], 32)
        v[2] = (v[2] + v[3]) & M64; v[3] = rotl(v[3], 16) ^ v[2]
        v[0] = (v[0] + v[3]) & M64; v[3] = rotl(v[3], 21) ^ v[0]
        v[2] = (v[2] + v[1]) & M64; v[1] = rotl(v[1], 17) ^ v[2]; v[2] = rotl(v[2], 32)
    b = m + b'\0' * (7 - len(m) % 8) + bytes([len(m) & 0xff])
    for i in range(0, len(b), 8):
        w, = struct.unpack('<Q', b[i:i + 8])
        v[3] ^= w; rnd(); rnd(); v[0] ^= w
    v[2] ^= 0xff
    for _ in range(4): rnd()
    return v[0] ^ v[1] ^ v[2] ^ v[3]
# RFC 7217 for our MAC without a configured secret (ipv6_secret_from):
# the secret is two SipHashes of the MAC; the identifier of fe80::/64 is
# SipHash(secret, prefix | MAC | DAD_Counter 0), big-endian.
secret = struct.pack('<QQ', siphash24(b'unilink-rfc7217\0', US), siphash24(b'unilink-secret2\0', US))
def stable(prefix):
    h = siphash24(secret, a6(prefix)[:8] + US + b'\0')
    return str(ipaddress.IPv6Address(a6(prefix)[:8] + struct.pack('!Q', h)))
US_LL = stable('fe80::')
US_SLAAC = stable('2001:db8:1::')

frames = {}
def carr(name, b):
    frames[name] = b
    s = 'static const uint8_t %s[%d] = {\n' % (name, len(b))
    for i in range(0, len(b), 12):
        s += '\t' + ', '.join('0x%02x' % x for x in b[i:i + 12]) + ',\n'
    return s + '};\n'

out = []
out.append(carr('golden6_our_ll', a6(US_LL)))
out.append(carr('golden6_our_slaac', a6(US_SLAAC)))
echo_body = struct.pack('!HH', 0x1234, 1) + b'abcdefgh'
out.append(carr('golden6_echo', eth(US, HOST, ipv6(HOST6, US6, 58, icmp6(HOST6, US6, 128, 0, echo_body)))))
out.append(carr('golden6_echo_reply_l3', ipv6(US6, HOST6, 58, icmp6(US6, HOST6, 129, 0, echo_body))))
# DAD for our static address: NS from ::, no option, to the solicited-node group
sng = solicited(US6)
out.append(carr('golden6_dad_ns', eth(mmac(sng), US, ipv6('::', sng, 58, icmp6('::', sng, 135, 0, b'\0' * 4 + a6(US6)), hlim=255))))
# the host resolves us: NS with its link-layer address; our solicited NA
ns = icmp6(HOST6, sng, 135, 0, b'\0' * 4 + a6(US6) + lla_opt(1, HOST))
out.append(carr('golden6_ns', eth(mmac(sng), HOST, ipv6(HOST6, sng, 58, ns, hlim=255))))
na = icmp6(US6, HOST6, 136, 0, bytes([0x60, 0, 0, 0]) + a6(US6) + lla_opt(2, US))
out.append(carr('golden6_na_l3', ipv6(US6, HOST6, 58, na, hlim=255)))
# we resolve the host: our NS; its solicited NA
hsn = solicited(HOST6)
out.append(carr('golden6_ns_out_l3', ipv6(US6, hsn, 58, icmp6(US6, hsn, 135, 0, b'\0' * 4 + a6(HOST6) + lla_opt(1, US)), hlim=255)))
hna = icmp6(HOST6, US6, 136, 0, bytes([0x60, 0, 0, 0]) + a6(HOST6) + lla_opt(2, HOST))
out.append(carr('golden6_host_na', eth(US, HOST, ipv6(HOST6, US6, 58, hna, hlim=255))))
# another host holds our tentative address: its NA (to all nodes, O set),
# or its own DAD solicitation
dna = icmp6(US6, 'ff02::1', 136, 0, bytes([0x20, 0, 0, 0]) + a6(US6) + lla_opt(2, HOST))
out.append(carr('golden6_dad_na', eth(mmac('ff02::1'), HOST, ipv6(US6, 'ff02::1', 58, dna, hlim=255))))
out.append(carr('golden6_dad_ns_other', eth(mmac(sng), HOST, ipv6('::', sng, 58, icmp6('::', sng, 135, 0, b'\0' * 4 + a6(US6)), hlim=255))))
# UDP to port 7 and the answer
out.append(carr('golden6_udp', eth(US, HOST, ipv6(HOST6, US6, 17, udp6(HOST6, US6, 5000, 7, b'hello')))))
out.append(carr('golden6_udp_reply_l3', ipv6(US6, HOST6, 17, udp6(US6, HOST6, 7, 5000, b'hello'))))
# UDP to port 9 (nothing bound): destination unreachable, port, quoting it all
u9 = ipv6(HOST6, US6, 17, udp6(HOST6, US6, 5000, 9, b'nobody'))
out.append(carr('golden6_udp9', eth(US, HOST, u9)))
out.append(carr('golden6_unreach_l3', ipv6(US6, HOST6, 58, icmp6(US6, HOST6, 1, 4, b'\0' * 4 + u9))))
# next header 253 (experimental): parameter problem code 1, pointer 6
p253 = ipv6(HOST6, US6, 253, b'12345678')
out.append(carr('golden6_nh253', eth(US, HOST, p253)))
out.append(carr('golden6_param_l3', ipv6(US6, HOST6, 58, icmp6(US6, HOST6, 4, 1, struct.pack('!I', 6) + p253))))
# a Hop-by-Hop option of type 0x80 (discard, problem code 2) before UDP
hbh = bytes([17, 0, 0x80, 4, 0, 0, 0, 0])
ph = ipv6(HOST6, US6, 0, hbh + udp6(HOST6, US6, 5000, 7, b'hbh'))
out.append(carr('golden6_hbh_bad', eth(US, HOST, ph)))
out.append(carr('golden6_hbh_param_l3', ipv6(US6, HOST6, 58, icmp6(US6, HOST6, 4, 2, struct.pack('!I', 42) + ph))))
# Hop-by-Hop with PadN and Destination Options with Pad1s: delivered
hbh_ok = bytes([60, 0, 1, 4, 0, 0, 0, 0]); dst_ok = bytes([17, 0, 0, 0, 0, 0, 0, 0])
out.append(carr('golden6_ext_ok', eth(US, HOST, ipv6(HOST6, US6, 0, hbh_ok + dst_ok + udp6(HOST6, US6, 5000, 7, b'ext')))))
# a Routing header (type 4) with segments left 1: parameter problem code 0, pointer 42
rh = bytes([17, 2, 4, 1, 0, 0, 0, 0]) + a6('2001:db8::99')
prh = ipv6(HOST6, US6, 43, rh + udp6(HOST6, US6, 5000, 7, b'rh'))
out.append(carr('golden6_routing', eth(US, HOST, prh)))
out.append(carr('golden6_routing_param_l3', ipv6(US6, HOST6, 58, icmp6(US6, HOST6, 4, 0, struct.pack('!I', 42) + prh))))
# Routing with segments left 0: ignored, delivered
rh0 = bytes([17, 2, 4, 0, 0, 0, 0, 0]) + a6('2001:db8::99')
out.append(carr('golden6_routing0', eth(US, HOST, ipv6(HOST6, US6, 43, rh0 + udp6(HOST6, US6, 5000, 7, b'rh0')))))
# a first fragment (M set): dropped; an atomic fragment: delivered
fr = bytes([17, 0, 0, 1, 0, 0, 0, 7])
out.append(carr('golden6_fragment', eth(US, HOST, ipv6(HOST6, US6, 44, fr + udp6(HOST6, US6, 5000, 7, b'frag')))))
fa = bytes([17, 0, 0, 0, 0, 0, 0, 8])
out.append(carr('golden6_atomic', eth(US, HOST, ipv6(HOST6, US6, 44, fa + udp6(HOST6, US6, 5000, 7, b'atom')))))
# a Router Advertisement: hop limit 64, lifetime 1800 s, MTU 1400, prefix 2001:db8:1::/64 A+L
pio = struct.pack('!BBBBIII', 3, 4, 64, 0xc0, 86400, 14400, 0) + a6('2001:db8:1::')
ra = icmp6(HOSTLL, 'ff02::1', 134, 0, struct.pack('!BBHII', 64, 0, 1800, 0, 0) + lla_opt(1, HOST) + struct.pack('!BBHI', 5, 1, 0, 1400) + pio)
out.append(carr('golden6_ra', eth(mmac('ff02::1'), HOST, ipv6(HOSTLL, 'ff02::1', 58, ra, hlim=255))))
# an RS from an address, and an MLDv2 report of one group from ::
rs = icmp6(US_LL, 'ff02::2', 133, 0, b'\0' * 4 + lla_opt(1, US))
out.append(carr('golden6_rs_l3', ipv6(US_LL, 'ff02::2', 58, rs, hlim=255)))
llsn = solicited(US_LL)
mld = icmp6('::', 'ff02::16', 143, 0, struct.pack('!HH', 0, 1) + bytes([4, 0, 0, 0]) + a6(llsn))
out.append(carr('golden6_mld_l3', ipv6('::', 'ff02::16', 0, bytes([58, 0, 5, 2, 0, 0, 1, 0]) + mld, hlim=1)))

# an MLDv2 general query from the router (hop limit 1, Router Alert)
q = icmp6(HOSTLL, 'ff02::1', 130, 0, struct.pack('!HH', 1000, 0) + a6('::') + bytes([2, 125, 0, 0]))
out.append(carr('golden6_mld_query', eth(mmac('ff02::1'), HOST, ipv6(HOSTLL, 'ff02::1', 0, bytes([58, 0, 5, 2, 0, 0, 1, 0]) + q, hlim=1))))

if len(sys.argv) > 2 and sys.argv[1] == '--corpus':
    os.makedirs(sys.argv[2], exist_ok=True)
    for name, b in frames.items():
        if not name.endswith('_l3') and not name.startswith('golden6_our'):
            open(os.path.join(sys.argv[2], name), 'wb').write(b)
else:
    print('/* Generated by gen-golden6.py; do not edit. */')
    print('#ifndef TEST_NET_GOLDEN6_H\n#define TEST_NET_GOLDEN6_H\n#include <stdint.h>\n')
    print('\n'.join(out))
    print('#endif')
