#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Differential test of DNS over TCP (RFC 7766) and zone transfers (RFC
5936): the same octets, in the same pieces, go to NSD (the reference) and
to the server under test on one connection each, and what comes back is
compared: every response message (zone transfers byte for byte, the
rest RRset by RRset as dnsdiff.py compares them) and whether the server
closed the connection.

The cases: several queries in one write, answered in order (pipelining);
one query sent an octet at a time; a length prefix split from its query;
lengths 0, 12 and 16 (NSD closes the connection), a response (QR set,
dropped: closed), trailing octets, NOTIMP and FORMERR, answers too long
for UDP; AXFR of every zone (without and with EDNS and the DO bit, in
mixed case, pipelined behind a query and followed by one), IXFR with an
old, the current and a newer serial and without the client's SOA; AXFR
and IXFR of names that are not zones.

usage: tcpdiff.py REF_PORT TEST ZONE... [--refused] [--verbose]
--refused: neither server allows transfers to us (NSD without provide-xfr),
so the transfer cases check the refusals.
Prints "compared N TCP cases: N passed, N failed"; exits 1 on a difference.
"""
import socket
import struct
import sys
import time

from dnsdiff import build_query, endpoint, enc_name, parse, summary


def pre(msg):
    return struct.pack(">H", len(msg)) + msg


def exchange(addr, pieces, expect, timeout=3.0):
    """Sends the pieces (pausing between them; None: our FIN), reads until
    `expect` messages came, the server closed, or it was quiet for half a
    second. Returns (messages, how the connection ended)."""
    s = socket.create_connection(addr, timeout=timeout)
    ended = "open"
    try:
        for p in pieces:
            if p is None:
                s.shutdown(socket.SHUT_WR)
                continue
            s.sendall(p)
            if len(pieces) > 1:
                time.sleep(0.002)
    except OSError:
        ended = "closed"
    buf, msgs = b"", []
    deadline = time.time() + timeout
    s.settimeout(0.5 if expect is None else timeout)
    while ended == "open" and time.time() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except OSError:
            ended = "closed"
            break
        if not chunk:
            ended = "closed"
            break
        buf += chunk
        while len(buf) >= 2 and len(buf) >= 2 + struct.unpack(">H", buf[:2])[0]:
            n = struct.unpack(">H", buf[:2])[0]
            msgs.append(buf[2:2 + n])
            buf = buf[2 + n:]
        if expect is not None and len(msgs) >= expect:
            break
    s.close()
    if buf:
        msgs.append(("partial", buf))
    return msgs, ended


def soa_query(qid, zone, serial, edns=None):
    """An IXFR with the client's SOA (serial) in the authority section."""
    q = build_query(qid, enc_name(zone), 251, edns=edns)
    rd = enc_name("ns." + zone) + enc_name("h." + zone) + \
        struct.pack(">5I", serial, 1, 2, 3, 4)
    rr = b"\xc0\x0c" + struct.pack(">HHIH", 6, 1, 0, len(rd)) + rd
    end = 12 + len(enc_name(zone)) + 4
    hdr = q[:8] + struct.pack(">H", 1) + q[10:12]
    return hdr + q[12:end] + rr + q[end:]


def mixcase(name):
    return "".join(c.upper() if i % 2 else c for i, c in enumerate(name))


def zone_serial(addr, zone):
    msgs, _ = exchange(addr, [pre(build_query(1, enc_name(zone), 6))], 1)
    for owner, rtype, _, _, rdata in parse(msgs[0])["sections"][0]:
        if rtype == 6:
            return int(rdata.split()[2])
    raise SystemExit("tcpdiff: no SOA for %s from port %d" % (zone, addr[1]))


def cases(zones, serials):
    """(description, pieces, messages expected or None, raw) tuples."""
    z0 = zones[0]
    q = build_query(0x1001, enc_name(z0), 6)
    qs = [build_query(0x2000 + i, enc_name(n), t) for i, (n, t) in enumerate(
        [(z0, 1), ("www." + z0, 1), (z0, 15), ("nx." + z0, 1), (z0, 2),
         ("big." + z0, 16), (z0, 255), ("example.net", 1)])]
    qr = bytearray(q)
    qr[2] |= 0x80
    out = [
        ("one query", [pre(q)], 1, False),
        ("eight queries in one write (pipelined)",
         [b"".join(pre(m) for m in qs)], len(qs), False),
        ("one query an octet at a time",
         [bytes([c]) for c in pre(qs[1])], 1, False),
        ("the prefix apart from the query", [pre(q)[:1], pre(q)[1:2],
                                             pre(q)[2:]], 1, False),
        ("three queries split across writes",
         [(pre(qs[0]) + pre(qs[1]) + pre(qs[2]))[:30],
          (pre(qs[0]) + pre(qs[1]) + pre(qs[2]))[30:]], 3, False),
        ("a long TXT answer (TC over UDP)",
         [pre(build_query(7, enc_name("big." + z0), 16, edns=512))], 1, False),
        ("length 0, then a query", [b"\0\0", pre(q)], None, False),
        ("length 12 (a header), then a query", [pre(q[:12]), pre(q)], None,
         False),
        ("length 16, then a query", [pre(q[:16]), pre(q)], None, False),
        ("a response (QR set), then a query", [pre(bytes(qr)), pre(q)], None,
         False),
        ("trailing octets after the query", [pre(q + bytes(100)), pre(q)], 2,
         False),
        ("opcode STATUS", [pre(build_query(3, enc_name(z0), 1, flags=0x1000))],
         1, False),
        ("17 octets of junk", [pre(b"\x00\x05\x00\x00" + b"\xff" * 13)], 1,
         False),
        ("a query, then EOF", [pre(q), None], None, False),
        ("half a query, then EOF", [pre(q)[:10], None], None, False),
    ]
    for z in zones:
        serial = serials[z]
        out += [
            ("AXFR %s" % z, [pre(build_query(0x3000, enc_name(z), 252))],
             None, True),
            ("AXFR %s with EDNS and DO" % z,
             [pre(build_query(0x3001, enc_name(z), 252, edns=1232, do=True))],
             None, True),
            ("AXFR %s in mixed case, RD clear" % z,
             [pre(build_query(0x3002, enc_name(mixcase(z)), 252, flags=0))],
             None, True),
            ("a query, AXFR %s, a query (pipelined)" % z,
             [pre(q) + pre(build_query(0x3003, enc_name(z), 252)) + pre(q)],
             None, True),
            ("IXFR %s without the client's SOA" % z,
             [pre(build_query(0x3004, enc_name(z), 251))], None, True),
            ("IXFR %s from serial 1" % z, [pre(soa_query(0x3005, z, 1))],
             None, True),
            ("IXFR %s from the current serial" % z,
             [pre(soa_query(0x3006, z, serial))], None, True),
            ("IXFR %s from a newer serial, EDNS" % z,
             [pre(soa_query(0x3007, z, (serial + 5) % 2**32, edns=1232))],
             None, True),
            ("AXFR below %s (not a zone)" % z,
             [pre(build_query(0x3008, enc_name("www." + z), 252,
                              edns=1232))], None, True),
        ]
    out += [
        ("AXFR of a name outside the zones",
         [pre(build_query(0x3009, enc_name("example.net"), 252))], None, True),
        ("IXFR of a name outside the zones",
         [pre(soa_query(0x300a, "example.net", 1))], None, True),
    ]
    return out


def show(msgs, raw):
    out = []
    for m in msgs:
        if isinstance(m, tuple):
            out.append("partial %s" % m[1].hex())
        elif raw:
            out.append(m.hex())
        else:
            out.append(summary(parse(m)))
    return out


def in_order(pieces, msgs):
    """Whether the answers carry the IDs of the queries, in their order."""
    stream, ids = b"".join(p for p in pieces if p is not None), []
    while len(stream) >= 4:
        n = struct.unpack(">H", stream[:2])[0]
        ids.append(stream[2:4])
        stream = stream[2 + n:]
    got = [m[:2] for m in msgs if not isinstance(m, tuple)]
    # A transfer answers with several messages of one ID.
    dedup = [g for i, g in enumerate(got) if i == 0 or got[i - 1] != g]
    return dedup == ids


def first_difference(x, y):
    """x around where it first differs from y (hex text or a summary)."""
    if not isinstance(x, str) or not isinstance(y, str):
        return x
    i = next((k for k in range(min(len(x), len(y))) if x[k] != y[k]),
             min(len(x), len(y)))
    return "%d hex digits, at %d: ...%s..." % (len(x), i, x[max(0, i - 40):i + 40])


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    ref, test, zones = endpoint(args[0]), endpoint(args[1]), args[2:]
    zones = [z.rstrip(".") for z in zones]
    serials = {z: zone_serial(ref, z) for z in zones}
    passed = failed = 0
    for desc, pieces, expect, raw in cases(zones, serials):
        a = exchange(ref, pieces, expect)
        b = exchange(test, pieces, expect)
        sa = (show(a[0], raw), a[1])
        sb = (show(b[0], raw), b[1])
        if "pipelined" in desc and not in_order(pieces, b[0]):
            failed += 1
            print("DIFF %s: the answers are not in the order of the queries"
                  % desc)
            continue
        if sa == sb:
            passed += 1
            if verbose:
                print("same: %s: %d messages, %s" % (desc, len(a[0]), a[1]))
            continue
        failed += 1
        print("DIFF %s" % desc)
        print("  ref:  %d messages, %s" % (len(a[0]), a[1]))
        print("  test: %d messages, %s" % (len(b[0]), b[1]))
        for i, (x, y) in enumerate(zip(sa[0], sb[0])):
            if x != y:
                print("  message %d differs:" % i)
                print("    ref:  %s" % first_difference(x, y))
                print("    test: %s" % first_difference(y, x))
                break
    print("compared %d TCP cases: %d passed, %d failed" %
          (passed + failed, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
