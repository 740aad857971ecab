#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The host side of the DNS appliance's boot tests: waits until the
appliance answers, then asks it with dig for every record type of
configs/dns/*.zone, a wildcard, a CNAME chain, NXDOMAIN, NODATA, a
referral, truncation, REFUSED, NOTIMP and FORMERR, sends malformed
datagrams (the appliance must stay up), optionally pings it, and ends it
through its control port ("quit").

usage: appliance_checks.py --server ADDR --port N [--control N] [--ping]
                           [--wait SECONDS]
ADDR may be an IPv6 address (the raw datagrams, the ping and the control
port then go over IPv6; a link-local one needs %IFACE).
Prints one line per failed check and "appliance: N checks, N passed,
N failed"; exits 1 on a failure.
"""
import os
import random
import re
import socket
import struct
import subprocess
import sys
import time

OPTS = {"server": "127.0.0.1", "port": "53", "control": None, "wait": "120"}
FLAGS = set()


def parse_args(argv):
    i = 0
    while i < len(argv):
        a = argv[i][2:]
        if a in OPTS:
            OPTS[a] = argv[i + 1]
            i += 2
        else:
            FLAGS.add(a)
            i += 1


def family():
    return socket.AF_INET6 if ":" in OPTS["server"] else socket.AF_INET


def sockaddr(port):
    return socket.getaddrinfo(OPTS["server"], port, family(),
                              socket.SOCK_DGRAM)[0][4]


def dig(*args):
    cmd = ["dig", "@" + OPTS["server"], "-p", OPTS["port"], "+norec",
           "+time=3", "+tries=3"] + list(args)
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    res = {"status": None, "flags": set(), "question": "",
           "answer": [], "authority": [], "additional": [], "text": out}
    section = None
    for line in out.splitlines():
        m = re.search(r"status: (\w+)", line)
        if m:
            res["status"] = m.group(1)
        m = re.match(r";; flags: ([a-z ]*);", line)
        if m:
            res["flags"] = set(m.group(1).split())
        m = re.match(r";; (QUESTION|ANSWER|AUTHORITY|ADDITIONAL) SECTION:",
                     line)
        if m:
            section = m.group(1).lower()
            continue
        if not line.strip():
            section = None
        elif section == "question":
            res["question"] = line.lstrip(";").split()[0]
        elif section:
            f = line.split(None, 4)
            if len(f) == 5:
                res[section].append((f[0].lower(), f[3], f[4]))
    return res


passed = failed = 0


def check(desc, ok, res=None, why=""):
    global passed, failed
    if ok:
        passed += 1
        return
    failed += 1
    print("FAIL: %s%s" % (desc, ": " + why if why else ""))
    if res is not None:
        print("  " + res["text"].replace("\n", "\n  "))


def has(rrs, name, rtype, rdata=None):
    return any(n == name and t == rtype and (rdata is None or r == rdata)
               for n, t, r in rrs)


def expect(desc, args, status="NOERROR", aa=True, answer=(), authority=(),
           additional=(), flags=(), noflags=(), count=None):
    """One dig query; each of answer/authority/additional is a list of
    (owner, type, rdata or None) that must be present."""
    res = dig(*args)
    why = []
    if res["status"] != status:
        why.append("status %s, expected %s" % (res["status"], status))
    if aa != ("aa" in res["flags"]):
        why.append("aa %s, expected %s" % ("aa" in res["flags"], aa))
    for f in flags:
        if f not in res["flags"]:
            why.append("flag %s missing" % f)
    for f in noflags:
        if f in res["flags"]:
            why.append("flag %s set" % f)
    for sec, want in (("answer", answer), ("authority", authority),
                      ("additional", additional)):
        for rr in want:
            if not has(res[sec], *rr):
                why.append("%s lacks %s" % (sec, " ".join(filter(None, rr))))
    if count is not None and len(res["answer"]) != count:
        why.append("%d answers, expected %d" % (len(res["answer"]), count))
    check(desc, not why, res, "; ".join(why))
    return res


SOA = ("example.com.", "SOA", None)


def record_types():
    expect("A", ["example.com", "A"],
           answer=[("example.com.", "A", "192.0.2.1")])
    expect("AAAA", ["example.com", "AAAA"],
           answer=[("example.com.", "AAAA", "2001:db8::1")])
    expect("NS", ["example.com", "NS"],
           answer=[("example.com.", "NS", "ns1.example.com."),
                   ("example.com.", "NS", "ns2.example.com.")],
           additional=[("ns1.example.com.", "A", "192.0.2.53")])
    expect("SOA", ["example.com", "SOA"],
           answer=[("example.com.", "SOA", "ns1.example.com. "
                    "hostmaster.example.com. 2024060101 7200 3600 "
                    "1209600 300")])
    expect("MX", ["example.com", "MX"],
           answer=[("example.com.", "MX", "10 mail.example.com."),
                   ("example.com.", "MX", "20 mail2.example.com.")],
           additional=[("mail.example.com.", "A", "192.0.2.25")])
    expect("TXT", ["example.com", "TXT"],
           answer=[("example.com.", "TXT", '"v=spf1 mx -all"')])
    expect("CNAME", ["www.example.com", "CNAME"],
           answer=[("www.example.com.", "CNAME", "web.example.com.")])
    expect("SRV", ["_sip._tcp.example.com", "SRV"],
           answer=[("_sip._tcp.example.com.", "SRV",
                    "10 60 5060 sip.example.com.")],
           additional=[("sip.example.com.", "A", "192.0.2.60")])
    expect("PTR", ["-x", "192.0.2.80"],
           answer=[("80.2.0.192.in-addr.arpa.", "PTR", "web.example.com.")])
    expect("CAA", ["example.com", "CAA"],
           answer=[("example.com.", "CAA", '0 issue "letsencrypt.org"')])


def behaviours():
    expect("CNAME chain", ["alias3.example.com", "A"],
           answer=[("alias3.example.com.", "CNAME", "ftp.example.com."),
                   ("ftp.example.com.", "CNAME", "www.example.com."),
                   ("www.example.com.", "CNAME", "web.example.com."),
                   ("web.example.com.", "A", "192.0.2.80")])
    expect("wildcard", ["Some.Thing.wild.example.com", "A"],
           answer=[("some.thing.wild.example.com.", "A", "192.0.2.99")])
    expect("NXDOMAIN", ["nothere.example.com", "A"], status="NXDOMAIN",
           authority=[SOA], count=0)
    expect("NODATA", ["mail2.example.com", "AAAA"], authority=[SOA],
           count=0)
    expect("referral", ["host.sub.example.com", "A"], aa=False, count=0,
           authority=[("sub.example.com.", "NS", "ns1.sub.example.com.")],
           additional=[("ns1.sub.example.com.", "A", "192.0.2.201")])
    expect("TC without EDNS", ["+noedns", "+ignore", "big.example.com",
                               "TXT"], flags=["tc"])
    expect("no TC with EDNS 1232", ["+bufsize=1232", "big.example.com",
                                    "TXT"], noflags=["tc"], count=6)
    expect("REFUSED outside the zones", ["example.net", "A"],
           status="REFUSED", aa=False)
    expect("NOTIMP for opcode STATUS", ["+opcode=status", "example.com",
                                        "A"], status="NOTIMP", aa=False)
    res = dig("WwW.ExAmPlE.CoM", "A")
    check("the question's case is echoed",
          res["question"] == "WwW.ExAmPlE.CoM.", res,
          "question %r" % res["question"])


def raw(msg, timeout=2.0):
    s = socket.socket(family(), socket.SOCK_DGRAM)
    s.settimeout(timeout)
    s.sendto(msg, sockaddr(int(OPTS["port"])))
    try:
        return s.recv(65535)
    except socket.timeout:
        return None
    finally:
        s.close()


def query(qid, name, qtype, qdcount=1, flags=0x0100):
    wire = b"".join(bytes([len(l)]) + l.encode()
                    for l in name.split(".") if l) + b"\0"
    return (struct.pack(">HHHHHH", qid, flags, qdcount, 0, 0, 0) + wire +
            struct.pack(">HH", qtype, 1))


def malformed():
    r = raw(query(0x1234, "example.com", 1, qdcount=2))
    check("FORMERR for QDCOUNT 2", r is not None and len(r) >= 12 and
          r[:2] == b"\x12\x34" and r[3] & 0xF == 1,
          why="got %r" % (r[:12] if r else r))
    r = raw(b"\x12\x34\x01", timeout=1)
    check("a 3-byte datagram is dropped", r is None, why="got %r" % (r,))
    r = raw(query(0x4321, "example.com", 1, flags=0x8100), timeout=1)
    check("a response (QR set) is dropped", r is None, why="got %r" % (r,))
    rng = random.Random(5)
    base = query(0x5555, "www.example.com", 1)
    for i in range(200):
        if i % 2:
            msg = bytes(rng.randrange(256)
                        for _ in range(rng.randrange(0, 600)))
        else:
            msg = bytearray(base)
            for _ in range(rng.randint(1, 6)):
                msg[rng.randrange(len(msg))] = rng.randrange(256)
            msg = bytes(msg[:rng.randrange(1, len(msg) + 1)])
        raw(msg, timeout=0.05)
    expect("still answering after 200 malformed datagrams",
           ["example.com", "SOA"], answer=[SOA])


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ping_once(sock, seq, ident):
    v6 = family() == socket.AF_INET6
    data = b"unilink dns ping %d" % seq
    # ICMPv6 echo is 128/129; the kernel sums a raw ICMPv6 socket's packets
    msg = struct.pack("!BBHHH", 128 if v6 else 8, 0, 0, ident, seq) + data
    if not v6:
        msg = msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]
    sock.sendto(msg, sockaddr(0))
    end = time.time() + 2
    while time.time() < end:
        sock.settimeout(max(end - time.time(), 0.01))
        try:
            pkt = sock.recv(2048)
        except socket.timeout:
            break
        if v6:  # no IP header; the kernel checked the sum
            icmp = pkt
            ok_sum = len(icmp) >= 8 and icmp[0] == 129
        else:
            icmp = pkt[(pkt[0] & 15) * 4:]
            ok_sum = len(icmp) >= 8 and icmp[0] == 0 and csum(icmp) == 0
        if (ok_sum and
                struct.unpack("!HH", icmp[4:8]) == (ident, seq) and
                icmp[8:] == data):
            return True
    return False


def ping():
    sock = socket.socket(family(), socket.SOCK_RAW,
                         socket.IPPROTO_ICMPV6
                         if family() == socket.AF_INET6
                         else socket.IPPROTO_ICMP)
    ident = os.getpid() & 0xFFFF
    ok = sum(ping_once(sock, seq, ident) for seq in range(1, 6))
    check("ping: 5 echo replies", ok == 5, why="%d of 5 came back" % ok)
    print("ping %s: %d of 5 echo replies correct" % (OPTS["server"], ok))


def wait_ready():
    end = time.time() + float(OPTS["wait"])
    t0 = time.time()
    while time.time() < end:
        out = subprocess.run(["dig", "@" + OPTS["server"], "-p",
                              OPTS["port"], "+short", "+time=1", "+tries=1",
                              "example.com", "SOA"],
                             capture_output=True, text=True).stdout
        if "hostmaster.example.com." in out:
            print("appliance: first answer after %.1f s" % (time.time() - t0))
            return True
        time.sleep(0.3)
    return False


def quit_appliance():
    if OPTS["control"] is None:
        return
    s = socket.socket(family(), socket.SOCK_DGRAM)
    for word in (b"stats", b"quit"):
        s.sendto(word, sockaddr(int(OPTS["control"])))
        time.sleep(0.5)


def main():
    parse_args(sys.argv[1:])
    if not wait_ready():
        print("appliance: no answer to example.com SOA within %s s" %
              OPTS["wait"])
        quit_appliance()
        return 1
    record_types()
    behaviours()
    malformed()
    if "ping" in FLAGS:
        ping()
    quit_appliance()
    print("appliance: %d checks, %d passed, %d failed" %
          (passed + failed, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
