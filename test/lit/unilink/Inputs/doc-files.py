#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Write the fenced code blocks of a Markdown page that follow a line
# "<!-- file: PATH -->" to OUTDIR/PATH, so that a test builds a page's
# example exactly as the page shows it.
#
#   doc-files.py PAGE.md OUTDIR
import os, re, sys

page, outdir = sys.argv[1], sys.argv[2]
lines = open(page, encoding='utf-8').read().split('\n')
written = 0
for i, line in enumerate(lines):
    m = re.fullmatch(r'<!-- file: ([\w./-]+) -->', line.strip())
    if not m:
        continue
    if i + 1 >= len(lines) or not lines[i + 1].startswith('```'):
        sys.exit('%s:%d: expected a fenced block after the marker'
                 % (page, i + 1))
    end = lines.index('```', i + 2)
    path = os.path.join(outdir, m.group(1))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines[i + 2:end]) + '\n')
    print('wrote', m.group(1))
    written += 1
if written == 0:
    sys.exit('%s: no "<!-- file: PATH -->" marker' % page)
