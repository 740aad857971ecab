#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# The host side of netns-frames.sh: frame-level conformance of the network
# stack. Run inside the test's network namespace, on a tap without an
# address (the namespace's kernel stays silent), it opens an AF_PACKET
# socket on the tap, boots the appliance (test/net/serve.c) with `unilink
# run`, sends crafted Ethernet frames and checks the answers byte for byte:
# ARP (gratuitous at start, request, probe, others), ICMP echo (sizes, options,
# padding, TTL 0), port and protocol unreachable with their quote and rate
# limit, and frames that must get no answer at all. "No answer" is proven
# by a barrier: an echo request sent after the frame, whose reply comes
# after anything the frame caused (the stack handles frames in order).
# At the end a datagram to port 9 stops the appliance, and the drop counters
# it prints must show each reason as often as it was provoked.
#
#   netns_frames.py DROP_H UNILINK IMAGE CMDLINE [dns]
#
# With "dns" the image is the DNS appliance (control port 9, no echo port
# 7): the UDP echo check is left out, the rest is the same.
import os, re, select, socket, struct, subprocess, sys, tempfile, time

from inet_csum import csum

TAP = 'tap0'
HOST_MAC = bytes.fromhex('020000000001')
OTHER_MAC = bytes.fromhex('020000000002')
GUEST_MAC = bytes.fromhex('525400000302')
BCAST_MAC = b'\xff' * 6
HOST_IP, GUEST_IP = '10.0.3.1', '10.0.3.2'
ETH_P_ALL, PACKET_OUTGOING = 3, 4

results = []


def check(name, ok, why=''):
    results.append(ok)
    print('%s - %s%s' % ('ok' if ok else 'FAIL', name,
                         '' if ok or not why else ': ' + why))
    return ok


def ip(a):
    return socket.inet_aton(a)


def eth(dst, src, etype, payload):
    return dst + src + struct.pack('!H', etype) + payload


def arp(op, sha, spa, tha, tpa):
    return struct.pack('!HHBBH', 1, 0x0800, 6, 4, op) + sha + ip(spa) + \
        tha + ip(tpa)


def ipv4(src, dst, proto, payload, ttl=64, ident=0x1234, frag=0,
         options=b'', bad_csum=False):
    ihl = 5 + len(options) // 4
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, ihl * 4 + len(payload),
                    ident, frag, ttl, proto, 0, ip(src), ip(dst)) + options
    c = csum(h) ^ (0x5555 if bad_csum else 0)
    return h[:10] + struct.pack('!H', c) + h[12:] + payload


def icmp(typ, code, rest, data, bad_csum=False):
    m = struct.pack('!BBH', typ, code, 0) + rest + data
    c = csum(m) ^ (0x5555 if bad_csum else 0)
    return m[:2] + struct.pack('!H', c) + m[4:]


def echo(ident, seq, data, bad_csum=False):
    return icmp(8, 0, struct.pack('!HH', ident, seq), data, bad_csum)


def udp(src, dst, sport, dport, data):
    n = 8 + len(data)
    u = struct.pack('!HHHH', sport, dport, n, 0) + data
    c = csum(ip(src) + ip(dst) + struct.pack('!BBH', 0, 17, n) + u) or 0xffff
    return u[:6] + struct.pack('!H', c) + u[8:]


def tcp_syn(src, dst, sport, dport):
    t = struct.pack('!HHIIBBHHH', sport, dport, 0x01020304, 0, 0x50, 0x02,
                    65535, 0, 0)
    ph = ip(src) + ip(dst) + struct.pack('!BBH', 0, 6, len(t))
    return t[:16] + struct.pack('!H', csum(ph + t)) + t[18:]


def to_guest(l3, dst_mac=GUEST_MAC, src_mac=HOST_MAC):
    return eth(dst_mac, src_mac, 0x0800, l3)


class Link:
    """The tap seen from the namespace: send frames, read the guest's."""

    def __init__(self):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                               socket.htons(ETH_P_ALL))
        self.s.bind((TAP, 0))
        self.seq = 0

    def send(self, frame):
        self.s.send(frame)

    def recv(self, deadline):
        """The next frame from the guest before deadline, or None."""
        while True:
            left = deadline - time.time()
            if left <= 0 or not select.select([self.s], [], [], left)[0]:
                return None
            f, addr = self.s.recvfrom(65536)
            if addr[2] == PACKET_OUTGOING or f[6:12] != GUEST_MAC:
                continue
            if self.answer_arp(f):
                continue
            return f

    def answer_arp(self, f):
        """Act as the host: a request for HOST_IP is answered, not shown."""
        if len(f) < 42 or f[12:14] != b'\x08\x06' or f[20:22] != b'\0\1' or \
                f[38:42] != ip(HOST_IP) or f[28:32] == f[38:42]:
            return False
        self.send(eth(f[6:12], HOST_MAC, 0x0806,
                      arp(2, HOST_MAC, HOST_IP, f[22:28], GUEST_IP)))
        return True

    def exchange(self, frame, want, timeout=3.0):
        """Send frame; the first guest frame want() accepts, and the
        frames that came before it."""
        self.send(frame)
        before, deadline = [], time.time() + timeout
        while True:
            f = self.recv(deadline)
            if f is None or want(f):
                return f, before
            before.append(f)

    def barrier(self, sent):
        """Send sent, then an echo request: the guest frames sent before
        its reply (None when the reply does not come)."""
        self.send(sent)
        self.seq += 1
        data = b'barrier %d' % self.seq
        f, before = self.exchange(to_guest(ipv4(HOST_IP, GUEST_IP, 1,
                                                echo(0xb0b0, self.seq, data))),
                                  lambda f: is_echo_reply(f, 0xb0b0,
                                                          self.seq, data))
        return before if f is not None else None


def is_echo_reply(f, ident, seq, data):
    if len(f) < 42 or f[12:14] != b'\x08\x00' or f[23] != 1:
        return False
    l4 = f[14 + (f[14] & 15) * 4:14 + struct.unpack('!H', f[16:18])[0]]
    return l4[:1] == b'\0' and l4[4:8] == struct.pack('!HH', ident, seq) \
        and l4[8:] == data


def check_ip_reply(name, f, proto, l4_len):
    """The guest's IPv4 header: 20 octets, checksum, addresses, padding."""
    h = f[14:34]
    problems = []
    if f[:12] != HOST_MAC + GUEST_MAC or f[12:14] != b'\x08\x00':
        problems.append('Ethernet header %s' % f[:14].hex())
    if h[0] != 0x45 or csum(h) != 0 or h[9] != proto or h[8] == 0:
        problems.append('IP header %s' % h.hex())
    if h[12:16] != ip(GUEST_IP) or h[16:20] != ip(HOST_IP):
        problems.append('addresses %s' % h[12:20].hex())
    if struct.unpack('!H', h[2:4])[0] != 20 + l4_len:
        problems.append('total length %d, expected %d' %
                        (struct.unpack('!H', h[2:4])[0], 20 + l4_len))
    if len(f) != max(60, 34 + l4_len):
        problems.append('frame of %d octets, expected %d' %
                        (len(f), max(60, 34 + l4_len)))
    return check(name, not problems, '; '.join(problems))


def wait_up(link):
    """ARP for the guest until it answers (30 s): the gratuitous ARP it
    sends when its address is set, and the reply."""
    req = eth(BCAST_MAC, HOST_MAC, 0x0806,
              arp(1, HOST_MAC, HOST_IP, b'\0' * 6, GUEST_IP))
    gratuitous = None
    end = time.time() + 30
    while time.time() < end:
        f, before = link.exchange(req, lambda f: f[12:14] == b'\x08\x06' and
                                  f[20:22] == b'\0\2', timeout=0.5)
        for g in before + ([f] if f else []):
            if g[12:14] == b'\x08\x06' and g[20:22] == b'\0\1' and \
                    g[28:32] == g[38:42] == ip(GUEST_IP):
                gratuitous = g
        if f is not None:
            return f, gratuitous
    return None, gratuitous


def test_arp(link, reply, gratuitous):
    want = eth(BCAST_MAC, GUEST_MAC, 0x0806,
               arp(1, GUEST_MAC, GUEST_IP, b'\0' * 6, GUEST_IP))
    check('gratuitous ARP at start', gratuitous is not None and
          gratuitous[:42] == want and len(gratuitous) == 60,
          'got %s' % (gratuitous.hex() if gratuitous else None))
    want = eth(HOST_MAC, GUEST_MAC, 0x0806,
               arp(2, GUEST_MAC, GUEST_IP, HOST_MAC, HOST_IP))
    check('ARP request -> reply (every field, padded to 60)',
          reply[:42] == want and len(reply) == 60 and
          reply[42:] == b'\0' * 18, 'got %s' % reply.hex())
    probe = eth(BCAST_MAC, OTHER_MAC, 0x0806,
                arp(1, OTHER_MAC, '0.0.0.0', b'\0' * 6, GUEST_IP))
    f, _ = link.exchange(probe, lambda f: f[12:14] == b'\x08\x06')
    want = eth(OTHER_MAC, GUEST_MAC, 0x0806,
               arp(2, GUEST_MAC, GUEST_IP, OTHER_MAC, '0.0.0.0'))
    check('ARP probe (RFC 5227) -> reply to the prober',
          f is not None and f[:42] == want, 'got %s' % (f.hex() if f else f))
    other = eth(BCAST_MAC, OTHER_MAC, 0x0806,
                arp(1, OTHER_MAC, '10.0.3.50', b'\0' * 6, '10.0.3.99'))
    got = link.barrier(other)
    check('ARP request for another address -> nothing', got == [],
          'got %r' % got)
    probe = eth(BCAST_MAC, OTHER_MAC, 0x0806,
                arp(1, OTHER_MAC, '0.0.0.0', b'\0' * 6, '10.0.3.99'))
    got = link.barrier(probe)
    check('ARP probe for another address -> nothing', got == [],
          'got %r' % got)


def ping(link, name, size, seq, options=b'', ttl=64, pad=b''):
    data = bytes((i * 7 + seq) & 0xff for i in range(size))
    frame = to_guest(ipv4(HOST_IP, GUEST_IP, 1, echo(0x5151, seq, data),
                          ttl=ttl, options=options)) + pad
    f, _ = link.exchange(frame, lambda f: is_echo_reply(f, 0x5151, seq, data))
    if not check(name + ': reply with the same id, seq and data',
                 f is not None):
        return
    check_ip_reply(name + ': IP header and frame', f, 1, 8 + size)
    check(name + ': ICMP checksum', csum(f[34:42 + size]) == 0)


def test_echo(link):
    for size in (0, 1, 56, 1472):
        ping(link, 'ping -s %d' % size, size, 100 + size)
    ping(link, 'ping -s 0 in a frame padded with 0xaa', 0, 2, pad=b'\xaa' * 18)
    ping(link, 'ping -s 57 (odd length)', 57, 3)
    ping(link, 'ping with IP options (NOP NOP NOP EOL)', 56, 4,
         options=b'\x01\x01\x01\x00')
    rr = bytes([7, 39, 4]) + b'\0' * 36 + b'\0'  # record route, 9 slots
    ping(link, 'ping with a 60-octet header (record route)', 1432, 5,
         options=rr)
    ping(link, 'ping with TTL 0 (RFC 1122 3.2.1.7: not discarded)', 8, 6,
         ttl=0)


def nothing(link, name, frame):
    got = link.barrier(frame)
    check(name + ' -> nothing', got == [],
          'got %s' % ([f.hex() for f in got] if got else 'no barrier reply'))


def test_silence(link):
    e = echo(0x5151, 900, b'silence')
    nothing(link, 'bad IP header checksum',
            to_guest(ipv4(HOST_IP, GUEST_IP, 1, e, bad_csum=True)))
    nothing(link, 'bad ICMP checksum', to_guest(ipv4(
        HOST_IP, GUEST_IP, 1, echo(0x5151, 901, b'x', bad_csum=True))))
    nothing(link, 'first fragment (MF)',
            to_guest(ipv4(HOST_IP, GUEST_IP, 1, e, frag=0x2000)))
    nothing(link, 'later fragment (offset 8)',
            to_guest(ipv4(HOST_IP, GUEST_IP, 1, e, frag=1)))
    nothing(link, 'IP destination not ours',
            to_guest(ipv4(HOST_IP, '10.0.3.77', 1, e)))
    nothing(link, 'Ethernet destination not ours',
            to_guest(ipv4(HOST_IP, GUEST_IP, 1, e), dst_mac=OTHER_MAC))
    nothing(link, 'ping to the subnet broadcast',
            to_guest(ipv4(HOST_IP, '10.0.3.255', 1, e), dst_mac=BCAST_MAC))
    nothing(link, 'ping to 255.255.255.255',
            to_guest(ipv4(HOST_IP, '255.255.255.255', 1, e),
                     dst_mac=BCAST_MAC))
    nothing(link, 'ping from a multicast source',
            to_guest(ipv4('224.0.0.5', GUEST_IP, 1, e)))
    nothing(link, '802.1Q VLAN-tagged ping',
            eth(GUEST_MAC, HOST_MAC, 0x8100,
                b'\x00\x05\x08\x00' + ipv4(HOST_IP, GUEST_IP, 1, e)))
    nothing(link, 'ping from a group Ethernet source',
            to_guest(ipv4(HOST_IP, GUEST_IP, 1, e),
                     src_mac=bytes.fromhex('030000000001')))
    bad_ihl = bytearray(ipv4(HOST_IP, GUEST_IP, 1, e))
    bad_ihl[0] = 0x44
    nothing(link, 'IHL 4', to_guest(bytes(bad_ihl)))
    unreach = icmp(3, 3, b'\0' * 4, ipv4(GUEST_IP, HOST_IP, 17,
                                         udp(GUEST_IP, HOST_IP, 7, 5555, b'')))
    nothing(link, 'ICMP port unreachable received',
            to_guest(ipv4(HOST_IP, GUEST_IP, 1, unreach)))
    nothing(link, 'UDP to a closed port at the broadcast address',
            to_guest(ipv4(HOST_IP, '10.0.3.255', 17,
                          udp(HOST_IP, '10.0.3.255', 5555, 4444, b'b')),
                     dst_mac=BCAST_MAC))


def unreach(link, name, dgram, code):
    """dgram must be answered with a destination unreachable of code whose
    quote is its IP header and 8 octets, byte for byte."""
    quote = dgram[:(dgram[0] & 15) * 4 + 8]
    want = icmp(3, code, b'\0' * 4, quote)
    f, _ = link.exchange(to_guest(dgram), lambda f: f[12:14] == b'\x08\x00'
                         and f[23] == 1 and f[34] == 3)
    if not check(name + ': destination unreachable, code %d' % code,
                 f is not None):
        return
    check_ip_reply(name + ': IP header and frame', f, 1, len(want))
    check(name + ': ICMP message byte for byte (quote: header + 8)',
          f[34:34 + len(want)] == want,
          'got %s, expected %s' % (f[34:34 + len(want)].hex(), want.hex()))


def tcp_reset(link, name, dgram):
    """A SYN to a port nobody listens on, in an image with TCP: RFC 9293
    3.10.7.1 answers <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>."""
    f, _ = link.exchange(to_guest(dgram), lambda f: f[12:14] == b'\x08\x00'
                         and f[23] == 6)
    if not check(name + ': a TCP segment back', f is not None):
        return
    t = f[34:14 + struct.unpack('!H', f[16:18])[0]]
    sport, dport, seq, ack, off, flags = struct.unpack('!HHIIBB', t[:14])
    ph = f[26:34] + struct.pack('!BBH', 0, 6, len(t))
    check(name + ': RST+ACK from port 80 to 5555, seq 0, ack SEG.SEQ+1',
          (sport, dport, seq, ack, flags) == (80, 5555, 0, 0x01020305, 0x14),
          'got ports %d>%d seq %#x ack %#x flags %#x' %
          (sport, dport, seq, ack, flags))
    check(name + ': TCP checksum', csum(ph + t) == 0)


def test_unreach(link, echo_port):
    u = udp(HOST_IP, GUEST_IP, 5555, 4444, b'anyone listening?')
    unreach(link, 'UDP to a closed port', ipv4(HOST_IP, GUEST_IP, 17, u), 3)
    unreach(link, 'UDP to a closed port, IP options',
            ipv4(HOST_IP, GUEST_IP, 17, u, options=b'\x01\x01\x01\x00'), 3)
    syn = ipv4(HOST_IP, GUEST_IP, 6, tcp_syn(HOST_IP, GUEST_IP, 5555, 80))
    if echo_port:
        unreach(link, 'TCP SYN (no TCP in the image)', syn, 2)
    else:
        tcp_reset(link, 'TCP SYN to a closed port (the DNS image has TCP)',
                  syn)
    if not echo_port:
        return
    u = udp(HOST_IP, GUEST_IP, 5555, 7, b'e')
    f, _ = link.exchange(to_guest(ipv4(HOST_IP, GUEST_IP, 17, u)),
                         lambda f: f[12:14] == b'\x08\x00' and f[23] == 17)
    check('UDP echo on port 7 (a short frame comes back padded to 60)',
          f is not None and f[42:43] == b'e' and len(f) == 60 and
          f[43:] == b'\0' * 17, 'got %s' % (f.hex() if f else f))


def test_rate_limit(link, burst):
    u = udp(HOST_IP, GUEST_IP, 5555, 4444, b'flood')
    frame = to_guest(ipv4(HOST_IP, GUEST_IP, 17, u))
    for _ in range(burst - 1):
        link.send(frame)
    got = link.barrier(frame)
    n = len([f for f in got or [] if f[23:24] == b'\x01' and f[34] == 3])
    check('%d closed-port datagrams at once: the rate limit holds '
          '(%d errors sent)' % (burst, n), got is not None and 1 <= n < burst)
    return n


def drop_texts(path):
    texts = {}
    for name, text in re.findall(r'X\((\w+),[\s\\]*"([^"]*)"\)',
                                 open(path).read()):
        texts[name] = text
    return texts


def check_counters(log, texts, sent_errors, burst, has_tcp):
    got = {}
    for n, text in re.findall(r'^net0: dropped (\d+): (.*)$', log, re.M):
        got[text.strip()] = int(n)
    want = {
        'ARP_NOT_US': 2, 'IP_CSUM': 1, 'ICMP_CSUM': 1, 'IP_FRAGMENT': 2,
        'IP_NOT_US': 1, 'ETH_NOT_US': 1, 'ICMP_BROADCAST': 2,
        'IP_BAD_SRC': 1, 'ETH_VLAN': 1, 'ETH_BAD_SRC': 1, 'IP_IHL': 1,
        'ICMP_ERROR_IN': 1,
        'UDP_PORT': 3 + burst, 'ICMP_RATE': burst - sent_errors,
    }
    if not has_tcp:  # else TCP answers the SYN and counts it itself
        want['IP_PROTO'] = 1
    for name, n in sorted(want.items()):
        text = texts.get(name)
        check('counter %s = %d' % (name, n), got.get(text) == n,
              '"%s" is %s' % (text, got.get(text)))
    extra = set(got) - {texts.get(k) for k in want}
    check('no other drop counter moved', not extra, ', '.join(sorted(extra)))


def main():
    drop_h, unilink, image, cmdline = sys.argv[1:5]
    dns = sys.argv[5:] == ['dns']
    texts = drop_texts(drop_h)
    link = Link()
    log = tempfile.TemporaryFile(mode='w+')
    vm = subprocess.Popen(
        [unilink, 'run', image, '--timeout', '90', '--append', cmdline, '--',
         '-netdev', 'tap,id=n0,ifname=%s,script=no,downscript=no' % TAP,
         '-device', 'virtio-net-device,netdev=n0,mac=' +
         ':'.join('%02x' % b for b in GUEST_MAC)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        reply, gratuitous = wait_up(link)
        if check('the appliance answers ARP within 30 s', reply is not None):
            test_arp(link, reply, gratuitous)
            test_echo(link)
            test_silence(link)
            test_unreach(link, not dns)
            burst = 60
            sent = test_rate_limit(link, burst)
        link.send(to_guest(ipv4(HOST_IP, GUEST_IP, 17,
                                udp(HOST_IP, GUEST_IP, 5555, 9, b'quit'))))
        status = vm.wait(timeout=30)
    except subprocess.TimeoutExpired:
        vm.kill()
        status = vm.wait()
    except BaseException:
        vm.kill()
        raise
    log.seek(0)
    out = log.read()
    print(out, end='')
    check('the appliance ended with status 0', status == 0, 'status %s' %
          status)
    if reply is not None:
        check_counters(out, texts, sent, burst, dns)
    failed = results.count(False)
    print('%d checks, %d failed' % (len(results), failed))
    return 1 if failed else 0


sys.exit(main())
