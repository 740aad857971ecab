#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Writes DIR/big.test.zone: a zone whose AXFR takes many messages (about
4,000 names: A, AAAA, MX, TXT, SRV, CNAME, delegations with glue and
occluded data below them, a wildcard, names that differ only in a label
deep down) and one RR of about 40 KB, longer than a transfer message may
be (NSD then sends it alone). Deterministic: the same file every time.

usage: gen-big-zone.py DIR
"""
import os
import random
import sys


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(7)
    lines = ["$ORIGIN big.test.", "$TTL 3600",
             "@ SOA ns1 hostmaster 2024120701 7200 3600 1209600 300",
             "@ NS ns1", "@ NS ns2.example.net.", "ns1 A 192.0.2.53",
             "@ MX 10 mail", "mail A 192.0.2.25", "* TXT \"wild\"",
             "* A 192.0.2.99"]
    for i in range(3000):
        h = "h%d" % i
        lines.append("%s A 10.%d.%d.%d" % (h, i >> 16, (i >> 8) & 255, i & 255))
        if i % 3 == 0:
            lines.append("%s AAAA 2001:db8::%x" % (h, i))
        if i % 7 == 0:
            lines.append("%s MX %d mail.%s" % (h, i % 50, h))
            lines.append("mail.%s A 192.0.2.%d" % (h, i % 250))
        if i % 11 == 0:
            lines.append("%s TXT \"%s\"" % (h, "t" * rng.randint(1, 200)))
        if i % 13 == 0:
            lines.append("_sip._tcp.%s SRV 10 20 5060 sip.%s" % (h, h))
        if i % 17 == 0:
            lines.append("alias%d CNAME %s" % (i, h))
        if i % 97 == 0:
            lines.append("d%d.deep.a.b.c.%s A 192.0.2.1" % (i, h))
    for i in range(60):
        d = "sub%d" % i
        lines.append("%s NS ns.%s" % (d, d))
        lines.append("%s NS ns.other.example." % d)
        lines.append("ns.%s A 198.51.100.%d" % (d, i))
        if i % 5 == 0:
            lines.append("occluded.%s TXT \"below the cut\"" % d)
            lines.append("%s A 198.51.100.200" % d)
    huge = " ".join('"%s"' % ("x" * 250) for _ in range(60))
    lines.append("huge TXT %s" % huge)
    lines.append("after-huge A 192.0.2.2")
    with open(os.path.join(out, "big.test.zone"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
