#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The table of the HTTP bench (run.sh) from its results folder.

  report.py RESULTS "FILES" "CONNS"

RESULTS holds, per peer (a, b, c), repetition, file and connection count,
PEER.REP.FILE.CONNS.wrk (wrk --latency's output) and .json (measure.py:
the server's CPU over the run), PEER.REP.boot (ms from QEMU's start to
the first 200), PEER.label or PEER.missing, sizes and size-report.
Medians over the repetitions. A run with socket errors or non-2xx
replies is flagged after its figures."""
import json
import os
import re
import statistics
import sys

UNITS = {'us': 1e-3, 'ms': 1.0, 's': 1e3, 'm': 6e4}


def ms(text):
    m = re.match(r'([\d.]+)(us|ms|s|m)$', text)
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def parse_wrk(path):
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    out = {}
    m = re.search(r'Requests/sec:\s+([\d.]+)', text)
    if not m:
        return None
    out['rps'] = float(m.group(1))
    m = re.search(r'(\d+) requests in ([\d.]+)(\w+)', text)
    out['requests'] = int(m.group(1)) if m else 0
    for pct in ('50', '90', '99'):
        m = re.search(r'^\s+%s%%\s+(\S+)' % pct, text, re.M)
        out['p' + pct] = ms(m.group(1)) if m else None
    bad = []
    m = re.search(r'Socket errors: (.*)', text)
    if m:
        bad.append('socket errors: ' + m.group(1).strip())
    m = re.search(r'Non-2xx or 3xx responses: (\d+)', text)
    if m:
        bad.append('%s non-2xx replies' % m.group(1))
    out['bad'] = '; '.join(bad)
    return out


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    res, files, conns = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
    reps = sorted({int(n.split('.')[1]) for n in os.listdir(res)
                   if re.match(r'[abc]\.\d+\.', n)})
    peers = [p for p in 'abc' if not os.path.exists(
        os.path.join(res, p + '.missing'))]
    for p in 'abc':
        label = read(os.path.join(res, p + '.label'))
        why = read(os.path.join(res, p + '.missing'))
        print('(%s) %s' % (p, label if not why else 'left out: ' + why))
    print()
    head = '%-10s %5s %4s  %10s %9s %9s %9s %10s' % (
        'file', 'conns', 'peer', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms',
        'srv us/req')
    print(head + '  %7s %7s' % ('a/b', 'a/c'))
    print('-' * (len(head) + 16))
    flags = []
    for f in files:
        for c in conns:
            rows = {}
            for p in peers:
                runs = []
                for r in reps:
                    base = os.path.join(res, '%s.%d.%s.%s' % (p, r, f, c))
                    w = parse_wrk(base + '.wrk')
                    j = load_json(base + '.json')
                    if not w:
                        continue
                    cpu = j['server_cpu_s'] if j else None
                    w['us_req'] = (cpu / w['requests'] * 1e6
                                   if cpu is not None and w['requests']
                                   else None)
                    if w['bad']:
                        flags.append('(%s) %s, %s connections, repetition '
                                     '%d: %s' % (p, f, c, r, w['bad']))
                    runs.append(w)
                if runs:
                    rows[p] = {k: med([x[k] for x in runs]) for k in
                               ('rps', 'p50', 'p90', 'p99', 'us_req')}
            for p in peers:
                x = rows.get(p)
                fmt = lambda v, spec: (spec % v) if v is not None else '-'
                if not x:
                    print('%-10s %5s %4s  %10s' % (f, c, p, 'no run'))
                    continue
                ratios = ''
                if p == 'a':
                    for q in ('b', 'c'):
                        y = rows.get(q)
                        ratios += ' %7s' % (
                            '%.2f' % (x['rps'] / y['rps'])
                            if y and y['rps'] else '-')
                print('%-10s %5s %4s  %10s %9s %9s %9s %10s %s' % (
                    f, c, p, fmt(x['rps'], '%.0f'), fmt(x['p50'], '%.2f'),
                    fmt(x['p90'], '%.2f'), fmt(x['p99'], '%.2f'),
                    fmt(x['us_req'], '%.0f'), ratios))
    for line in flags:
        print('note: ' + line)
    print()
    for p, name in (('a', 'the appliance'), ('b', 'the Linux VM')):
        boots = [float(read(os.path.join(res, '%s.%d.boot' % (p, r))))
                 for r in reps
                 if (read(os.path.join(res, '%s.%d.boot' % (p, r))) or '')
                 .replace('.', '', 1).isdigit()]
        if boots:
            print('QEMU start -> first 200, %s: %.0f ms (median of %d)' % (
                name, statistics.median(boots), len(boots)))
    sizes = {}
    for line in (read(os.path.join(res, 'sizes')) or '').splitlines():
        k, v = line.split()
        sizes[k] = int(v)
    if sizes:
        print()
        print('image sizes, bytes:')
        if 'a' in sizes:
            print('  (a) appliance, specialised    %10d' % sizes['a'])
        if 'a.generic' in sizes:
            print('  (a) appliance, generic        %10d' % sizes['a.generic'])
        if 'b.kernel' in sizes:
            total = sizes['b.kernel'] + sizes['b.initramfs']
            print('  (b) Linux VM kernel           %10d' % sizes['b.kernel'])
            print('  (b) Linux VM initramfs        %10d' %
                  sizes['b.initramfs'])
            print('  (b) Linux VM, both            %10d' % total)
            if 'a' in sizes:
                print('  (b) / (a)                     %10.1f' %
                      (total / sizes['a']))
    report = read(os.path.join(res, 'size-report'))
    if report:
        print()
        print('the appliance, generic | specialised (unilink build):')
        print(report)


if __name__ == '__main__':
    main()
