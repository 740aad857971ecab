# SPDX-License-Identifier: ISC
"""Just enough DNS wire format for the benches: build a query, check that a
datagram is a real answer to it and sort the answer into one of the kinds a
query mix is made of (answer, nodata, nxdomain, referral, other).

Responses come from the server under test: every length is checked before it
is used, and anything that does not parse is "other", never an exception.
"""
import struct

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15,
         "TXT": 16, "AAAA": 28, "SRV": 33, "OPT": 41, "CAA": 257}


def split_name(name):
    """Labels of a presentation-format name; \\. and \\DDD are unescaped."""
    labels, cur, i = [], bytearray(), 0
    if name.endswith(".") and not name.endswith("\\."):
        name = name[:-1]
    while i < len(name):
        c = name[i]
        if c == "\\" and i + 3 < len(name) and name[i + 1:i + 4].isdigit():
            cur.append(int(name[i + 1:i + 4]))
            i += 4
        elif c == "\\" and i + 1 < len(name):
            cur += name[i + 1].encode()
            i += 2
        elif c == ".":
            labels.append(bytes(cur))
            cur = bytearray()
            i += 1
        else:
            cur += c.encode()
            i += 1
    if cur:
        labels.append(bytes(cur))
    return labels


def query(qid, name, qtype, rd=False):
    """A QUERY message for name/qtype (class IN), no EDNS."""
    flags = 0x0100 if rd else 0
    wire = struct.pack(">HHHHHH", qid, flags, 1, 0, 0, 0)
    for label in split_name(name):
        wire += bytes([len(label)]) + label
    return wire + b"\0" + struct.pack(">HH", TYPES.get(qtype, 0) or
                                      int(qtype.removeprefix("TYPE")), 1)


def _skip_name(msg, off):
    """Offset after the (possibly compressed) name at off, or -1."""
    for _ in range(128):
        if off >= len(msg):
            return -1
        n = msg[off]
        if n == 0:
            return off + 1
        if n & 0xC0 == 0xC0:
            return off + 2 if off + 2 <= len(msg) else -1
        if n & 0xC0:
            return -1
        off += 1 + n
    return -1


def _rr_types(msg, off, count):
    """Types of count RRs from off, and the offset after them (or None)."""
    types = []
    for _ in range(count):
        off = _skip_name(msg, off)
        if off < 0 or off + 10 > len(msg):
            return None, -1
        rtype, _, _, rdlen = struct.unpack(">HHIH", msg[off:off + 10])
        off += 10 + rdlen
        if off > len(msg):
            return None, -1
        types.append(rtype)
    return types, off


def parse(msg):
    """(id, flags, rcode, answer types, authority types) or None."""
    if len(msg) < 12:
        return None
    qid, flags, qd, an, ns, _ = struct.unpack(">HHHHHH", msg[:12])
    off = 12
    for _ in range(qd):
        off = _skip_name(msg, off)
        if off < 0 or off + 4 > len(msg):
            return None
        off += 4
    ans, off = _rr_types(msg, off, an)
    if ans is None:
        return None
    auth, off = _rr_types(msg, off, ns)
    if auth is None:
        return None
    return qid, flags, flags & 0xF, ans, auth


def is_answer(msg, qid):
    """True when msg is a NOERROR response to qid with an answer record."""
    p = parse(msg)
    return (p is not None and p[0] == qid and p[1] & 0x8000 and
            p[2] == 0 and len(p[3]) > 0)


def kind(msg):
    """answer / nodata / nxdomain / referral / other, for a response."""
    p = parse(msg)
    if p is None or not p[1] & 0x8000:
        return "other"
    _, flags, rcode, ans, auth = p
    aa = bool(flags & 0x0400)
    if rcode == 3:
        return "nxdomain"
    if rcode != 0:
        return "other"
    if ans:
        return "answer"
    if not aa and TYPES["NS"] in auth:
        return "referral"
    if aa and TYPES["SOA"] in auth:
        return "nodata"
    return "other"
