#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The hosted DNS bench table (run.sh): medians over the repetitions.

  report.py DIR

DIR holds, for each peer P in h (the hosted appliance), n (NSD on veth)
and l (NSD on loopback): P.label and its runs P.N.dnsperf (dnsperf's
output) and P.N.json (measure.py: wall_s, client_cpu_s, server_cpu_s).
CPU per query is the server's (or dnsperf's) CPU seconds over the queries
dnsperf completed, in microseconds. Ratios: h/n and h/l (qps: above 1 is
faster; CPU per query: below 1 is cheaper).
"""
import glob
import json
import os
import re
import statistics
import sys

PEERS = [("h", "hosted appliance"), ("n", "NSD on veth"),
         ("l", "NSD on loopback")]


def runs(d, p):
    out = []
    for log in sorted(glob.glob(os.path.join(d, f"{p}.*.dnsperf"))):
        text = open(log).read()
        qps = re.search(r"Queries per second:\s+([0-9.]+)", text)
        done = re.search(r"Queries completed:\s+([0-9]+)", text)
        lost = re.search(r"Queries lost:\s+([0-9]+)", text)
        js = log[: -len(".dnsperf")] + ".json"
        if not qps or not done or not os.path.exists(js):
            continue
        m = json.load(open(js))
        n = int(done.group(1))
        out.append({
            "qps": float(qps.group(1)),
            "lost": int(lost.group(1)) if lost else 0,
            "srv_us": m["server_cpu_s"] / n * 1e6 if n else float("nan"),
            "cli_us": m["client_cpu_s"] / n * 1e6 if n else float("nan"),
            "srv_share": m["server_cpu_s"] / m["wall_s"],
        })
    return out


def med(rs, k):
    return statistics.median(r[k] for r in rs)


def main():
    d = sys.argv[1]
    table = {}
    print("| peer | qps | server CPU µs/query | server CPU share | "
          "dnsperf CPU µs/query | lost | runs |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for p, name in PEERS:
        rs = runs(d, p)
        label = open(os.path.join(d, f"{p}.label")).read().strip()
        if not rs:
            print(f"| ({p}) {name} | no run | | | | | 0 |")
            continue
        table[p] = {k: med(rs, k) for k in
                    ("qps", "srv_us", "cli_us", "srv_share", "lost")}
        t = table[p]
        print(f"| ({p}) {name} | {t['qps']:,.0f} | {t['srv_us']:.2f} | "
              f"{t['srv_share']:.2f} | {t['cli_us']:.2f} | {t['lost']:.0f} | "
              f"{len(rs)} |")
    print()
    for p, _ in PEERS:
        if os.path.exists(os.path.join(d, f"{p}.label")):
            print(f"({p}) " + open(os.path.join(d, f"{p}.label")).read().strip())
    print()
    for q in ("n", "l"):
        if "h" in table and q in table and table[q]["qps"] > 0 and \
                table[q]["srv_us"] > 0:
            h, o = table["h"], table[q]
            print(f"ratio h/{q}: qps {h['qps'] / o['qps']:.2f}, server CPU "
                  f"per query {h['srv_us'] / o['srv_us']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
