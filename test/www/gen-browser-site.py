#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Writes the browser test's site (browser.sh): the stored pages, styles
and scripts of test/www/browser-site, and what is better made than
stored: two PNG images (a logo of 24 x 16 and a background of 8 x 8, made
here with zlib), favicon.ico (a PNG in an ICO: browsers ask for it on
their own) and js/app.js.gz beside js/app.js, so that the browser
gets a gzip-compressed script.

usage: gen-browser-site.py SRC DST"""
import gzip
import shutil
import struct
import sys
import zlib


def png(width, height, rgb):
    """A truecolour PNG (RFC 2083) of one colour."""
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    row = b'\x00' + bytes(rgb) * width
    return (b'\x89PNG\r\n\x1a\n' +
            chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0,
                                       0, 0)) +
            chunk(b'IDAT', zlib.compress(row * height, 9)) +
            chunk(b'IEND', b''))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    shutil.copytree(src, dst)
    with open(dst + '/img/logo.png', 'wb') as f:
        f.write(png(24, 16, (18, 52, 86)))
    with open(dst + '/img/bg.png', 'wb') as f:
        f.write(png(8, 8, (200, 220, 240)))
    icon = png(16, 16, (18, 52, 86))
    with open(dst + '/favicon.ico', 'wb') as f:
        # ICONDIR, one ICONDIRENTRY (16 x 16, 32 bpp), the PNG at offset 22
        f.write(struct.pack('<HHHBBBBHHII', 0, 1, 1, 16, 16, 0, 0, 1, 32,
                            len(icon), 22) + icon)
    with open(dst + '/js/app.js', 'rb') as f:
        data = f.read()
    with open(dst + '/js/app.js.gz', 'wb') as f:
        f.write(gzip.compress(data, 9, mtime=0))


if __name__ == '__main__':
    main()
