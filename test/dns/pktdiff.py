#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Packet-level differential DNS test: crafts raw query datagrams (header
and EDNS variants, every opcode and class, odd QTYPEs, malformed names,
compression pointers, truncation at every byte, trailing garbage, large
answers under every UDP limit) and sends each to the reference (NSD) and
to the server under test. Compares whether each answers at all, the ID,
every header flag (QR, opcode, AA, TC, RD, RA, Z, AD, CD), RCODE, the
counts, the question as sent back (case included), the RRsets of each
section (order-insensitive inside an RRset) and the OPT record (payload
size, extended RCODE, version, flags, options).

Then every packet goes over TCP too (with its length prefix, on one
connection to each server, opened again when a server closes it), and the
answers, or that there was none, are compared the same way; packets
shorter than 17 octets and responses (QR set) close the connection without
an answer on both, as NSD does, and --max-len does not apply.

usage: pktdiff.py REF TEST [--same=HOST:PORT] [--twice] [--max-len=N]
                  [--no-tcp] [--verbose] [--list]
REF and TEST are a port on 127.0.0.1 or HOST:PORT. --same names a second
instance of the server under test (say, without its memo): its responses,
and TEST's to the same packet sent twice (also with --twice alone), must be
byte for byte TEST's.
--max-len leaves out datagrams longer than N octets (the appliance's IPv4
drops fragments, so 1472 octets are all one datagram can hold there).
A query without a response is told from a slow one by a marker query sent
right after it (both servers answer datagrams in order). Differences that
are deliberate are listed in EXPECTED with the reason; they are reported
but do not fail. Prints "compared N packets: N passed, N failed" and exits
1 on any unexpected difference.
"""
import socket
import struct
import sys
import time

from dnsdiff import TcpClient, endpoint, rrsets

ZONE = "example.com."
A, NS, SOA, MX, TXT, AAAA, OPT, ANY = 1, 2, 6, 15, 16, 28, 41, 255
IN, CH, HS, NONE, CANY = 1, 3, 4, 254, 255
RD, CD, AD, Z, AA, TC, RA = 0x0100, 0x0010, 0x0020, 0x0040, 0x0400, 0x0200, 0x0080

# Cases whose difference from NSD is a deliberate choice (docs/dns.md,
# "Packet handling"): case name prefix -> reason.
EXPECTED = {}


def name(text):
    """Wire form of a presentation name (no escapes)."""
    if text in (".", ""):
        return b"\x00"
    out = b""
    for label in text.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("latin-1")
    return out + b"\x00"


def header(qid=0x1234, flags=RD, qd=1, an=0, ns=0, ar=0):
    return struct.pack(">HHHHHH", qid, flags, qd, an, ns, ar)


def question(qname=ZONE, qtype=A, qclass=IN):
    raw = qname if isinstance(qname, bytes) else name(qname)
    return raw + struct.pack(">HH", qtype, qclass)


def opt(size=1232, ext=0, version=0, eflags=0, options=b"", owner=b"\x00",
        rtype=OPT, rdlen=None):
    ttl = ext << 24 | version << 16 | eflags
    n = len(options) if rdlen is None else rdlen
    return owner + struct.pack(">HHIH", rtype, size, ttl, n) + options


def option(code, data=b""):
    return struct.pack(">HH", code, len(data)) + data


def rr(owner=ZONE, rtype=A, rclass=IN, ttl=300, rdata=b"\xc0\x00\x02\x01"):
    return name(owner) + struct.pack(">HHIH", rtype, rclass, ttl,
                                     len(rdata)) + rdata


def query(qname=ZONE, qtype=A, qclass=IN, flags=RD, edns=None, qid=0x1234,
          do=False, **opt_kw):
    """A well-formed query; edns is the payload size (None: no OPT), do
    sets the DO bit (eflags: all the OPT flags)."""
    if do:
        opt_kw["eflags"] = opt_kw.get("eflags", 0) | 0x8000
    tail = b"" if edns is None else opt(size=edns, **opt_kw)
    return (header(qid, flags, 1, 0, 0, 0 if edns is None else 1) +
            question(qname, qtype, qclass) + tail)


def tsig(key="key.example.", alg="hmac-sha256.", ttl=0, rclass=CANY,
         mac=b"\x11" * 32, orig=0x1234, error=0, other=b"", rdlen=None):
    body = (name(alg) + b"\x00\x00\x65\x43\x21\x00" + struct.pack(">HH", 300,
            len(mac)) + mac + struct.pack(">HHH", orig, error, len(other)) +
            other)
    n = len(body) if rdlen is None else rdlen
    return name(key) + struct.pack(">HHIH", 250, rclass, ttl, n) + body


def mutations(seed=8482, count=300):
    """Deterministic random mutations of a few queries (bytes replaced,
    inserted, cut), so that packets nobody thought of are compared too."""
    import random
    rng = random.Random(seed)
    bases = [query("www." + ZONE, A, edns=1232),
             query("big." + ZONE, TXT, edns=600, do=True),
             query(ZONE, ANY),
             query("x.wild." + ZONE, MX, edns=512, options=option(10, b"c" * 8)),
             header(ar=2) + question() + opt() + tsig(),
             query(ZONE, SOA, flags=4 << 11)]
    out = []
    for i in range(count):
        msg = bytearray(rng.choice(bases))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(msg))
            what = rng.random()
            if what < 0.6:
                msg[at] = rng.randrange(256)
            elif what < 0.8:
                msg[at:at] = bytes([rng.randrange(256)])
            else:
                del msg[at]
        out.append(("mutation %d" % i, bytes(msg)))
    return out


def cases():
    """(name, datagram) pairs."""
    out = []
    add = lambda n, p: out.append((n, p))
    base = query()
    ebase = query(edns=1232)
    # The header: ID, flags copied or not, RCODE and counts of a query.
    for qid in (0, 1, 0xBEEF, 0xFFFF):
        add("id %d" % qid, query(qid=qid))
    for bit, bname in ((RD, "RD"), (CD, "CD"), (AD, "AD"), (Z, "Z"),
                       (AA, "AA"), (TC, "TC"), (RA, "RA"), (0, "none"),
                       (RD | CD | AD | Z | AA | TC | RA, "all")):
        add("flag %s" % bname, query(flags=bit))
        add("flag %s edns" % bname, query(flags=bit, edns=1232))
        add("flag %s refused" % bname, query("example.net.", flags=bit))
        add("flag %s nxdomain" % bname, query("nx." + ZONE, flags=bit))
    for rcode in (1, 3, 5, 15):
        add("query with rcode %d" % rcode, query(flags=RD | rcode))
        add("query with rcode %d edns" % rcode, query(flags=rcode, edns=1232))
    add("QR set (a response)", query(flags=0x8000 | RD))
    add("QR set with answer", header(flags=0x8400, an=1) + question() + rr())
    add("QDCOUNT 0", header(qd=0))
    add("QDCOUNT 0 with question", header(qd=0) + question())
    add("QDCOUNT 0 with OPT", header(qd=0, ar=1) + opt())
    add("QDCOUNT 0 with OPT DO", header(qd=0, ar=1) + opt(eflags=0x8000))
    add("QDCOUNT 0 with OPT version 1", header(qd=0, ar=1) + opt(version=1))
    add("QDCOUNT 0 with OPT no RD", header(flags=0, qd=0, ar=1) + opt())
    add("QDCOUNT 0 with OPT opcode 2",
        header(flags=0x1100, qd=0, ar=1) + opt())
    add("QDCOUNT 0 with short OPT", header(qd=0, ar=1) + opt()[:10])
    add("QDCOUNT 2", header(qd=2) + question() + question(qtype=AAAA))
    add("QDCOUNT 2 one question", header(qd=2) + question())
    add("QDCOUNT 65535", header(qd=65535) + question())
    add("ANCOUNT 1", header(an=1) + question() + rr())
    add("ANCOUNT 1 no record", header(an=1) + question())
    add("NSCOUNT 1", header(ns=1) + question() + rr())
    add("ARCOUNT 1 A record", header(ar=1) + question() + rr())
    add("ARCOUNT 1 nothing", header(ar=1) + question())
    add("ARCOUNT 2 OPT then A", header(ar=2) + question() + opt() + rr())
    add("ARCOUNT 2 A then OPT", header(ar=2) + question() + rr() + opt())
    add("ARCOUNT 2 two OPT", header(ar=2) + question() + opt() + opt())
    add("ARCOUNT 2 one OPT", header(ar=2) + question() + opt())
    add("ARCOUNT 0 with OPT after", header() + question() + opt())
    # Opcodes: IQUERY, STATUS, NOTIFY, UPDATE, unassigned ones.
    for op in (1, 2, 3, 4, 5, 6, 15):
        add("opcode %d" % op, query(flags=op << 11 | RD))
        add("opcode %d edns" % op, query(flags=op << 11, edns=1232))
        add("opcode %d no question" % op, header(flags=op << 11, qd=0))
        add("opcode %d bad name" % op,
            header(flags=op << 11) + b"\xc0\x0c" + b"\x00\x01\x00\x01")
    add("opcode 4 other zone", query("example.net.", flags=4 << 11))
    add("opcode 4 below zone", query("www." + ZONE, flags=4 << 11))
    add("opcode 4 with SOA answer",
        header(flags=4 << 11 | AA, an=1) + question(ZONE, SOA) +
        rr(ZONE, SOA, rdata=name("ns1." + ZONE) + name("h." + ZONE) +
           struct.pack(">5I", 1, 2, 3, 4, 5)))
    # Classes.
    for cl, cname in ((CH, "CH"), (HS, "HS"), (CANY, "ANY"), (NONE, "NONE"),
                      (0, "0"), (2, "2"), (65535, "65535")):
        for qt in (A, SOA, TXT, ANY):
            add("class %s type %d" % (cname, qt), query(qclass=cl, qtype=qt))
            add("class %s type %d edns" % (cname, qt),
                query(qclass=cl, qtype=qt, edns=1232))
        add("class %s nx" % cname, query("nx." + ZONE, qclass=cl))
        add("class %s outside" % cname, query("example.net.", qclass=cl))
    for qn in ("version.bind.", "version.server.", "foo.bind.",
               "VERSION.BIND.", "authors.bind."):
        for qt in (TXT, ANY, A):
            add("chaos %s type %d" % (qn, qt), query(qn, qt, CH))
            add("chaos %s type %d edns" % (qn, qt),
                query(qn, qt, CH, edns=1232))
    for qn in ("id.server.", "hostname.bind."):
        add("chaos %s" % qn, query(qn, TXT, CH))
        add("chaos %s edns" % qn, query(qn, TXT, CH, edns=1232))
    add("chaos id.server type A", query("id.server.", A, CH))
    # QTYPEs.
    for qt in (0, 3, 4, 253, 254, 255, 252, 251, 41, 250, 249, 65535, 65280,
               46, 47, 48, 50, 128):
        add("qtype %d" % qt, query(qtype=qt))
        add("qtype %d www" % qt, query("www." + ZONE, qtype=qt))
        add("qtype %d nx" % qt, query("nx." + ZONE, qtype=qt))
        add("qtype %d edns do" % qt, query(qtype=qt, edns=4096, do=True))
    add("qtype AXFR outside", query("example.net.", qtype=252))
    add("qtype IXFR outside", query("example.net.", qtype=251))
    add("qtype IXFR below zone", query("www." + ZONE, qtype=251))
    add("qtype IXFR reverse zone", query("2.0.192.in-addr.arpa.", qtype=251,
                                         edns=1232))
    add("qtype IXFR with SOA authority",
        header(ns=1) + question(ZONE, 251) +
        rr(ZONE, SOA, rdata=name("ns1." + ZONE) + name("h." + ZONE) +
           struct.pack(">5I", 1, 2, 3, 4, 5)))
    add("qtype A with SOA authority",
        header(ns=1) + question(ZONE, A) + rr(ZONE, SOA, rdata=b"\x00" * 22))
    add("qtype ANY sub", query("sub." + ZONE, qtype=ANY))
    add("qtype ANY wild", query("x.wild." + ZONE, qtype=ANY, edns=512))
    add("qtype ANY big", query("big." + ZONE, qtype=ANY))
    # EDNS.
    for size in (0, 1, 511, 512, 513, 600, 1232, 1233, 1400, 4096, 65535):
        add("edns size %d" % size, query(edns=size))
        add("edns size %d big" % size, query("big." + ZONE, TXT, edns=size))
        add("edns size %d DO" % size, query(edns=size, do=True))
    add("edns version 1", query(edns=1232, version=1))
    add("edns version 1 DO", query(edns=1232, version=1, eflags=0x8000))
    add("edns version 255", query(edns=4096, version=255))
    add("edns version 1 flags", query(edns=1232, version=1,
                                      flags=RD | CD | AA | Z))
    add("edns version 1 refused", query("example.net.", edns=1232, version=1))
    add("edns version 1 class CH", query("version.bind.", TXT, CH,
                                         edns=1232, version=1))
    add("edns version 1 bad options",
        query(edns=1232, version=1, options=b"\x00\x03", rdlen=9))
    add("edns ext rcode in query", query(edns=1232, ext=1))
    add("edns all flags", query(edns=1232, eflags=0xFFFF))
    add("edns Z flags", query(edns=1232, eflags=0x7FFF))
    add("edns DO", query(edns=1232, eflags=0x8000))
    add("edns DO nx", query("nx." + ZONE, edns=1232, eflags=0x8000))
    add("edns DO refused", query("example.net.", edns=1232, eflags=0x8000))
    add("edns owner not root",
        header(ar=1) + question() + opt(owner=name(ZONE)))
    add("edns owner pointer",
        header(ar=1) + question() + opt(owner=b"\xc0\x0c"))
    add("edns type A in place of OPT",
        header(ar=1) + question() + opt(rtype=A))
    for code, data, what in ((3, b"", "NSID"), (10, b"\x01" * 8, "COOKIE 8"),
                             (10, b"\x01" * 16, "COOKIE 16"),
                             (10, b"\x01" * 24, "COOKIE 24"),
                             (10, b"\x01" * 7, "COOKIE 7"),
                             (10, b"\x01" * 41, "COOKIE 41"),
                             (8, b"\x00\x01\x18\x00\xc0\x00\x02", "subnet"),
                             (12, b"\x00" * 20, "padding"),
                             (11, b"\x00\x64", "keepalive"),
                             (15, b"\x00\x00", "EDE"),
                             (65000, b"xyz", "unknown"),
                             (0, b"", "code 0")):
        add("edns option %s" % what, query(edns=1232, options=option(code, data)))
        add("edns option %s refused" % what,
            query("example.net.", edns=1232, options=option(code, data)))
    add("edns two options", query(edns=1232, options=option(3) +
                                  option(10, b"\x02" * 8)))
    add("edns option overruns rdata",
        query(edns=1232, options=option(3, b"abcd")[:6], rdlen=6))
    add("edns option 3 bytes", query(edns=1232, options=b"\x00\x03\x00",
                                     rdlen=3))
    add("edns rdlen beyond datagram", query(edns=1232, options=b"", rdlen=10))
    add("edns rdlen 2 zero", query(edns=1232, options=b"\x00\x00", rdlen=2))
    add("edns trailing after OPT", query(edns=1232) + b"junk")
    # Names in the question.
    add("name root", query(".", SOA))
    add("name 0x20", query("eXaMpLe.CoM.", SOA))
    add("name 0x20 www", query("WwW.ExAmPlE.cOm.", A, edns=1232))
    add("name 0x20 nx", query("NX.Example.COM.", A))
    add("name 0x20 wild", query("Foo.WILD.example.com.", MX))
    add("name 0x20 repeated", query("WWW.EXAMPLE.COM.", A, edns=1232))
    add("name pointer to itself", header() + b"\xc0\x0c\x00\x01\x00\x01")
    add("name pointer forward", header() + b"\xc0\x12\x00\x01\x00\x01" +
        name(ZONE))
    add("name pointer after label", header() + b"\x03www\xc0\x0c\x00\x01\x00\x01")
    add("name pointer into header", header() + b"\x03www\xc0\x02\x00\x01\x00\x01")
    add("name label type 01", header() + b"\x43www\x00\x00\x01\x00\x01")
    add("name label type 10", header() + b"\x83www\x00\x00\x01\x00\x01")
    add("name label 63", query(b"\x3f" + b"a" * 63 + name(ZONE)))
    add("name label 64", header() + b"\x40" + b"a" * 64 + name(ZONE) +
        b"\x00\x01\x00\x01")
    long_ok = b"".join(b"\x3f" + b"b" * 63 for _ in range(3)) + b"\x3d" + \
        b"c" * 61 + b"\x00"
    add("name 255 octets", query(long_ok))
    long_bad = b"".join(b"\x3f" + b"b" * 63 for _ in range(3)) + b"\x3e" + \
        b"c" * 62 + b"\x00"
    add("name 256 octets", query(long_bad))
    add("name 256 octets in zone",
        query(b"\x3f" + b"b" * 63 + b"\x3f" + b"b" * 63 + b"\x3f" + b"b" * 63 +
              b"\x31" + b"c" * 49 + name(ZONE)))
    add("name no root", header() + b"\x03www")
    add("name binary label", query(b"\x03\x00\xff." + name(ZONE)))
    add("name with dot", query(b"\x07esc.dot" + name(ZONE)))
    add("trailing garbage", base + b"\xde\xad\xbe\xef")
    add("trailing garbage edns", ebase + b"\x00" * 40)
    add("trailing one byte", base + b"\x00")
    add("question type cut", header() + name(ZONE) + b"\x00\x01\x00")
    # Every prefix of a query with EDNS and options.
    full = query("www." + ZONE, A, edns=1232, flags=RD | CD,
                 options=option(3) + option(65001, b"ab"))
    for n in range(len(full)):
        add("truncated at %d" % n, full[:n])
    # Large answers: TC with and without EDNS, and which sections go.
    for qn, qt in (("big." + ZONE, TXT), (ZONE, ANY), (ZONE, NS), (ZONE, MX),
                   ("_sip._udp." + ZONE, 33), ("sub." + ZONE, A),
                   ("web." + ZONE, A), ("mx2." + ZONE, MX), (ZONE, 257),
                   ("txt." + ZONE, TXT)):
        for size in (None, 0, 512, 530, 560, 600, 650, 700, 800, 1232, 4096):
            add("size %s %s type %d" % (size, qn, qt),
                query(qn, qt, edns=size))
    # TSIG (RFC 8945): the key is never known, so NOTAUTH with BADKEY.
    add("tsig", header(ar=1) + question() + tsig())
    add("tsig edns", header(ar=2) + question() + opt() + tsig())
    add("tsig edns DO flags", header(flags=RD | CD | AA, ar=2) + question() +
        opt(eflags=0x8000) + tsig())
    add("tsig before OPT", header(ar=2) + question() + tsig() + opt())
    add("tsig BADVERS", header(ar=2) + question() + opt(version=1) + tsig())
    add("tsig key case", header(ar=1) + question() + tsig(key="KeY.Example."))
    add("tsig ttl 1", header(ar=1) + question() + tsig(ttl=1))
    add("tsig class IN", header(ar=1) + question() + tsig(rclass=IN))
    add("tsig other 16", header(ar=1) + question() + tsig(other=b"o" * 16))
    add("tsig other 17", header(ar=1) + question() + tsig(other=b"o" * 17))
    add("tsig no mac", header(ar=1) + question() + tsig(mac=b""))
    add("tsig short rdlen", header(ar=1) + question() + tsig(rdlen=4))
    add("tsig cut", header(ar=1) + question() + tsig()[:40])
    add("tsig error set", header(ar=1) + question() + tsig(error=16))
    add("tsig refused name", header(ar=1) + question("example.net.") +
        tsig())
    add("tsig class CH", header(ar=1) + question("version.bind.", TXT, CH) +
        tsig())
    add("tsig AXFR", header(ar=1) + question(ZONE, 252) + tsig())
    add("tsig twice", header(ar=2) + question() + tsig() + tsig())
    # NOTIFY with records, and zone transfers with odd sections.
    n4 = 4 << 11
    add("notify tsig", header(flags=n4, ar=1) + question(ZONE, SOA) + tsig())
    add("notify edns tsig", header(flags=n4, ar=2) + question(ZONE, SOA) +
        opt() + tsig())
    add("notify A record", header(flags=n4, ar=1) + question(ZONE, SOA) + rr())
    add("notify record cut", header(flags=n4, ar=1) + question(ZONE, SOA) +
        rr()[:8])
    add("notify QDCOUNT 0", header(flags=n4, qd=0) + question(ZONE, SOA))
    add("notify QDCOUNT 2", header(flags=n4, qd=2) + question(ZONE, SOA) +
        question(ZONE, SOA))
    add("notify reverse zone", query("2.0.192.in-addr.arpa.", SOA, flags=n4))
    add("notify zone case", query("EXAMPLE.com.", SOA, flags=n4 | AA))
    add("notify tsig outside", header(flags=n4, ar=1) +
        question("example.net.", SOA) + tsig())
    add("IXFR NSCOUNT 64", header(ns=64) + question(ZONE, 251) +
        rr(ZONE, SOA, rdata=b"\x00" * 22) * 64)
    add("IXFR NSCOUNT 65", header(ns=65) + question(ZONE, 251) +
        rr(ZONE, SOA, rdata=b"\x00" * 22) * 65)
    add("IXFR NSCOUNT 2 one record", header(ns=2) + question(ZONE, 251) +
        rr(ZONE, SOA, rdata=b"\x00" * 22))
    add("IXFR NS pointer", header(ns=1) + question(ZONE, 251) +
        b"\xc0\x0c" + struct.pack(">HHIH", SOA, IN, 0, 0))
    add("IXFR edns", query(ZONE, 251, edns=1232, do=True))
    add("IXFR class CH", query(ZONE, 251, CH))
    add("IXFR class ANY", query(ZONE, 251, CANY))
    add("AXFR edns", query(ZONE, 252, edns=1232))
    add("AXFR class ANY", query(ZONE, 252, CANY))
    add("AXFR class HS", query(ZONE, 252, HS, edns=1232))
    add("AXFR ANCOUNT 1", header(an=1) + question(ZONE, 252) + rr())
    out.extend(mutations())
    # Odd sizes of datagram.
    add("empty datagram", b"")
    add("one byte", b"\x12")
    add("header only", header())
    add("header only QDCOUNT 0", header(qd=0))
    add("big datagram", query(edns=4096) + b"\x00" * 3000)
    return out


def read_name(msg, off):
    labels, jumps, end = [], 0, None
    while True:
        c = msg[off]
        if c & 0xC0 == 0xC0:
            if end is None:
                end = off + 2
            off = (c & 0x3F) << 8 | msg[off + 1]
            jumps += 1
            if jumps > 128:
                raise ValueError("pointer loop")
            continue
        if c & 0xC0:
            raise ValueError("label type %02x" % c)
        off += 1
        if c == 0:
            break
        labels.append(msg[off:off + c])
        if len(labels[-1]) != c:
            raise ValueError("name past the end")
        off += c
    return labels, end if end is not None else off


def text(labels):
    return ".".join(l.decode("latin-1") for l in labels) + "."


RDATA_NAMES = {2: (0,), 5: (0,), 12: (0,), 15: (2,), 33: (6,), 39: (0,)}


def rdata(msg, off, rdlen, rtype):
    """Rdata with the names uncompressed and lowercased, in hex."""
    if rtype == SOA:
        m, o = read_name(msg, off)
        r, o = read_name(msg, o)
        return "%s %s %s" % (text(m).lower(), text(r).lower(),
                             msg[o:off + rdlen].hex())
    if rtype in RDATA_NAMES:
        at = RDATA_NAMES[rtype][0]
        n, _ = read_name(msg, off + at)
        return "%s %s" % (msg[off:off + at].hex(), text(n).lower())
    return msg[off:off + rdlen].hex()


def need(msg, off, n):
    if off + n > len(msg):
        raise ValueError("ends at %d, %d more expected" % (len(msg), n))


def parse(msg):
    """A comparable summary of a response (its hex when it does not parse)."""
    try:
        return _parse(msg)
    except (ValueError, IndexError, struct.error) as e:
        return {"unparsable": str(e), "hex": msg.hex()}


def _parse(msg):
    need(msg, 0, 12)
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", msg[:12])
    out = {"id": qid, "flags": "%04x" % flags, "counts": (qd, an, ns, ar),
           "question": [], "opt": None, "sections": [[], [], []]}
    off = 12
    for _ in range(qd):
        labels, off = read_name(msg, off)
        need(msg, off, 4)
        out["question"].append((text(labels),) +
                               struct.unpack(">HH", msg[off:off + 4]))
        off += 4
    for sec, count in enumerate((an, ns, ar)):
        for _ in range(count):
            labels, off = read_name(msg, off)
            need(msg, off, 10)
            rtype, rclass, ttl, rdlen = struct.unpack(">HHIH", msg[off:off + 10])
            off += 10
            need(msg, off, rdlen)
            if rtype == OPT:
                out["opt"] = {"owner": text(labels), "size": rclass,
                              "ext_rcode": ttl >> 24,
                              "version": ttl >> 16 & 0xFF,
                              "flags": "%04x" % (ttl & 0xFFFF),
                              "options": msg[off:off + rdlen].hex()}
            else:
                out["sections"][sec].append(
                    (text(labels).lower(), rtype, rclass, ttl,
                     rdata(msg, off, rdlen, rtype)))
            off += rdlen
    if off != len(msg):
        out["trailing"] = len(msg) - off
    out["sections"] = [rrsets(s) for s in out["sections"]]
    return out


MARK_ID = 0x5A5A


def marker(n):
    return query("m%d.%s" % (n, ZONE), SOA, qid=MARK_ID)


class Peer:
    """A server; ask() returns its response to a datagram, or None."""

    def __init__(self, addr):
        self.addr = addr
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.settimeout(2.0)
        self.n = 0

    def ask(self, pkt, paced=False):
        """paced: first wait for the next second (NSD answers at most 100
        FORMERR and NOTIMP a second and drops the rest)."""
        if paced:
            time.sleep(1.0 - time.time() % 1.0 + 0.01)
        for _ in range(3):
            self.n += 1
            self.sock.sendto(pkt, self.addr)
            self.sock.sendto(marker(self.n), self.addr)
            got = None
            try:
                while True:
                    data, _ = self.sock.recvfrom(65535)
                    if data[:2] == struct.pack(">H", MARK_ID):
                        return got
                    got = data
            except socket.timeout:
                continue
        raise SystemExit("pktdiff: no answer to the marker from %s:%d" %
                         self.addr)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    all_cases = cases()
    if "--list" in sys.argv:
        for n, p in all_cases:
            print(n, p.hex())
        return 0
    ref, test = Peer(endpoint(args[0])), Peer(endpoint(args[1]))
    same = None
    for a in sys.argv[1:]:
        if a.startswith("--same="):
            same = Peer(endpoint(a.split("=", 1)[1]))
    max_len = 65535
    twice = "--twice" in sys.argv
    for a in sys.argv[1:]:
        if a.startswith("--max-len="):
            max_len = int(a.split("=", 1)[1])
    skipped = [d for d, p in all_cases if len(p) > max_len]
    if skipped:
        print("pktdiff: %d datagrams over %d octets left out: %s" %
              (len(skipped), max_len, ", ".join(skipped)))
    passed = failed = expected = 0
    for desc, pkt in all_cases:
        if len(pkt) > max_len:
            continue
        a, b = ref.ask(pkt), test.ask(pkt)
        if a is None and b is not None and len(b) >= 4 and \
                b[3] & 0xF in (1, 4):
            a = ref.ask(pkt, paced=True)
        sa = None if a is None else parse(a)
        sb = None if b is None else parse(b)
        problems = []
        if sa != sb:
            problems.append(("differs from the reference", sa, sb))
        if same is not None or twice:
            b2 = test.ask(pkt)
            if b2 != b:
                problems.append(("asked twice, bytes differ", b and b.hex(),
                                 b2 and b2.hex()))
        if same is not None:
            c = same.ask(pkt)
            if c != b:
                problems.append(("second server's bytes differ",
                                 b and b.hex(), c and c.hex()))
        if not problems:
            passed += 1
            continue
        why = next((r for k, r in EXPECTED.items() if desc.startswith(k)),
                   None)
        if why is not None and len(problems) == 1 and \
                problems[0][0].startswith("differs"):
            expected += 1
            if verbose:
                print("EXPECTED %s: %s" % (desc, why))
            continue
        failed += 1
        if failed <= 30 or verbose:
            print("DIFF %s: query %s" % (desc, pkt.hex()))
            for what, x, y in problems:
                print("  %s" % what)
                print("    ref:  %s" % (x,))
                print("    test: %s" % (y,))
    print("compared %d packets: %d passed, %d failed, %d expected "
          "differences" % (passed + failed + expected, passed, failed,
                           expected))
    if "--no-tcp" not in sys.argv:
        failed += over_tcp(all_cases, endpoint(args[0]), endpoint(args[1]),
                           verbose)
    return 1 if failed else 0


def over_tcp(all_cases, ref, test, verbose):
    """The packets over TCP; returns how many answers differ."""
    tref, ttest = TcpClient(ref, timeout=2.0), TcpClient(test, timeout=2.0)
    passed = failed = 0
    for desc, pkt in all_cases:
        a, b = tref.ask(pkt), ttest.ask(pkt)
        if a is None and b is not None and len(b) >= 4 and \
                b[3] & 0xF in (1, 4):
            # NSD's limit of FORMERR and NOTIMP a second holds over TCP.
            time.sleep(1.0 - time.time() % 1.0 + 0.01)
            a = tref.ask(pkt)
        sa = None if a is None else parse(a)
        sb = None if b is None else parse(b)
        if sa == sb:
            passed += 1
            continue
        failed += 1
        if failed <= 30 or verbose:
            print("DIFF over TCP %s: query %s" % (desc, pkt.hex()))
            print("    ref:  %s" % (sa,))
            print("    test: %s" % (sb,))
    print("compared %d packets over TCP: %d passed, %d failed" %
          (passed + failed, passed, failed))
    tref.close()
    ttest.close()
    return failed


if __name__ == "__main__":
    sys.exit(main())
