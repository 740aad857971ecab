#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# The measuring client of the TCP bench, the same for every peer (the
# appliance and the Linux VM serve the same ports, see peer.c):
#   send  N bytes to the discard port 9, timed from connect to its answer
#   recv  N bytes from the source port 19, timed from connect to its FIN
#   ref   the same from port 21 (the appliance queues the bytes by
#         reference, tcp_write_ref; the Linux VM sends as on port 19)
#   cps   connections per second for D seconds: connect, 1 byte to the echo
#         port 7 and back, close; one client, then P clients at once
# With --pid, the CPU time (user + system, /proc/PID/stat) that process
# (the peer's QEMU) used during each bulk transfer, in ms per MB moved.
# Prints one JSON object. Every socket call has a timeout.
#
#   client.py ADDR [--bytes N] [--seconds D] [--parallel P] [--wait S]
#             [--pid PID]
import argparse, json, os, socket, sys, threading, time

TICK = os.sysconf('SC_CLK_TCK')


def cpu_s(pid):
    """User + system seconds of pid so far (fields 14 and 15 of stat)."""
    with open('/proc/%d/stat' % pid) as f:
        # the command name may hold spaces: count fields after its ')'
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def with_cpu(pid, n, fn, *args):
    """fn(*args) -> MB/s, and the ms of pid's CPU per MB (None: no pid)."""
    before = cpu_s(pid) if pid else None
    mbps = fn(*args)
    if before is None:
        return mbps, None
    return mbps, (cpu_s(pid) - before) * 1e3 / (n / 1e6)


def connect(addr, port, timeout=30):
    s = socket.create_connection((addr, port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def wait_up(addr, seconds):
    end = time.time() + seconds
    while time.time() < end:
        try:
            connect(addr, 7, timeout=2).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False


def send(addr, n):
    chunk = memoryview(bytes(1 << 18))
    t = time.monotonic()
    s = connect(addr, 9)
    left = n
    while left > 0:
        k = s.send(chunk[:min(left, len(chunk))])
        left -= k
    s.shutdown(socket.SHUT_WR)
    reply = b''
    while True:
        b = s.recv(256)
        if not b:
            break
        reply += b
    took = time.monotonic() - t
    s.close()
    if int(reply.split()[0]) != n:
        raise SystemExit('send: the peer counted %r of %d' % (reply, n))
    return n / took / 1e6


def recv(addr, n, port=19):
    buf = bytearray(1 << 18)
    t = time.monotonic()
    s = connect(addr, port)
    s.sendall(b'%d\n' % n)
    got = 0
    while True:
        k = s.recv_into(buf)
        if k == 0:
            break
        got += k
    took = time.monotonic() - t
    s.close()
    if got != n:
        raise SystemExit('recv: got %d of %d' % (got, n))
    return n / took / 1e6


def one_conn(addr):
    s = connect(addr, 7, timeout=10)
    s.sendall(b'x')
    if s.recv(1) != b'x':
        raise OSError('no echo')
    s.close()


def cps(addr, seconds, parallel):
    count = [0] * parallel
    errors = [0] * parallel
    end = time.monotonic() + seconds

    def loop(i):
        while time.monotonic() < end:
            try:
                one_conn(addr)
                count[i] += 1
            except OSError:
                errors[i] += 1
    threads = [threading.Thread(target=loop, args=(i,))
               for i in range(parallel)]
    t = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join(seconds + 30)
    took = time.monotonic() - t
    return sum(count) / took, sum(errors)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('addr')
    ap.add_argument('--bytes', type=int, default=16 << 20)
    ap.add_argument('--seconds', type=float, default=5)
    ap.add_argument('--parallel', type=int, default=8)
    ap.add_argument('--wait', type=float, default=120)
    ap.add_argument('--pid', type=int)
    a = ap.parse_args()
    t = time.monotonic()
    if not wait_up(a.addr, a.wait):
        raise SystemExit('no connection to %s:7 within %.0f s'
                         % (a.addr, a.wait))
    r = {'ready_s': time.monotonic() - t}
    r['send_MBps'], r['send_cpu_ms_MB'] = with_cpu(a.pid, a.bytes, send,
                                                   a.addr, a.bytes)
    r['recv_MBps'], r['recv_cpu_ms_MB'] = with_cpu(a.pid, a.bytes, recv,
                                                   a.addr, a.bytes)
    r['ref_MBps'], r['ref_cpu_ms_MB'] = with_cpu(a.pid, a.bytes, recv,
                                                 a.addr, a.bytes, 21)
    r['cps_1'], r['cps_1_errors'] = cps(a.addr, a.seconds, 1)
    r['cps_p'], r['cps_p_errors'] = cps(a.addr, a.seconds, a.parallel)
    r['parallel'] = a.parallel
    print(json.dumps(r))


sys.exit(main())
