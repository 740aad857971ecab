#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# The echo checks of echo-boot.sh against an echo server (RFC 862) on
# 127.0.0.1:PORT, UDP and TCP: datagrams of every size class come back
# byte for byte to their sender; a TCP stream larger than the server's
# buffers comes back whole while it is still being sent; concurrent
# connections each get their own bytes; a client's FIN gets the server's
# FIN after the echo. Prints one line per check, then
# "sent: N datagrams, M connections" (what the server should have counted);
# exits 1 at the first failure, saying what was expected and what came.
#
#   echo_checks.py --port PORT
import argparse
import os
import socket
import sys
import threading

TIMEOUT = 10.0


def fail(msg):
    print('FAIL: ' + msg)
    sys.exit(1)


def check_udp(port):
    """Each datagram comes back unchanged; returns how many were sent."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    payloads = [b'', b'x', b'hello, echo\n', bytes(range(256)),
                os.urandom(1000), os.urandom(1472)]
    for p in payloads:
        s.sendto(p, ('127.0.0.1', port))
        try:
            got, _ = s.recvfrom(4096)
        except socket.timeout:
            fail('udp: no echo of a %d-byte datagram in %.0f s'
                 % (len(p), TIMEOUT))
        if got != p:
            fail('udp: expected the %d bytes sent back, found %d bytes '
                 '(first difference at %d)'
                 % (len(p), len(got), first_diff(p, got)))
    s.close()
    print('udp: %d datagrams of 0 to 1472 bytes echoed' % len(payloads))
    return len(payloads)


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def connect(port):
    c = socket.create_connection(('127.0.0.1', port), timeout=TIMEOUT)
    c.settimeout(TIMEOUT)
    return c


def read_exactly(c, n, what):
    buf = bytearray()
    while len(buf) < n:
        try:
            chunk = c.recv(min(65536, n - len(buf)))
        except socket.timeout:
            fail('%s: expected %d bytes back, found %d after %.0f s of '
                 'silence' % (what, n, len(buf), TIMEOUT))
        if not chunk:
            fail('%s: expected %d bytes back, found %d and the end of the '
                 'stream' % (what, n, len(buf)))
        buf += chunk
    return bytes(buf)


def expect_eof(c, what):
    try:
        rest = c.recv(4096)
    except socket.timeout:
        fail('%s: expected the server\'s FIN after our shutdown, found '
             'nothing in %.0f s' % (what, TIMEOUT))
    if rest:
        fail('%s: expected the end of the stream, found %d more bytes'
             % (what, len(rest)))


def check_tcp_stream(port):
    """A stream bigger than the buffers, sent while the echo is read."""
    data = os.urandom(300 * 1024)
    c = connect(port)
    sender = threading.Thread(target=c.sendall, args=(data,))
    sender.start()
    got = read_exactly(c, len(data), 'tcp stream')
    sender.join()
    if got != data:
        fail('tcp stream: the echo differs from what was sent at byte %d'
             % first_diff(data, got))
    c.shutdown(socket.SHUT_WR)
    expect_eof(c, 'tcp stream')
    c.close()
    print('tcp: %d bytes echoed on one connection, then FIN for FIN'
          % len(data))
    return 1


def check_tcp_concurrent(port, n=4):
    """Connections open at once, interleaved: each gets its own bytes."""
    conns = [connect(port) for _ in range(n)]
    for rnd in range(5):
        msgs = [('connection %d round %d\n' % (i, rnd)).encode()
                for i in range(n)]
        for c, m in zip(conns, msgs):
            c.sendall(m)
        for i, (c, m) in enumerate(zip(conns, msgs)):
            got = read_exactly(c, len(m), 'tcp connection %d' % i)
            if got != m:
                fail('tcp connection %d: expected %r, found %r'
                     % (i, m, got))
    for i, c in enumerate(conns):
        c.shutdown(socket.SHUT_WR)
        expect_eof(c, 'tcp connection %d' % i)
        c.close()
    print('tcp: %d connections at once, each echoed its own bytes' % n)
    return n


def check_tcp_empty(port):
    """A connection that sends nothing and closes gets a FIN back."""
    c = connect(port)
    c.shutdown(socket.SHUT_WR)
    expect_eof(c, 'tcp empty connection')
    c.close()
    print('tcp: an empty connection closed cleanly')
    return 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, required=True)
    port = ap.parse_args().port
    datagrams = check_udp(port)
    conns = (check_tcp_stream(port) + check_tcp_concurrent(port)
             + check_tcp_empty(port))
    print('sent: %d datagrams, %d connections' % (datagrams, conns))


if __name__ == '__main__':
    main()
