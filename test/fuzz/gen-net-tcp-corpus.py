#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Writes the seed corpus of the TCP fuzz target (test/fuzz/net_tcp.c): one
file per scenario (handshakes both ways, data, close in every order, resets,
retransmission until the abort, reordering and SACK, zero windows, TIME-WAIT,
keep-alive, PAWS, a SYN flood...), in the event encoding of net_tcp.c, which
this script mirrors. Run it from anywhere after changing that encoding:

    test/fuzz/gen-net-tcp-corpus.py test/fuzz/corpus/net-tcp
"""
import os
import struct
import sys

FIN, SYN, RST, PSH, ACK, URG = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
# The bases of a sequence number (net_tcp.c pick_seq) and of an ACK (pick_ack).
P_NEXT, S_ACK, S_EDGE, P_ISN, SEQ_ANY = 0, 1, 2, 3, 4
S_MAX, S_SEQ, S_ISS, ACK_ANY = 0, 1, 2, 3
# Application modes (APP_* in net_tcp.c).
DRAIN, ECHO, CLOSE_EOF, ABORT, FILL, REF = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
# Parameters: first byte (mss index, cc, sack, ts, ws, keepalive), second.
MSS536, MSS1460, MSS64, MSS1000 = 0, 1, 2, 3
CUBIC, SACK, TS, WS, KEEPALIVE = 4, 8, 16, 32, 64
BIGSND, BIGRCV, FASTRTO = 0x20, 0x40, 0x80


class Input:
    def __init__(self, a=SACK | TS | WS | MSS1460, conns=4, backlog=2, b=0):
        self.buf = bytearray([a, (conns - 1) | (backlog - 1) << 3 | b])
        self.ntuples = 0

    def u16(self, v):
        self.buf += struct.pack(">H", v & 0xFFFF)

    def new_tuple(self, peer=0, port=80, rport=0):
        """A segment selector that opens a new 4-tuple."""
        hows = {80: (0, 2, 3), 7: (1, 3)}.get(port, (3,))
        for sel in range(self.ntuples * 16, 256):
            if sel % 3 == peer and (sel >> 2) & 3 == rport and sel >> 6 in hows:
                self.ntuples += 1
                return sel, port if sel >> 6 == 3 else None
        raise ValueError("no selector for a new tuple")

    def number(self, spec, any_base):
        """(base, delta[, scale[, value of an arbitrary base]])"""
        base, delta = spec[0], spec[1]
        scale = spec[2] if len(spec) > 2 else 0
        self.buf.append(base | scale << 3)
        self.u16(delta)
        if base == any_base:
            self.buf += struct.pack(">I", spec[3] if len(spec) > 3 else 0x12345678)

    def seg(self, tup, flags, seq=(S_ACK, 0), ack=(S_MAX, 0), win=65535,
            mss=None, ws=None, sackok=False, ts=None, sack=None, dlen=0,
            big=False, badsum=False, urg=0):
        """tup: an index of a known tuple, or a dict for a new one."""
        self.buf.append(0)
        if isinstance(tup, dict):
            sel, port = self.new_tuple(**tup)
            self.buf.append(sel)
            if port is not None:
                self.u16(port)
        else:
            self.buf.append(tup)
        self.buf.append(flags)
        self.number(seq, SEQ_ANY)
        self.number(ack, ACK_ANY)
        self.u16(win)
        osel = ((mss is not None) | (ws is not None) << 1 | sackok << 2 |
                (ts is not None) << 3 | (sack is not None) << 4 | big << 5 |
                badsum << 6)
        self.buf.append(osel)
        if mss is not None:
            self.u16(mss)
        if ws is not None:
            self.buf.append(ws)
        if ts is not None:
            self.buf.append(ts)
        if sack is not None:
            self.buf.append(len(sack) - 1)
            for back, length in sack:
                self.u16(back)
                self.u16(length)
        self.buf.append(dlen // 8 if big else dlen)
        if flags & URG:
            self.u16(urg)
        return self

    def syn_opts(self):
        return dict(mss=1460, ws=7, sackok=True, ts=1)

    def time_ms(self, n):
        self.buf += bytes([6, min(n, 64) - 1])
        return self

    def time_100ms(self, n):
        self.buf += bytes([6, 0x40 | n])
        return self

    def deadline(self, times=1):
        for _ in range(times):
            self.buf += bytes([7, 0x80])
        return self

    def minutes(self, n):
        self.buf += bytes([6, 0xC0 | n])
        return self

    def listen(self, port=80):
        self.buf += bytes([8, 1 if port == 7 else 0])
        return self

    def unlisten(self, port=80):
        self.buf += bytes([9, 1 if port == 7 else 0])
        return self

    def connect(self, peer=0, rport=0):
        for b in range(256):
            if b % 3 == peer and (b >> 2) & 3 == rport:
                self.buf += bytes([10, b])
                self.ntuples += 1  # its SYN opens the tuple
                return self
        raise ValueError

    def mode(self, m):
        self.buf += bytes([11, m])
        return self

    def refuse(self):
        self.buf.append(12)
        return self

    def app(self, op, idx=0, arg=None):
        self.buf += bytes([13 | op << 4, idx])
        if arg is not None:
            self.u16(arg)
        return self

    def read(self, idx=0, cap=4096):
        return self.app(0, idx, cap)

    def write(self, idx=0, n=1000):
        return self.app(1, idx, n)

    def shutdown(self, idx=0):
        return self.app(2, idx)

    def close(self, idx=0):
        return self.app(3, idx)

    def abort(self, idx=0):
        return self.app(4, idx)

    def by_reference(self, idx=0):
        """The connection's writes switch between copies and references."""
        return self.app(6, idx)

    # Whole steps.
    def passive_open(self, peer=0, port=80, rport=0, **opts):
        o = self.syn_opts()
        o.update(opts)
        t = self.ntuples
        self.seg(dict(peer=peer, port=port, rport=rport), SYN,
                 seq=(P_NEXT, 0), ack=(S_MAX, 0), **o)
        self.seg(t, ACK, seq=(P_NEXT, 0), ts=1 if o.get("ts") else None)
        return t

    def active_open(self, peer=0, rport=0, **opts):
        o = self.syn_opts()
        o.update(opts)
        t = self.ntuples
        self.connect(peer, rport)
        self.seg(t, SYN | ACK, seq=(P_NEXT, 0), ack=(S_MAX, 0), **o)
        return t

    def data(self, t, n, seq_delta=0, ts=True, flags=PSH | ACK):
        return self.seg(t, flags, seq=(S_ACK, seq_delta), dlen=n,
                        big=n > 255, ts=1 if ts else None)

    def ack(self, t, delta=0, ts=True, **kw):
        return self.seg(t, ACK, seq=(P_NEXT, 0), ack=(S_MAX, delta),
                        ts=1 if ts else None, **kw)


def scenarios():
    s = {}

    i = Input()
    t = i.listen().passive_open()
    i.data(t, 100).read().write(0, 500).time_ms(50).ack(t)
    i.seg(t, FIN | ACK, seq=(S_ACK, 0), ts=1).time_ms(1).close().ack(t)
    i.deadline()
    s["passive-echo-close"] = i

    i = Input()
    i.mode(DRAIN | ECHO | CLOSE_EOF).listen()
    t = i.passive_open()
    i.data(t, 200).time_ms(40).ack(t).data(t, 300).ack(t)
    i.seg(t, FIN | PSH | ACK, seq=(S_ACK, 0), dlen=10, ts=1).ack(t)
    i.deadline(3)
    s["passive-callbacks-echo"] = i

    i = Input()
    t = i.active_open()
    i.write(0, 3000).time_ms(10).ack(t).ack(t)
    i.data(t, 50).read().shutdown().time_ms(5).ack(t)
    i.seg(t, FIN | ACK, seq=(S_ACK, 0), ts=1).deadline(2)
    s["active-write-shutdown"] = i

    i = Input()
    t = i.listen().passive_open()
    i.seg(t, RST, seq=(S_ACK, 1), ts=1).seg(t, RST, seq=(S_ACK, 0))
    s["reset-challenge-then-exact"] = i

    i = Input()
    i.seg(dict(peer=0, port=8080), SYN, seq=(P_NEXT, 0), mss=536)
    i.seg(dict(peer=1, port=80), ACK, seq=(P_NEXT, 0), ack=(ACK_ANY, 0),
          dlen=20)
    s["closed-port-resets"] = i

    i = Input(b=FASTRTO)
    t = i.listen().passive_open()
    i.write(0, 2000).deadline(20)
    s["retransmit-until-abort"] = i

    i = Input(a=SACK | TS | MSS536, b=BIGRCV)
    t = i.listen().passive_open(mss=536)
    i.data(t, 100, seq_delta=200).data(t, 100, seq_delta=400)
    i.data(t, 200).read(0, 8192).time_ms(50)
    s["out-of-order-reassembly"] = i

    i = Input(a=SACK | TS | WS | MSS536, b=BIGSND)
    t = i.listen().passive_open(mss=536)
    i.write(0, 5000).write(0, 5000).time_ms(20)
    i.ack(t, delta=-4000).ack(t, delta=-4000, sack=[(3000, 536)])
    i.ack(t, delta=-4000, sack=[(2400, 1072)])
    i.ack(t, delta=-4000, sack=[(1800, 1608)]).ack(t, delta=-2000).ack(t)
    i.deadline(2)
    s["sack-fast-retransmit"] = i

    i = Input(a=TS | MSS536, b=BIGSND)
    t = i.listen().passive_open(mss=536, sackok=False)
    i.write(0, 5000).time_ms(20)
    for _ in range(4):
        i.ack(t, delta=-3000)
    i.ack(t, delta=-1500).ack(t)
    s["newreno-partial-ack"] = i

    i = Input()
    t = i.listen().passive_open(win=0)
    i.ack(t, win=0).write(0, 1000).deadline(4).ack(t, win=4096).deadline()
    s["zero-window-probe"] = i

    i = Input()
    t = i.listen().passive_open()
    i.close().seg(t, FIN | ACK, seq=(S_ACK, 0), ts=1).ack(t)
    i.seg(t, SYN, seq=(P_NEXT, 100000), ts=5, mss=1460).minutes(2)
    s["time-wait-reopen"] = i

    i = Input(backlog=2, conns=3)
    i.listen()
    for k in range(6):
        i.seg(dict(peer=k % 3, port=80, rport=k // 3), SYN, seq=(P_NEXT, 0),
              mss=1460)
    i.deadline(3)
    s["syn-flood-backlog"] = i

    i = Input()
    t = i.listen().passive_open(peer=2)
    i.data(t, 64).read().write(0, 64).ack(t)
    s["ipv6-exchange"] = i

    i = Input(a=SACK | TS | WS | KEEPALIVE | MSS1460)
    t = i.listen().passive_open()
    i.minutes(1).deadline(4)
    s["keepalive-timeout"] = i

    i = Input()
    t = i.listen().passive_open()
    i.data(t, 50).seg(t, PSH | ACK, seq=(S_ACK, 0), dlen=50, ts=0x85)
    s["paws-old-timestamp"] = i

    i = Input(a=SACK | TS | WS | CUBIC | MSS1460, b=BIGSND)
    t = i.listen().passive_open()
    for _ in range(8):
        i.write(0, 5000).time_ms(30).ack(t)
    i.ack(t, delta=-3000).ack(t, delta=-3000).ack(t, delta=-3000)
    i.ack(t, delta=-3000).ack(t).deadline()
    s["cubic-bulk-loss"] = i

    i = Input()
    t = i.listen().passive_open()
    i.refuse().write(0, 2000).deadline().refuse().deadline()
    s["device-refuses"] = i

    i = Input()
    t = i.ntuples
    i.connect().seg(t, RST | ACK, seq=(SEQ_ANY, 0), ack=(S_MAX, 0))
    i.connect(1, 1).deadline(8)
    s["connect-refused-and-timeout"] = i

    i = Input()
    t = i.listen().passive_open()
    i.data(t, 100).close().ack(t)
    s["close-unread-reset"] = i

    i = Input()
    t = i.listen().passive_open()
    i.close().ack(t).minutes(2)
    s["fin-wait-2-timeout"] = i

    i = Input()  # FINs cross: FIN-WAIT-1, CLOSING, TIME-WAIT
    t = i.listen().passive_open()
    i.close().seg(t, FIN | ACK, seq=(S_ACK, 0), ack=(S_SEQ, 0), ts=1)
    i.ack(t).minutes(1).minutes(1)
    s["simultaneous-close"] = i

    i = Input()
    t = i.active_open(ts=None, sackok=False, ws=None)
    i.shutdown().ack(t, ts=False).data(t, 100, ts=False).read()
    i.seg(t, FIN | ACK, seq=(S_ACK, 0)).deadline()
    s["half-close-no-options"] = i

    i = Input()
    t = i.active_open()
    i.seg(t, SYN | ACK, seq=(P_ISN, 0), ack=(S_MAX, 0), mss=1460, ts=1)
    i.seg(t, SYN, seq=(S_ACK, 0), ts=1).abort()
    s["syn-on-synchronized-abort"] = i

    i = Input()
    t = i.ntuples
    i.connect().seg(t, SYN, seq=(P_NEXT, 0), mss=1000).ack(t, ts=False)
    i.write(0, 100).deadline()
    s["simultaneous-open"] = i

    i = Input(a=SACK | TS | WS | MSS64)
    t = i.listen().passive_open(mss=64)
    i.write(0, 1000).ack(t).data(t, 255, flags=PSH | ACK | URG)
    s["tiny-mss-urgent"] = i

    i = Input()
    t = i.listen().passive_open(badsum=True)
    t2 = i.passive_open(rport=1)
    i.data(t2, 30, ts=True).seg(t2, ACK, seq=(S_EDGE, 0), dlen=10, ts=1)
    i.unlisten().passive_open(rport=2)
    s["bad-checksum-window-edge"] = i

    # Copies and references in one send queue, lost and SACKed across
    # their boundaries, then an RTO resends from both.
    i = Input(a=SACK | TS | WS | MSS536, b=BIGSND)
    t = i.listen().passive_open(mss=536)
    i.write(0, 300).by_reference().write(0, 2000).by_reference()
    i.write(0, 700).by_reference().write(0, 3000).time_ms(20)
    i.ack(t, delta=-5000).ack(t, delta=-5000, sack=[(1200, 536)])
    i.ack(t, delta=-5000, sack=[(1200, 1072)])
    i.ack(t, delta=-5000, sack=[(1200, 1608), (3400, 536)])
    i.time_ms(300).deadline().ack(t, delta=-3000).ack(t)
    i.seg(t, FIN | ACK, seq=(S_ACK, 0), ts=1).close().ack(t)
    s["write-by-reference-sack"] = i

    # References from the writable callback until the slots run out.
    i = Input(a=SACK | TS | MSS1460)
    i.mode(FILL | REF | DRAIN).listen()
    t = i.passive_open()
    for _ in range(20):
        i.write(0, 100)
    i.time_ms(20).ack(t, delta=-1000).ack(t).time_ms(20).ack(t)
    s["write-by-reference-slots"] = i

    # Regressions: bugs this target found in the core.
    i = Input(a=TS | MSS1460)  # an MSS option below the timestamps' 12
    t = i.listen().passive_open(mss=0)
    i.write(0, 5000)
    s["regress-mss-below-timestamps"] = i

    i = Input(conns=1)  # the socket must stay the application's
    i.connect().shutdown(0).listen()
    t = i.passive_open()
    i.write(0, 100)
    s["regress-shutdown-in-syn-sent"] = i

    i = Input(a=SACK | TS | MSS536)  # out-of-order bytes survive a drain
    i.mode(DRAIN).listen()
    t = i.passive_open(mss=536)
    i.data(t, 100, seq_delta=100).data(t, 50).data(t, 50)
    s["regress-ooo-after-drain"] = i

    i = Input()  # a FIN voids what was kept out of order past it
    t = i.listen().passive_open()
    i.data(t, 9, seq_delta=1).seg(t, FIN | ACK, seq=(S_ACK, 0), ts=1)
    i.close()
    s["regress-ooo-past-fin"] = i
    return s


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "corpus", "net-tcp")
    os.makedirs(out, exist_ok=True)
    for name, inp in sorted(scenarios().items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(inp.buf)


if __name__ == "__main__":
    main()
