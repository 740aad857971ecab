#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The DNS bench table: medians over the repetitions of each peer, ratios.

  report.py DIR

DIR holds, for each peer P in a, b, c: P.label (what the peer is), and
either P.missing (why it was not measured) or its runs P.N.dnsperf
(dnsperf's output), P.N.json (measure.py) and, for VMs, P.N.boot (ms from
QEMU start to the first answer), or P.N.fail (why run N has none). A run
whose dnsperf output has no "Queries per second" line is reported and left
out of the medians.
"""
import glob
import json
import os
import re
import statistics
import sys

PEERS = ["a", "b", "c"]


def read(path):
    with open(path) as f:
        return f.read()


def percentile(path, q):
    """The q-th percentile of the per-query latencies (ms) that dnsperf -v
    printed ("> RCODE name type seconds"), or None without them."""
    lat = []
    with open(path) as f:
        for line in f:
            if line.startswith("> "):
                try:
                    lat.append(float(line.rsplit(None, 1)[1]))
                except (IndexError, ValueError):
                    pass
    if not lat:
        return None
    lat.sort()
    return lat[min(len(lat) - 1, int(q / 100 * len(lat)))] * 1e3


def dnsperf_fields(text):
    """qps, average latency (ms), completed, lost %, rcode mix, or None."""
    qps = re.search(r"Queries per second:\s+([\d.]+)", text)
    lat = re.search(r"Average Latency \(s\):\s+([\d.]+)", text)
    done = re.search(r"Queries completed:\s+(\d+)", text)
    lost = re.search(r"Queries lost:\s+\d+ \(([\d.]+)%\)", text)
    codes = re.search(r"Response codes:\s+(.*)", text)
    if not (qps and lat and done):
        return None
    return {"qps": float(qps.group(1)), "lat_ms": float(lat.group(1)) * 1e3,
            "done": int(done.group(1)),
            "lost": float(lost.group(1)) if lost else float("nan"),
            "codes": codes.group(1).strip() if codes else "?"}


def runs(d, peer):
    """The usable runs of peer, each a dict, and notes on the others."""
    out, notes = [], []
    for fail in sorted(glob.glob(os.path.join(d, f"{peer}.*.fail"))):
        notes.append(f"{os.path.basename(fail)[:-5]}: {read(fail).strip()}")
    for log in sorted(glob.glob(os.path.join(d, f"{peer}.*.dnsperf"))):
        base = log[:-len(".dnsperf")]
        f = dnsperf_fields(read(log))
        if f is None or not os.path.exists(base + ".json"):
            notes.append(f"{os.path.basename(log)}: no dnsperf statistics")
            continue
        p99 = percentile(log, 99)
        if p99 is not None:
            f["p99_ms"] = p99
        m = json.loads(read(base + ".json"))
        f["srv"] = m["server_cpu_s"] / m["wall_s"]
        f["vcpu"] = m["server_vcpu_s"] / m["wall_s"]
        f["cli"] = m["client_cpu_s"] / m["wall_s"]
        f["us_per_q"] = m["server_cpu_s"] / max(f["done"], 1) * 1e6
        if os.path.exists(base + ".boot"):
            f["boot_s"] = float(read(base + ".boot")) / 1e3
        out.append(f)
    return out, notes


def median(rs, key):
    vals = [r[key] for r in rs if key in r]
    return statistics.median(vals) if vals else None


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


COLUMNS = [("qps", "qps", ",.0f"), ("lat_ms", "avg ms", ".3f"),
           ("p99_ms", "p99 ms", ".3f"), ("srv", "srv CPU", ".2f"),
           ("vcpu", "vCPU", ".2f"), ("us_per_q", "srv us/q", ".1f"),
           ("cli", "dnsperf CPU", ".2f"), ("boot_s", "start->answer", ".2f")]
WIDTH = 13
LEGEND = """\
qps, avg ms: dnsperf's; p99 ms: from dnsperf -v (--p99), "-" without it.
srv CPU: the server's CPU time per wall-clock second (cores; the whole QEMU
process for a VM), vCPU: the part in QEMU's vCPU threads; srv us/q: server
CPU microseconds per completed query; dnsperf CPU: the load generator's
cores; start->answer: seconds from QEMU start to the first real answer.
Each figure is the median over the repetitions."""


def table(d):
    meds, lines = {}, []
    head = f"{'peer':<4} " + " ".join(f"{h:>{WIDTH}}" for _, h, _ in COLUMNS)
    lines += [head, "-" * len(head)]
    for p in PEERS:
        if os.path.exists(os.path.join(d, f"{p}.missing")):
            lines.append(f"({p})  not measured: "
                         f"{read(os.path.join(d, p + '.missing')).strip()}")
            continue
        rs, notes = runs(d, p)
        if not rs:
            lines.append(f"({p})  no usable run")
            lines += [f"     {n}" for n in notes]
            continue
        meds[p] = {k: median(rs, k) for k, _, _ in COLUMNS}
        lines.append(f"({p}) " + " ".join(
            f"{fmt(meds[p][k], s):>{WIDTH}}" for k, _, s in COLUMNS))
        lines += [f"     {n}" for n in notes]
    return meds, lines


def ratio_line(meds, x, y):
    if x not in meds or y not in meds:
        return f"{x}/{y}: not available ({x if x not in meds else y} " \
               "has no measurement)"
    parts = []
    for k, h, _ in COLUMNS:
        vx, vy = meds[x].get(k), meds[y].get(k)
        if vx is not None and vy:
            parts.append(f"{h} {vx / vy:.2f}")
    return f"{x}/{y}: " + ", ".join(parts)


def main():
    d = sys.argv[1]
    meds, lines = table(d)
    print("\n".join(lines))
    print(LEGEND)
    print()
    for p in PEERS:
        label = os.path.join(d, f"{p}.label")
        if os.path.exists(label):
            print(f"({p}) {read(label).strip()}")
    print()
    for x, y in (("a", "b"), ("a", "c")):
        print(ratio_line(meds, x, y))
    print()
    print("each run (qps; response codes; lost queries):")
    for p in PEERS:
        for i, r in enumerate(runs(d, p)[0] if p in meds else []):
            print(f"({p}) {i + 1}: {r['qps']:,.0f} qps; {r['codes']}; "
                  f"lost {r['lost']:.2f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
