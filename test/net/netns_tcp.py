#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# The Linux side of netns-tcp.sh, run inside the test's network namespace
# against test/net/tcp-serve.c at ADDR:
#   1. transfers of every size in both directions (to the discard port 9,
#      whose answer gives the count and SHA-256 of what arrived; from the
#      source port 19, hashed here; up to 16 MiB also from port 21, which
#      sends the pattern's first 64 KiB over and over by reference), each
#      timed, with the longest time
#      without progress (bytes acknowledged, or bytes received), which
#      must stay under MAX_STALL;
#   2. (without --netem) 100 echo connections at once; closes by Linux
#      with SO_LINGER 0 (at rest and in the middle of a transfer); a reset
#      by the appliance (port 11); an active open by the appliance (port
#      20 connects back here);
#   3. after each step, `ss -tan` must show no connection to ADDR in a
#      state other than TIME-WAIT (at most 10 s after the step);
#   4. a connection to port 99 ends the appliance.
# Every wait is bounded. Prints one line per check; exits 1 on a failure.
#
#   netns_tcp.py ADDR [--netem] [--sizes 0,1,1460,...] [--transfers-only]
import argparse, hashlib, os, select, socket, struct, subprocess, sys
import threading, time

SIZES = [0, 1, 1460, 1461, 65536, 1 << 20, 16 << 20, 64 << 20]
STALL_LIMIT = 30.0  # no progress for this long ends the transfer
MAX_STALL = 5.0  # a few RTOs (200 ms at least, doubling): the most allowed
REF_MAX = 16 << 20  # the largest transfer asked of port 21 (by reference)
TCP_INFO_LEN = 232
OFF_BYTES_ACKED = 120  # struct tcp_info: tcpi_bytes_acked
OFF_RTO = 8  # tcpi_rto, microseconds

failures = []


def fail(msg):
    print('FAIL: ' + msg, flush=True)
    failures.append(msg)


def pattern(n):
    # byte i = (i mod 256) xor c(i / 256), as tcp-serve.c makes it
    tables = [bytes(j ^ c for j in range(256)) for c in range(256)]
    blocks = (n + 255) // 256
    out = b''.join(tables[(k * 157 + (k >> 8) * 13 + (k >> 16)) & 0xff]
                   for k in range(blocks))
    return out[:n]


def connect(addr, port, timeout=20.0):
    s = socket.create_connection((addr, port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def tcp_info(s, off, fmt):
    raw = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, TCP_INFO_LEN)
    return struct.unpack_from(fmt, raw, off)[0]


def wait_up(addr):
    end = time.time() + 90
    while time.time() < end:
        try:
            s = connect(addr, 7, timeout=2)
            s.close()
            return True
        except OSError:
            time.sleep(0.5)
    return False


def read_all(s, limit):
    got = b''
    while len(got) < limit:
        b = s.recv(limit - len(got))
        if not b:
            break
        got += b
    return got


def send_to_discard(addr, data):
    """Send data to port 9; return (seconds, longest stall) or None."""
    s = connect(addr, 9)
    s.setblocking(False)
    view = memoryview(data)
    sent = acked = 0
    start = last = time.monotonic()
    stall = 0.0
    while acked < len(data):
        now = time.monotonic()
        _, w, _ = select.select([], [s] if sent < len(data) else [], [],
                                0.005)
        if w:
            try:
                sent += s.send(view[sent:sent + (1 << 18)])
            except BlockingIOError:
                pass
        a = tcp_info(s, OFF_BYTES_ACKED, '<Q')
        now = time.monotonic()
        if a != acked:
            acked, last = a, now
        stall = max(stall, now - last)
        if now - last > STALL_LIMIT:
            fail('send %d B: no progress for %.0f s at %d acked'
                 % (len(data), STALL_LIMIT, acked))
            s.close()
            return None
    s.shutdown(socket.SHUT_WR)
    s.setblocking(True)
    s.settimeout(STALL_LIMIT)
    try:
        reply = read_all(s, 200)
    except OSError as e:
        fail('send %d B: no answer from the discard port: %s'
             % (len(data), e))
        return None
    took = time.monotonic() - start
    s.close()
    want = b'%d %s\n' % (len(data), hashlib.sha256(data).hexdigest().encode())
    if reply != want:
        fail('send %d B: the appliance counted %r, expected %r'
             % (len(data), reply, want))
        return None
    return took, stall


def recv_from_source(addr, n, want_sha, port=19):
    """Ask port (19, 21) for n bytes; return (seconds, longest stall) or
    None."""
    s = connect(addr, port)
    s.settimeout(STALL_LIMIT)
    h = hashlib.sha256()
    got = 0
    buf = bytearray(1 << 18)
    start = last = time.monotonic()
    stall = 0.0
    s.sendall(b'%d\n' % n)
    while True:
        try:
            k = s.recv_into(buf)
        except OSError as e:
            fail('receive %d B: %s after %d B' % (n, e, got))
            s.close()
            return None
        now = time.monotonic()
        stall = max(stall, now - last)
        last = now
        if k == 0:
            break
        h.update(memoryview(buf)[:k])
        got += k
    took = time.monotonic() - start
    s.close()
    if got != n or h.hexdigest() != want_sha:
        fail('receive %d B from port %d: got %d B, sha256 %s' % (n, port, got,
             'equal' if h.hexdigest() == want_sha else 'different'))
        return None
    return took, stall


def rate(n, t):
    return '%.2f MB/s' % (n / t / 1e6) if n and t > 0 else '-'


def transfers(addr, sizes):
    data = pattern(max(sizes))
    block = pattern(65536)  # port 21's block
    worst = 0.0
    for n in sizes:
        r = send_to_discard(addr, data[:n])
        if r:
            print('to appliance   %9d B: %7.2f s %12s, longest stall %.3f s,'
                  ' sha256 equal' % (n, r[0], rate(n, r[0]), r[1]),
                  flush=True)
            worst = max(worst, r[1])
        r = recv_from_source(addr, n, hashlib.sha256(data[:n]).hexdigest())
        if r:
            print('from appliance %9d B: %7.2f s %12s, longest stall %.3f s,'
                  ' sha256 equal' % (n, r[0], rate(n, r[0]), r[1]),
                  flush=True)
            worst = max(worst, r[1])
        if n <= REF_MAX:
            want = hashlib.sha256((block * (n // len(block) + 1))[:n])
            r = recv_from_source(addr, n, want.hexdigest(), port=21)
            if r:
                print('by reference   %9d B: %7.2f s %12s, longest stall '
                      '%.3f s, sha256 equal' % (n, r[0], rate(n, r[0]), r[1]),
                      flush=True)
                worst = max(worst, r[1])
        check_states(addr, 'after the transfers of %d B' % n)
    print('transfers: longest stall %.3f s' % worst, flush=True)
    if worst > MAX_STALL:
        fail('transfers: a stall of %.3f s, over the %.0f s (a few RTOs) '
             'allowed' % (worst, MAX_STALL))


def bad_states(addr):
    out = subprocess.run(['ss', '-tanH'], capture_output=True, text=True,
                         timeout=10).stdout
    bad = []
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 5 and (f[4].startswith(addr + ':') or
                            f[3].startswith(addr + ':')):
            if f[0] not in ('TIME-WAIT',):
                bad.append(line)
    return bad


def check_states(addr, when):
    end = time.time() + 10
    while True:
        bad = bad_states(addr)
        if not bad or time.time() > end:
            break
        time.sleep(0.2)
    if bad:
        fail('%s: connections in a wrong state:\n  %s'
             % (when, '\n  '.join(bad)))
    else:
        print('ss: %s: no connection in a wrong state' % when, flush=True)


def echo_client(addr, i, results):
    msg = (b'client %03d ' % i) * 2000
    try:
        s = connect(addr, 7, timeout=30)
        s.settimeout(30)
        s.sendall(msg)
        got = read_all(s, len(msg))
        s.shutdown(socket.SHUT_WR)
        rest = s.recv(16)
        s.close()
        results[i] = got == msg and rest == b''
    except OSError as e:
        results[i] = e


def concurrent_echo(addr, n=100):
    results = [None] * n
    threads = [threading.Thread(target=echo_client, args=(addr, i, results))
               for i in range(n)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    ok = sum(1 for r in results if r is True)
    print('echo: %d of %d parallel connections echoed %d B each exactly '
          '(%.2f s)' % (ok, n, 22000, time.monotonic() - start), flush=True)
    if ok != n:
        fail('echo: %d failed: %r' % (n - ok, [r for r in results
                                               if r is not True][:5]))
    check_states(addr, 'after %d parallel echoes' % n)


def linger0(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    s.close()


def aborts(addr):
    s = connect(addr, 7)
    s.sendall(b'abort me')
    if read_all(s, 8) != b'abort me':
        fail('abort: no echo before the reset')
    linger0(s)
    check_states(addr, 'after a reset by Linux of an idle echo connection')
    s = connect(addr, 19)
    s.sendall(b'%d\n' % (16 << 20))
    s.settimeout(STALL_LIMIT)
    got = 0
    while got < (1 << 20):
        b = s.recv(1 << 16)
        if not b:
            break
        got += len(b)
    linger0(s)
    print('abort: Linux reset a transfer after %d B' % got, flush=True)
    check_states(addr, 'after a reset by Linux in the middle of a transfer')
    s = connect(addr, 11)
    s.settimeout(10)
    s.sendall(b'x')
    try:
        b = s.recv(16)
        fail('abort: port 11 answered %r instead of a reset' % b)
    except ConnectionResetError:
        print('abort: the appliance reset the connection (ECONNRESET)',
              flush=True)
    except OSError as e:
        fail('abort: port 11: %s instead of a reset' % e)
    s.close()
    check_states(addr, 'after a reset by the appliance')


def connect_back(addr, n=100000):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(('0.0.0.0', 5020))
    ls.listen(1)
    ls.settimeout(20)
    c = connect(addr, 20)
    c.settimeout(20)
    c.sendall(b'5020 %d\n' % n)
    answer = read_all(c, 16)
    c.close()
    if answer != b'ok\n':
        fail('connect back: port 20 answered %r' % answer)
        return
    try:
        s, peer = ls.accept()
    except OSError as e:
        fail('connect back: no connection from the appliance: %s' % e)
        return
    s.settimeout(20)
    got = read_all(s, n + 1)
    s.close()
    ls.close()
    if peer[0] != addr or got != pattern(n):
        fail('connect back: %d B from %r, pattern %s' % (
            len(got), peer, 'equal' if got == pattern(n) else 'different'))
    else:
        print('connect back: the appliance connected from %s:%d and sent '
              '%d B exactly' % (peer[0], peer[1], n), flush=True)
    check_states(addr, 'after the appliance\'s active open')


def quit(addr):
    try:
        s = connect(addr, 99, timeout=10)
        s.close()
    except OSError as e:
        fail('quit: %s' % e)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('addr')
    ap.add_argument('--netem', action='store_true')
    ap.add_argument('--sizes')
    ap.add_argument('--transfers-only', action='store_true',
                    help='only step 1 (and the states after it)')
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(',')] if a.sizes else SIZES
    if not wait_up(a.addr):
        print('FAIL: no connection to port 7 within 90 s')
        quit(a.addr)
        return 1
    start = time.monotonic()
    steps = [(transfers, a.addr, sizes)]
    if not a.netem and not a.transfers_only:
        steps += [(concurrent_echo, a.addr), (aborts, a.addr),
                  (connect_back, a.addr)]
    try:
        for fn, *args in steps:
            try:
                fn(*args)
            except Exception as e:  # a timeout, a reset: the step failed
                fail('%s: %r' % (fn.__name__, e))
    finally:
        print('linux side: %.1f s' % (time.monotonic() - start), flush=True)
        quit(a.addr)
    return 1 if failures else 0


sys.exit(main())
