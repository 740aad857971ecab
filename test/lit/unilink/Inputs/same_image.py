#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Whether an image is the image of `unilink build`, byte for byte where a
# loader reads it (import it, or run it: same_image.py REFERENCE IMAGE...).
#
# Compared: the entry point; every allocated section by name, address and
# size; the bytes of each one that has file bytes. What may differ, and why:
#   .note.gnu.build-id  a hash of the whole file, which holds the debug
#                       information and symbol table of the link (the
#                       command moves them to NAME.debug)
#   .uni_symtab         the command's embedded symbol table (the panic
#                       backtrace's names), made by a second link that a
#                       plain LTO link does not do; it is last in the image
#                       (link/pvh.ld), so nothing else moves with it
#   a 4- or 8-byte field holding the address of a symbol placed after the
#                       table's start (__uni_symtab_end, __image_end): it
#                       must hold that symbol's address in each image
# The symbols come from the image's symbol table, or for a shipped image
# from NAME.debug beside it. Anything else is reported as a difference.
# With --layout, only the sections' addresses and sizes are compared.
import os
import struct
import sys

SKIP = ('.note.gnu.build-id', '.uni_symtab')


class Elf:
    def __init__(self, path):
        self.path = path
        self.data = open(path, 'rb').read()
        d = self.data
        if d[:4] != b'\x7fELF' or d[4] != 2:
            raise ValueError('%s: expected an ELF64 file' % path)
        (self.entry, shoff, shentsize, shnum, shstrndx) = (
            struct.unpack_from('<Q', d, 24)[0],
            struct.unpack_from('<Q', d, 40)[0],
            *struct.unpack_from('<HHH', d, 58))
        raw = [struct.unpack_from('<IIQQQQIIQQ', d, shoff + i * shentsize)
               for i in range(shnum)]
        names = raw[shstrndx]
        self.sections = []
        for (name, typ, flags, addr, off, size, link, info, align,
             entsize) in raw:
            self.sections.append({
                'name': self.cstr(names[4] + name), 'type': typ,
                'flags': flags, 'addr': addr, 'off': off, 'size': size,
                'link': link, 'entsize': entsize})

    def cstr(self, off):
        return self.data[off:self.data.index(b'\0', off)].decode()

    def alloc(self):
        """Allocated sections by name (SHF_ALLOC)."""
        return {s['name']: s for s in self.sections if s['flags'] & 2}

    def bytes(self, s):
        return b'' if s['type'] == 8 else \
            self.data[s['off']:s['off'] + s['size']]

    def symbols(self):
        out = {}
        for s in self.sections:
            if s['type'] != 2:  # SHT_SYMTAB
                continue
            strtab = self.sections[s['link']]
            for i in range(s['size'] // 24):
                name, info, other, shndx, value, size = struct.unpack_from(
                    '<IBBHQQ', self.data, s['off'] + i * 24)
                if name:
                    out[self.cstr(strtab['off'] + name)] = value
        return out


def symbols(elf):
    """The image's symbols, or those of NAME.debug beside it."""
    syms = elf.symbols()
    debug = os.path.splitext(elf.path)[0] + '.debug'
    if not syms and os.path.exists(debug):
        syms = Elf(debug).symbols()
    return syms


def moved(ref, img):
    """(reference address, image address) of the symbols after the
    table's start whose addresses differ between the two."""
    a, b = symbols(ref), symbols(img)
    start = a.get('__uni_symtab_start')
    if start is None or b.get('__uni_symtab_start') != start:
        return set()
    return {(a[n], b[n]) for n in a
            if n in b and a[n] > start and a[n] != b[n]}


def field_ok(x, y, at, pairs):
    """Whether every differing byte near offset at lies in a field that
    holds a moved symbol's address in each image."""
    for width in (4, 8):
        for lo in range(at - width + 1, at + 1):
            if lo < 0 or lo + width > len(x):
                continue
            fmt = '<I' if width == 4 else '<Q'
            u, v = (struct.unpack_from(fmt, x, lo)[0],
                    struct.unpack_from(fmt, y, lo)[0])
            if (u, v) in pairs:
                return lo + width
    return None


def compare(ref_path, img_path, layout_only=False, slack=0):
    """The differences of img from ref, as text lines (none: the same).
    layout_only: the sections' addresses and sizes, not their bytes;
    slack: sizes may differ by that many bytes (addresses then too)."""
    ref, img = Elf(ref_path), Elf(img_path)
    bad = []
    if ref.entry != img.entry:
        bad.append('entry point %#x, reference %#x' % (img.entry, ref.entry))
    a, b = ref.alloc(), img.alloc()
    pairs = moved(ref, img)
    for name in sorted(set(a) | set(b)):
        if name in SKIP:
            continue
        if name not in a or name not in b:
            s = a.get(name) or b.get(name)
            if s['size'] != 0:
                bad.append('%s: only in the %s' % (
                    name, 'reference' if name in a else 'image'))
            continue
        sa, sb = a[name], b[name]
        if slack and sa['type'] == sb['type'] and \
                abs(sa['size'] - sb['size']) <= slack:
            continue
        if (sa['addr'], sa['size'], sa['type']) != \
                (sb['addr'], sb['size'], sb['type']):
            bad.append('%s: at %#x, %d bytes; reference at %#x, %d bytes' % (
                name, sb['addr'], sb['size'], sa['addr'], sa['size']))
            continue
        if layout_only:
            continue
        x, y = ref.bytes(sa), img.bytes(sb)
        i, fields = 0, 0
        while i < len(x):
            if x[i] == y[i]:
                i += 1
                continue
            end = field_ok(x, y, i, pairs)
            if end is None:
                bad.append('%s: byte %#x (address %#x) is %#04x, reference '
                           '%#04x' % (name, i, sa['addr'] + i, y[i], x[i]))
                break
            fields += 1
            i = end
        if fields:
            print('%s %s: %d address field(s) of symbols after the table' %
                  (img_path, name, fields), file=sys.stderr)
    return bad


def main():
    args = sys.argv[1:]
    layout = '--layout' in args
    args = [a for a in args if a != '--layout']
    ref, images = args[0], args[1:]
    bad = []
    for image in images:
        bad += ['%s: %s' % (image, d) for d in compare(ref, image, layout)]
    print('\n'.join(bad) if bad else 'images match')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
