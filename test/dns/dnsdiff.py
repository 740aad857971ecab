#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Differential DNS test client: sends the same queries to two servers
(NSD, the reference, and dns_answer() behind dns-serve-native) and compares
RCODE, the header flags, the question, the OPT record and the answer,
authority and additional sections RRset by RRset (order-insensitive inside
an RRset), names with their case (NSD's compression points names into the
question, whose case they then take). The names and types come from an AXFR of each zone from the
reference, so the query list does not depend on our own zone parser.

Every query is also asked over TCP (RFC 7766, one connection to each
server, as `dig +tcp +keepopen` would), and the TCP answers are compared
the same way: among them the retries of the UDP answers with TC set, which
over TCP must come whole.

usage: dnsdiff.py REF_PORT TEST ZONE... [--seed N] [--verbose] [--no-tcp]
TEST is a port on 127.0.0.1 or HOST:PORT (the DNS appliance under QEMU, say).
--axfr=[HOST:]PORT takes the names from that server instead of REF (so REF can be
a server without AXFR); --raw compares the responses byte for byte;
--no-tcp asks over UDP only.
Prints "compared N queries: N passed, N failed" (and the same over TCP,
with how many UDP answers had TC); exits 1 on any difference.
"""
import random
import socket
import struct
import sys

T = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16,
     "AAAA": 28, "SRV": 33, "DS": 43, "CAA": 257, "ANY": 255, "DNSKEY": 48,
     "HINFO": 13, "TYPE65280": 65280, "NAPTR": 35}
TYPES = list(T.values())


def enc_name(name):
    out = b""
    for label in name.rstrip(".").split(".") if name != "." else []:
        raw = label.encode("latin-1").replace(b"\x00dot", b".")
        out += bytes([len(raw)]) + raw
    return out + b"\x00"


def build_query(qid, wire_name, qtype, qclass=1, flags=0x0100, edns=None,
                do=False, version=0, qdcount=1):
    msg = struct.pack(">HHHHHH", qid, flags, qdcount, 0, 0,
                      1 if edns is not None else 0)
    msg += wire_name + struct.pack(">HH", qtype, qclass)
    if edns is not None:
        ttl = (version << 16) | (0x8000 if do else 0)
        msg += b"\x00" + struct.pack(">HHIH", 41, edns, ttl, 0)
    return msg


def read_name(msg, off):
    labels, jumps, end = [], 0, None
    while True:
        c = msg[off]
        if c & 0xC0 == 0xC0:
            if end is None:
                end = off + 2
            off = ((c & 0x3F) << 8) | msg[off + 1]
            jumps += 1
            if jumps > 64:
                raise ValueError("pointer loop")
            continue
        if c == 0:
            off += 1
            break
        labels.append(msg[off + 1:off + 1 + c])
        off += 1 + c
    return labels, (end if end is not None else off)


def name_text(labels, lower=False):
    s = b".".join(l.replace(b".", b"\\.") for l in labels).decode("latin-1")
    return (s.lower() if lower else s) + "."


def rdata_text(msg, off, rdlen, rtype):
    end = off + rdlen
    if rtype in (2, 5, 12):
        return name_text(read_name(msg, off)[0])
    if rtype == 15:
        return "%d %s" % (struct.unpack(">H", msg[off:off + 2])[0],
                          name_text(read_name(msg, off + 2)[0]))
    if rtype == 33:
        return "%d %d %d %s" % (struct.unpack(">HHH", msg[off:off + 6]) +
                                (name_text(read_name(msg, off + 6)[0]),))
    if rtype == 6:
        m, o = read_name(msg, off)
        r, o = read_name(msg, o)
        return "%s %s %s" % (name_text(m), name_text(r),
                             " ".join(map(str, struct.unpack(">5I", msg[o:o + 20]))))
    return msg[off:end].hex()


def parse(msg):
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", msg[:12])
    off, out = 12, {"flags": flags, "question": [], "opt": None,
                    "sections": [[], [], []]}
    for _ in range(qd):
        labels, off = read_name(msg, off)
        out["question"].append((name_text(labels, lower=False),) +
                               struct.unpack(">HH", msg[off:off + 4]))
        off += 4
    for sec, count in enumerate((an, ns, ar)):
        for _ in range(count):
            labels, off = read_name(msg, off)
            rtype, rclass, ttl, rdlen = struct.unpack(">HHIH", msg[off:off + 10])
            off += 10
            if rtype == 41:
                out["opt"] = (rclass, ttl >> 24, (ttl >> 16) & 0xFF,
                              ttl & 0x8000)
            else:
                out["sections"][sec].append(
                    (name_text(labels), rtype, rclass, ttl,
                     rdata_text(msg, off, rdlen, rtype)))
            off += rdlen
    out["qid"] = qid
    return out


def rrsets(rrs):
    """Groups consecutive RRs of one owner and type; sorts inside each."""
    groups = []
    for rr in rrs:
        if groups and groups[-1][0] == rr[:3]:
            groups[-1][1].append(rr[3:])
        else:
            groups.append((rr[:3], [rr[3:]]))
    return [(k, sorted(v)) for k, v in groups]


def summary(p):
    return {"rcode": (p["flags"] & 0xF) | ((p["opt"][1] << 4) if p["opt"] else 0),
            "flags": p["flags"] & 0xFFF0, "question": p["question"],
            "opt": p["opt"],
            "sections": [rrsets(s) for s in p["sections"]]}


def endpoint(arg):
    """("127.0.0.1", port) from "PORT", or (host, port) from "HOST:PORT"
    (an IPv6 HOST as it is or in brackets: "::1:53", "[::1]:53")."""
    host, _, port = arg.rpartition(":")
    return (host.strip("[]") or "127.0.0.1", int(port))


def udp_socket(addr):
    """A UDP socket of addr's family, with the timeout of ask()."""
    s = socket.socket(socket.AF_INET6 if ":" in addr[0] else socket.AF_INET,
                      socket.SOCK_DGRAM)
    s.settimeout(1.0)
    return s


def ask(sock, addr, msg):
    for _ in range(3):
        sock.sendto(msg, addr)
        try:
            while True:
                data, _ = sock.recvfrom(65535)
                if data[:2] == msg[:2]:
                    return data
        except socket.timeout:
            continue
    return None


class TcpClient:
    """One DNS-over-TCP connection to a server, opened again when the
    server closes it; ask() sends a query with its length prefix and reads
    one response (None when none comes)."""

    def __init__(self, addr, timeout=3.0):
        self.addr, self.timeout, self.sock = addr, timeout, None

    def _recv(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf

    def ask(self, msg):
        for _ in range(2):
            try:
                if self.sock is None:
                    self.sock = socket.create_connection(self.addr,
                                                         timeout=self.timeout)
                self.sock.sendall(struct.pack(">H", len(msg)) + msg)
                n = struct.unpack(">H", self._recv(2))[0]
                return self._recv(n)
            except (OSError, ConnectionError):
                self.close()
        return None

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None


def compare(a, b, raw):
    """(same, what a was, what b was) of two responses (None: no answer)."""
    if a is None and b is None:
        return True, None, None
    if a is None or b is None:
        return False, a and summary(parse(a)), b and summary(parse(b))
    if raw:
        return a == b, a.hex(), b.hex()
    sa, sb = summary(parse(a)), summary(parse(b))
    return sa == sb, sa, sb


def axfr(addr, zone):
    """The names and types of zone, from an AXFR to addr (host, port)."""
    s = socket.create_connection(addr, timeout=5)
    q = build_query(4242, enc_name(zone), 252, flags=0)
    s.sendall(struct.pack(">H", len(q)) + q)
    names, soas, buf = {}, 0, b""
    while soas < 2:
        while len(buf) < 2 or len(buf) < 2 + struct.unpack(">H", buf[:2])[0]:
            chunk = s.recv(65535)
            if not chunk:
                raise SystemExit("AXFR of %s from %s:%d failed" % (zone, *addr))
            buf += chunk
        n = struct.unpack(">H", buf[:2])[0]
        msg, buf = buf[2:2 + n], buf[2 + n:]
        p = parse(msg)
        if p["flags"] & 0xF:
            raise SystemExit("AXFR of %s refused (rcode %d)" % (zone, p["flags"] & 0xF))
        for owner, rtype, _, _, rdata in p["sections"][0]:
            soas += rtype == 6
            names.setdefault(owner, set()).add(rtype)
    s.close()
    return names


def mixcase(rng, wire):
    out = bytearray(wire)
    for i, c in enumerate(out):
        if 97 <= c <= 122 and rng.random() < 0.5:
            out[i] = c - 32
    return bytes(out)


def wire_of(owner):
    """Wire form of an AXFR owner name in text (labels may contain '.')."""
    labels, cur, i = [], b"", 0
    raw = owner.encode("latin-1")
    while i < len(raw):
        if raw[i:i + 2] == b"\\.":
            cur += b"."
            i += 2
        elif raw[i:i + 1] == b".":
            labels.append(cur)
            cur = b""
            i += 1
        else:
            cur += raw[i:i + 1]
            i += 1
    return b"".join(bytes([len(l)]) + l for l in labels if l) + b"\x00"


def long_below(rng, owner, length):
    """A name of length octets (wire form) below owner, in text."""
    room = length - len(wire_of(owner))
    labels = []
    while room >= 2:
        n = min(63, room - 1)
        if room - 1 - n == 1:  # leave no room a label cannot fill
            n -= 1
        labels.append("".join(rng.choice("abcdefghij") for _ in range(n)))
        room -= n + 1
    return ".".join(labels) + "." + owner


def rand_label(rng):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-")
                   for _ in range(rng.randint(1, 12))).strip("-") or "x"


def queries(zones, rng, no_do=False):
    """(description, wire name, qtype, extra build args) tuples; no_do:
    none with the DO bit (signed zones: DNSSEC records as plain data)."""
    edns_variants = [dict(), dict(edns=1232), dict(edns=4096, do=not no_do),
                     dict(edns=512), dict(edns=600)]
    out = []
    for zone, names in zones.items():
        for owner, types in sorted(names.items()):
            wire = wire_of(owner)
            # Every name x type (and the types the zone has), under
            # every EDNS variant.
            for qtype in TYPES + sorted(set(types) - set(TYPES)):
                for ev in edns_variants:
                    out.append((owner, wire, qtype, ev))
                out.append((owner + " (mixed case)", mixcase(rng, wire),
                            qtype, rng.choice(edns_variants)))
            for _ in range(3):
                miss = rand_label(rng) + "." + owner
                for qtype in (1, 28, 15, 16, 2, 255):
                    out.append((miss + " (miss)", mixcase(rng, wire_of(miss)),
                                qtype, rng.choice(edns_variants)))
            if owner.startswith("*."):
                for k in range(6):
                    hit = ".".join(rand_label(rng) for _ in range(1 + k % 3))
                    hit += owner[1:]
                    for qtype in (1, 16, 15, 28, 255, 2, 6):
                        out.append((hit + " (wildcard)", mixcase(rng, wire_of(hit)),
                                    qtype, rng.choice(edns_variants)))
            if 39 in types:
                # RFC 6672: names below a DNAME get a synthesised CNAME;
                # long ones overflow 255 octets after substitution.
                for k in range(4):
                    below = ".".join(rand_label(rng) for _ in range(1 + k % 3))
                    below += "." + owner
                    for qtype in (1, 28, 5, 39, 255, 15, 6, 43):
                        out.append((below + " (below a DNAME)",
                                    mixcase(rng, wire_of(below)), qtype,
                                    rng.choice(edns_variants)))
                for length in (255, 250, 230, 200, 150, 100, 70):
                    if length <= len(wire_of(owner)) + 1:
                        continue
                    below = long_below(rng, owner, length)
                    for qtype in (1, 5, 39):
                        out.append(("%d octets below %s (DNAME)" % (length, owner),
                                    mixcase(rng, wire_of(below)), qtype,
                                    rng.choice(edns_variants)))
            if 2 in types and owner != zone:
                for k in range(3):
                    below = rand_label(rng) + "." + owner
                    for qtype in (1, 2, 43, 6, 255):
                        out.append((below + " (below a cut)",
                                    mixcase(rng, wire_of(below)), qtype,
                                    rng.choice(edns_variants)))
    for other in ("example.net.", "com.", ".", "org."):
        out.append((other + " (outside)", wire_of(other), 1, dict(edns=1232)))
    first = sorted(zones)[0]
    out.append((first + " class CH", wire_of(first), 16, dict(qclass=3)))
    out.append((first + " class ANY", wire_of(first), 1, dict(qclass=255)))
    out.append((first + " class ANY nx", wire_of("nx." + first), 1, dict(qclass=255)))
    out.append((first + " class 4", wire_of(first), 1, dict(qclass=4, edns=1232)))
    out.append((first + " opcode STATUS", wire_of(first), 1, dict(flags=0x1100)))
    out.append((first + " EDNS version 1", wire_of(first), 1,
                dict(edns=1232, version=1)))
    out.append((first + " QDCOUNT 2", wire_of(first), 1, dict(qdcount=2)))
    out.append((first + " RD clear", wire_of(first), 6, dict(flags=0)))
    out.append((first + " CD set", wire_of(first), 6, dict(flags=0x0110)))
    out.append((first + " QDCOUNT 0", wire_of(first), 1, dict(qdcount=0)))
    out.append((first + " TC set", wire_of(first), 1, dict(flags=0x0300)))
    out.append((first + " AA set", wire_of(first), 1, dict(flags=0x0500)))
    out.append((first + " DO without EDNS size", wire_of(first), 1,
                dict(edns=0, do=not no_do)))
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seed = 1
    for a in sys.argv[1:]:
        if a.startswith("--seed="):
            seed = int(a.split("=", 1)[1])
    verbose = "--verbose" in sys.argv
    raw = "--raw" in sys.argv
    no_do = "--no-do" in sys.argv
    ref, test, zone_names = endpoint(args[0]), endpoint(args[1]), args[2:]
    names_from = ref
    for a in sys.argv[1:]:
        if a.startswith("--axfr="):
            names_from = endpoint(a.split("=", 1)[1])
    rng = random.Random(seed)
    zones = {z if z.endswith(".") else z + ".": axfr(names_from, z)
             for z in zone_names}
    sock_ref, sock_test = udp_socket(ref), udp_socket(test)
    tcp = None if "--no-tcp" in sys.argv else (TcpClient(ref), TcpClient(test))
    passed = failed = tcp_passed = tcp_failed = tc = 0
    for i, (desc, wire, qtype, kw) in enumerate(queries(zones, rng, no_do)):
        msg = build_query(rng.randrange(65536), wire, qtype, **kw)
        a, b = ask(sock_ref, ref, msg), ask(sock_test, test, msg)
        same, sa, sb = compare(a, b, raw)
        if same:
            passed += 1
        else:
            failed += 1
            if failed + tcp_failed <= 25 or verbose:
                print("DIFF %s type %d %s" % (desc, qtype, kw))
                print("  ref:  %s" % (sa,))
                print("  test: %s" % (sb,))
        if tcp is None:
            continue
        if any(r is not None and len(r) > 2 and r[2] & 0x02 for r in (a, b)):
            tc += 1
        same, sa, sb = compare(tcp[0].ask(msg), tcp[1].ask(msg), raw)
        if same:
            tcp_passed += 1
            continue
        tcp_failed += 1
        if failed + tcp_failed <= 25 or verbose:
            print("DIFF over TCP %s type %d %s" % (desc, qtype, kw))
            print("  ref:  %s" % (sa,))
            print("  test: %s" % (sb,))
    print("compared %d queries: %d passed, %d failed" % (passed + failed, passed, failed))
    if tcp is not None:
        print("compared %d queries over TCP (%d had TC over UDP): %d passed, "
              "%d failed" % (tcp_passed + tcp_failed, tc, tcp_passed,
                             tcp_failed))
    return 1 if failed or tcp_failed else 0


if __name__ == "__main__":
    sys.exit(main())
