#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The limits of the DNS appliance's TCP service (dns.tcp_max_connections,
dns.tcp_idle_ms), which NSD cannot be compared on: with a pool of 4 and an
idle timeout of 1 s, four connections are answered, a fifth is closed
without an answer as soon as it is accepted, the others keep working; an
idle connection is closed after about the timeout (200 ms while more than
half the pool is busy); a client that sends queries without reading its
answers is served once it reads (back-pressure, no answer lost).

usage: tcp_limits.py PORT
Prints one line per check and "tcp-limits: N checks passed"; exits 1 on a
failure.
"""
import socket
import struct
import sys
import time

from dnsdiff import build_query, enc_name


def pre(msg):
    return struct.pack(">H", len(msg)) + msg


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=5)


_pending = {}


def recv_msg(s):
    """The next message on s (octets past it kept for the next call)."""
    buf = _pending.pop(s.fileno(), b"")
    while len(buf) < 2 or len(buf) < 2 + struct.unpack(">H", buf[:2])[0]:
        try:
            chunk = s.recv(65536)
        except OSError:  # reset: closed with our query unread
            return None
        if not chunk:
            return None
        buf += chunk
    n = struct.unpack(">H", buf[:2])[0]
    _pending[s.fileno()] = buf[2 + n:]
    return buf[2:2 + n]


def ask(s, qid):
    s.sendall(pre(build_query(qid, enc_name("example.com"), 6)))
    m = recv_msg(s)
    return m is not None and m[:2] == struct.pack(">H", qid)


def closed_within(s, seconds):
    """Seconds until the server closed s (None if it did not in time)."""
    t0 = time.time()
    s.settimeout(seconds)
    try:
        while s.recv(4096):
            pass
    except socket.timeout:
        return None
    except OSError:
        pass
    return time.time() - t0


def main():
    port = int(sys.argv[1])
    ok = 0

    def check(cond, what):
        nonlocal ok
        print("tcp-limits: %s: %s" % (what, "ok" if cond else "FAILED"))
        if not cond:
            sys.exit(1)
        ok += 1

    # One idle connection alone: closed after about 1 s.
    s = connect(port)
    check(ask(s, 1), "an answer on a fresh connection")
    t = closed_within(s, 5)
    check(t is not None and 0.7 <= t <= 3.0,
          "idle connection closed after %s s (dns.tcp_idle_ms 1000)" %
          (t and round(t, 2)))
    s.close()

    # The pool of 4: four answered (each asked as it opens: the third and
    # fourth get 200 ms), the fifth closed without an answer.
    conns = []
    for i in range(4):
        conns.append(connect(port))
        check(ask(conns[-1], 10 + i), "connection %d answered" % (i + 1))
    fifth = connect(port)
    fifth.sendall(pre(build_query(99, enc_name("example.com"), 6)))
    check(recv_msg(fifth) is None, "a fifth connection closed unanswered")
    fifth.close()
    t = closed_within(conns[3], 3)
    check(t is not None and t <= 0.9,
          "idle timeout %s s while the pool was busy" % (t and round(t, 2)))
    for c in conns:
        c.close()
    time.sleep(1.5)

    # Back-pressure: 300 queries sent before reading any answer.
    s = connect(port)
    n = 300
    s.sendall(b"".join(pre(build_query(1000 + i, enc_name("big.example.com"),
                                       16)) for i in range(n)))
    time.sleep(0.5)
    got = [recv_msg(s) for _ in range(n)]
    check(all(g is not None and g[:2] == struct.pack(">H", 1000 + i)
              for i, g in enumerate(got)),
          "%d pipelined queries answered in order after the client read" % n)
    s.close()
    print("tcp-limits: %d checks passed" % ok)
    return 0


if __name__ == "__main__":
    sys.exit(main())
