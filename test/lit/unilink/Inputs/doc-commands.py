#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Run every ```sh block of a Markdown page as it is, each in a fresh copy of
# a work folder, and check what the line before it promises:
#   <!-- run: image FILE -->        the block succeeds and makes FILE,
#                                   whose sections are then compared with
#                                   REFERENCE (the unilink command's image)
#   <!-- run: refused "TEXT" -->    the block fails and its output says TEXT
# A block without such a line is an error: no command of the page goes
# untested.
#
#   doc-commands.py PAGE.md WORKDIR REFERENCE.elf LLVM-SIZE
import os, re, shutil, subprocess, sys

page, work, reference, llvm_size = sys.argv[1:5]
SECTIONS = ('.text', '.rodata', '.data', 'uni_drivers', 'uni_protocols')


def sizes(elf):
    out = subprocess.run([llvm_size, '-A', elf], check=True,
                         capture_output=True, text=True).stdout
    return {f[0]: int(f[1]) for f in (l.split() for l in out.splitlines())
            if len(f) == 3 and f[1].isdigit()}


def compare(elf, ref):
    """The image of the command: the same descriptors, sections within
    0.5% or 16 bytes (see docs/plugin.md)."""
    a, b = sizes(elf), sizes(ref)
    bad = [(k, a.get(k), b.get(k)) for k in SECTIONS
           if a.get(k) is None or b.get(k) is None or
           abs(a[k] - b[k]) > max(16, b[k] * 0.005)]
    if a.get('uni_config', 0) != 0:
        bad.append(('uni_config', a['uni_config'], 0))
    return bad


lines = open(page, encoding='utf-8').read().split('\n')
failed = ran = 0
for i, line in enumerate(lines):
    if line.strip() != '```sh':
        continue
    where = '%s:%d' % (page, i + 1)
    m = re.fullmatch(r'<!-- run: (image (\S+)|refused "([^"]+)") -->',
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
            compare(os.path.join(d, m.group(2)), reference)
    else:
        bad = 'it succeeded' if p.returncode == 0 else \
            ('no "%s" in its output' % m.group(3)
             if m.group(3) not in out else None)
    if bad:
        failed += 1
        print('%s: FAILED: %s\n%s' % (where, bad, out))
    else:
        print('%s: ok (%s)' % (where, m.group(1)))
print('%d blocks, %d failed' % (ran, failed))
sys.exit(1 if failed else 0)
