#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# What `tc qdisc add dev TAP root netem loss 5% reorder 25% duplicate 1%
# delay 50ms 10ms` does, in user space, for kernels without netem: relays
# Ethernet frames between the tap TAP and QEMU's `-netdev dgram` (UDP on
# 127.0.0.1, our port LPORT, QEMU's QPORT). Frames from the tap toward the
# appliance are lost with 5% probability, duplicated with 1%, and 25% go at
# once while the rest wait 50 ms +- 10 ms (so they are reordered); frames
# from the appliance pass unchanged, as with netem on the tap's egress.
# Runs until SIGTERM, then prints what it did; a fixed seed makes runs
# alike.
#
#   netem_relay.py TAP LPORT QPORT
import fcntl, heapq, os, random, select, signal, socket, struct, sys, time

LOSS, DUP, REORDER, DELAY, JITTER = 0.05, 0.01, 0.25, 0.050, 0.010
TUNSETIFF = 0x400454ca
IFF_TAP, IFF_NO_PI = 0x0002, 0x1000


def open_tap(name):
    fd = os.open('/dev/net/tun', os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF,
                struct.pack('16sH', name.encode(), IFF_TAP | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd


def main():
    tap = open_tap(sys.argv[1])
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(('127.0.0.1', int(sys.argv[2])))
    udp.setblocking(False)
    qemu = ('127.0.0.1', int(sys.argv[3]))
    rnd = random.Random(1)
    later = []  # (when, seq, frame)
    seq = 0
    counts = dict(passed=0, lost=0, dup=0, early=0)

    def done(sig, frame):
        print('netem_relay: toward the appliance: %(passed)d frames passed, '
              '%(lost)d lost, %(dup)d duplicated, %(early)d sent at once '
              '(the rest delayed)' % counts, flush=True)
        sys.exit(0)
    signal.signal(signal.SIGTERM, done)
    while True:
        wait = max(0.0, later[0][0] - time.monotonic()) if later else 1.0
        ready, _, _ = select.select([tap, udp], [], [], wait)
        if udp in ready:
            for _ in range(64):
                try:
                    frame = udp.recv(65536)
                except BlockingIOError:
                    break
                try:
                    os.write(tap, frame)
                except OSError:
                    pass
        if tap in ready:
            for _ in range(64):
                try:
                    frame = os.read(tap, 65536)
                except BlockingIOError:
                    break
                if rnd.random() < LOSS:
                    counts['lost'] += 1
                    continue
                copies = 2 if rnd.random() < DUP else 1
                counts['dup'] += copies - 1
                for _ in range(copies):
                    now = time.monotonic()
                    if rnd.random() < REORDER:
                        counts['early'] += 1
                        when = now
                    else:
                        when = now + DELAY + rnd.uniform(-JITTER, JITTER)
                    seq += 1
                    heapq.heappush(later, (when, seq, frame))
        now = time.monotonic()
        while later and later[0][0] <= now:
            _, _, frame = heapq.heappop(later)
            counts['passed'] += 1
            try:
                udp.sendto(frame, qemu)
            except OSError:
                pass


main()
