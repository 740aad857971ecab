#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A dnsperf query file from zone contents, with a fixed mix of outcomes.

  genqueries.py --out FILE [--count 1000] [--seed 1] AXFR_FILE...

Each AXFR_FILE is `dig axfr` output of one zone (fully qualified names, one
record a line; its SOA names the apex). The mix follows BENCH-NOTES: 60 %
answers (every name x type of the zones, CNAME owners also asked for A,
names under a wildcard; RRsets that might not fit 512 bytes and CNAMEs
that lead nowhere left out), 15 % NODATA (a type the name lacks, empty
non-terminals), 20 % NXDOMAIN (a fresh label under a name without a
wildcard child), 5 % referrals (names at and below delegation points).
Names that need escapes, and types dnsperf cannot name, are left out. The
same seed gives the same file. FILE.kinds lists each distinct query with
the outcome it was made for (for mixcheck.py); a summary goes to stdout.
"""
import argparse
import random
import sys

QTYPES = ["A", "AAAA", "NS", "SOA", "MX", "TXT", "CNAME", "SRV", "PTR",
          "CAA"]
MIX = [("answer", 0.60), ("nodata", 0.15), ("nxdomain", 0.20),
       ("referral", 0.05)]


def parent(name):
    """name without its first label (an escaped dot stays in the label)."""
    i = 0
    while i < len(name):
        if name[i] == "\\":
            i += 2
        elif name[i] == ".":
            return name[i + 1:]
        else:
            i += 1
    return ""


class Zones:
    """Owner names and their types; apexes, cuts and empty non-terminals."""

    def __init__(self):
        self.types = {}
        self.size = {}
        self.cname = {}
        self.apexes = set()

    def load(self, path):
        with open(path) as f:
            for line in f:
                fields = line.split()
                if not fields or fields[0].startswith(";"):
                    continue
                if len(fields) < 4:
                    raise SystemExit(f"{path}: expected 'name ttl class "
                                     f"type rdata', found: {line.strip()}")
                name, rtype = fields[0].lower().rstrip("."), fields[3]
                self.types.setdefault(name, set()).add(rtype)
                rdata = " ".join(fields[4:])
                key = (name, rtype)
                self.size[key] = self.size.get(key, 0) + 12 + len(rdata)
                if rtype == "CNAME":
                    self.cname[name] = rdata.lower().rstrip(".")
                if rtype == "SOA":
                    self.apexes.add(name)
        if not self.apexes:
            raise SystemExit(f"{path}: expected a SOA record (an AXFR), "
                             "found none")

    def apex(self, name):
        while name and name not in self.apexes:
            name = parent(name)
        return name

    def is_cut(self, name):
        return "NS" in self.types.get(name, ()) and name not in self.apexes

    def resolves(self, name, qtype):
        """True when a CNAME chain from name ends at data of qtype."""
        for _ in range(8):
            if name not in self.cname:
                return qtype in self.types.get(name, ())
            name = self.cname[name]
        return False

    def fits(self, name, qtype):
        """True when the RRset surely fits a 512-byte response (no TC)."""
        return self.size.get((name, qtype), 0) <= 300

    def below_cut(self, name):
        """True when a proper ancestor inside the zone is a cut."""
        top, name = self.apex(name), parent(name)
        while name and name != top:
            if self.is_cut(name):
                return True
            name = parent(name)
        return False

    def authoritative(self):
        """Owners and empty non-terminals that are neither cuts nor below."""
        names = set()
        for name in self.types:
            top = self.apex(name)
            while top and name != top:
                names.add(name)
                name = parent(name)
            names.add(top)
        return sorted(n for n in names if n and not self.is_cut(n) and
                      not self.below_cut(n))


def plain(name):
    return "\\" not in name and "*" not in name


def pools(z):
    """Candidate (name, type) lists for each outcome; '{}' = random label."""
    answer, nodata, nxdomain = [], [], []
    for name in z.authoritative():
        have = z.types.get(name, set())
        if name.startswith("*."):
            answer += [("w{}." + name[2:], t) for t in sorted(have)
                       if t in QTYPES]
            continue
        if not plain(name):
            continue
        if "CNAME" in have:
            answer.append((name, "CNAME"))
            if z.resolves(name, "A"):
                answer.append((name, "A"))
        else:
            answer += [(name, t) for t in sorted(have)
                       if t in QTYPES and z.fits(name, t)]
            nodata += [(name, t) for t in QTYPES if t not in have]
            if "*." + name not in z.types:
                nxdomain += [("nx{}." + name, t) for t in ("A", "AAAA", "MX")]
    referral = []
    for cut in sorted(n for n in z.types if z.is_cut(n) and plain(n)):
        referral += [(cut, "A"), (cut, "NS"), ("www{}." + cut, "A"),
                     ("host{}." + cut, "AAAA")]
    return {"answer": answer, "nodata": nodata, "nxdomain": nxdomain,
            "referral": referral}


def generate(z, count, seed):
    rng = random.Random(seed)
    byname = pools(z)
    queries = []
    for kind, share in MIX:
        if not byname[kind]:
            raise SystemExit(f"genqueries: the zones give no {kind} query "
                             "(expected at least one)")
        for _ in range(round(count * share)):
            name, qtype = rng.choice(byname[kind])
            name = name.replace("{}", str(rng.randrange(100000)))
            queries.append((name + ".", qtype, kind))
    rng.shuffle(queries)
    return queries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("axfr", nargs="+")
    a = ap.parse_args()
    z = Zones()
    for path in a.axfr:
        z.load(path)
    queries = generate(z, a.count, a.seed)
    with open(a.out, "w") as f:
        f.writelines(f"{n} {t}\n" for n, t, _ in queries)
    with open(a.out + ".kinds", "w") as f:
        f.writelines(f"{n} {t} {k}\n" for n, t, k in sorted(set(queries)))
    counts = {k: sum(1 for q in queries if q[2] == k) for k, _ in MIX}
    print(f"{len(queries)} queries ({len(set(queries))} distinct, seed "
          f"{a.seed}): " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
