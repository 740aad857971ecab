#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Writes the tree that the differential test against nginx serves
(nginx-diff.sh, httpdiff.py): the same bytes every time (a fixed random
seed), every media type of docs/www.md, a directory with and without an
index.html, names that need percent-encoding, an empty file, a file of
1 MiB + 1, a gzip sibling, a hidden file and .well-known.

usage: gen-diff-site.py DIR [MTIME]  (every file's mtime set to MTIME,
seconds since 1970, default 1700000000, so that nginx's Last-Modified is
a known date)"""
import gzip
import os
import random
import sys


def write(root, name, data, mtime):
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)
    os.utime(path, (mtime, mtime))


def files():
    rnd = random.Random(11)
    text = ''.join('line %d of a text file\n' % i for i in range(200))
    yield 'index.html', b'<!doctype html><title>diff</title><p>root</p>\n'
    yield 'docs/index.html', b'<!doctype html><title>docs</title>\n'
    yield 'docs/guide.md', b'# Guide\n\nText.\n'
    yield 'noindex/only.txt', b'a directory without index.html\n'
    yield 'a.txt', text.encode()
    # gzip sibling: mtime 0 in the header so the bytes are fixed.
    yield 'a.txt.gz', gzip.compress(text.encode(), mtime=0)
    yield 'style.css', b'body { color: #123456 }\n'
    yield 'app.js', b'console.log("app");\n'
    yield 'mod.mjs', b'export const x = 1;\n'
    yield 'data.json', b'{"k": [1, 2, 3]}\n'
    yield 'pic.svg', b'<svg xmlns="http://www.w3.org/2000/svg"/>\n'
    yield 'feed.xml', b'<?xml version="1.0"?><r/>\n'
    yield 'table.csv', b'a,b\n1,2\n'
    for ext in ('png', 'jpg', 'jpeg', 'gif', 'webp', 'ico', 'pdf', 'wasm',
                'woff', 'woff2', 'bin'):
        yield 'types/file.' + ext, bytes(rnd.randrange(256)
                                         for _ in range(300))
    yield 'types/file.htm', b'<p>htm</p>\n'
    yield 'types/UPPER.HTML', b'<p>upper-case extension</p>\n'
    yield 'types/noext', b'no extension\n'
    yield 'empty.bin', b''
    yield 'big.bin', rnd.randbytes(1048577)
    yield 'with space.txt', b'a name with a blank\n'
    yield 'caf\u00e9.txt', 'caf\u00e9\n'.encode()
    yield 'pct%41.txt', b'a name with a percent sign\n'
    yield 'a/b/c/deep.txt', b'three folders down\n'
    yield '.hidden', b'never served\n'
    yield '.well-known/security.txt', b'Contact: mailto:x@example.com\n'


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    root = sys.argv[1]
    mtime = int(sys.argv[2]) if len(sys.argv) == 3 else 1700000000
    for name, data in files():
        write(root, name, data, mtime)


if __name__ == '__main__':
    main()
