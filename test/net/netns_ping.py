#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# The host side of netns-ping.sh, run inside the test's network namespace:
# ping ADDR with a raw ICMP socket (checking identifier, sequence and data
# of every reply), echo datagrams off its UDP port 7, then end the appliance
# with a datagram to port 9. Prints what it checked; exits 1 on a failure.
import os, socket, struct, sys, time

from inet_csum import csum

addr = sys.argv[1]

def ping(sock, seq, ident):
    data = b'unilink ping %d' % seq
    msg = struct.pack('!BBHHH', 8, 0, 0, ident, seq) + data
    msg = msg[:2] + struct.pack('!H', csum(msg)) + msg[4:]
    sock.sendto(msg, (addr, 0))
    end = time.time() + 2
    while time.time() < end:
        sock.settimeout(end - time.time())
        try:
            pkt, _ = sock.recvfrom(2048)
        except socket.timeout:
            break
        icmp = pkt[(pkt[0] & 15) * 4:]
        if len(icmp) < 8 or icmp[0] != 0:
            continue
        if csum(icmp) != 0:
            print('ping %d: reply with a bad checksum' % seq)
            return False
        if struct.unpack('!HH', icmp[4:8]) == (ident, seq) and icmp[8:] == data:
            return True
    print('ping %d: no correct reply within 2 s' % seq)
    return False

def wait_up(sock):
    # the appliance boots under TCG: retry the first ping for up to 30 s
    end = time.time() + 30
    while time.time() < end:
        if ping(sock, 0, os.getpid() & 0xffff):
            return True
    return False

def main():
    icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    if not wait_up(icmp):
        print('the appliance did not answer ping within 30 s')
        return 1
    ok = all(ping(icmp, seq, os.getpid() & 0xffff) for seq in range(1, 6))
    print('ping: 5 echo replies %s' % ('correct' if ok else 'WRONG'))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.settimeout(2)
    for i in range(5):
        data = b'udp echo %d' % i
        udp.sendto(data, (addr, 7))
        try:
            got, src = udp.recvfrom(2048)
        except socket.timeout:
            got, src = None, None
        if got != data or src != (addr, 7):
            print('udp echo %d: sent %r, got %r from %r' % (i, data, got, src))
            ok = False
    print('udp: 5 echoes %s' % ('correct' if ok else 'WRONG'))
    udp.sendto(b'quit', (addr, 9))
    return 0 if ok else 1

sys.exit(main())
