#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Run every ```sh block of a Markdown page as it is, each in a fresh copy of
# a work folder, and check what the line before it promises:
#   <!-- run: image FILE [LEVEL] -->  the block succeeds and makes FILE,
#                                     which must be the image of the unilink
#                                     command (REFERENCE, or for a LEVEL
#                                     such as Oz, REFERENCE with -LEVEL
#                                     before .elf) by same_image.py
#   <!-- run: layout FILE -->         the same, but only the sections'
#                                     addresses and sizes are compared
#   <!-- run: near FILE -->           the same sections, each within 64
#                                     bytes of the command's size
#   <!-- run: refused "TEXT" -->      the block fails and its output says
#                                     TEXT
# A block without such a line is an error: no command of the page goes
# untested.
#
#   doc-commands.py PAGE.md WORKDIR REFERENCE.elf
import os, re, shutil, subprocess, sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from same_image import compare  # noqa: E402

page, work, reference = sys.argv[1:4]


def reference_for(level):
    return reference if not level else \
        reference[:-len('.elf')] + '-' + level + '.elf'


lines = open(page, encoding='utf-8').read().split('\n')
failed = ran = 0
for i, line in enumerate(lines):
    if line.strip() != '```sh':
        continue
    where = '%s:%d' % (page, i + 1)
    m = re.fullmatch(
        r'<!-- run: ((image|layout|near) (\S+)(?: (\S+))?|refused "([^"]+)") -->',
        lines[i - 1].strip() if i > 0 else '')
    if not m:
        sys.exit('%s: expected "<!-- run: ... -->" before the block' % where)
    body = '\n'.join(lines[i + 1:lines.index('```', i + 1)]) + '\n'
    ran += 1
    d = os.path.join(work, 'block%d' % ran)
    shutil.copytree(os.path.join(work, 'src'), d, symlinks=True)
    p = subprocess.run(['sh', '-e'], input=body, cwd=d, text=True,
                       capture_output=True, timeout=600)
    out = p.stdout + p.stderr
    if m.group(2):
        bad = 'status %d' % p.returncode if p.returncode else \
            compare(reference_for(m.group(4)), os.path.join(d, m.group(3)),
                    m.group(2) != 'image', 64 if m.group(2) == 'near' else 0)
    else:
        bad = 'it succeeded' if p.returncode == 0 else \
            ('no "%s" in its output' % m.group(5)
             if m.group(5) not in out else None)
    if bad:
        failed += 1
        print('%s: FAILED: %s\n%s' % (where, bad, out))
    else:
        print('%s: ok (%s)' % (where, m.group(1)))
print('%d blocks, %d failed' % (ran, failed))
sys.exit(1 if failed else 0)
