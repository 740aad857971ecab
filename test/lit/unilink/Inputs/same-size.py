#!/usr/bin/env python3
# usage: same-size.py LLVM-SIZE REFERENCE.elf IMAGE.elf...
# Prints "sizes match" when the code and data sections (.text, .rodata,
# .data, .note.unilink.run, uni_config, uni_drivers, uni_protocols) of every
# IMAGE are the size of the REFERENCE's (the image of `unilink build`),
# within 16 bytes or 1%: the command embeds a symbol table (.uni_symtab,
# not compared) and names each object's strings apart, so constant strings
# merge slightly differently; and ld.lld's LTO has no size level, so a
# plain link runs the O2 pipeline over functions the plugin marks optsize
# where the command runs lto<Os> (greeter: 27,488 against 27,284 bytes of
# text, 0.75%). Else each difference and its image.
import subprocess
import sys

SECTIONS = (".text", ".rodata", ".data", ".note.unilink.run", "uni_config",
            "uni_drivers", "uni_protocols")


def sizes(tool, path):
    out = subprocess.run([tool, "-A", path], check=True, capture_output=True,
                         text=True).stdout
    s = {}
    for line in out.splitlines():
        w = line.split()
        if len(w) == 3 and w[1].isdigit():
            s[w[0]] = int(w[1])
    return s


def main():
    tool, ref, images = sys.argv[1], sys.argv[2], sys.argv[3:]
    want = sizes(tool, ref)
    bad = []
    for image in images:
        got = sizes(tool, image)
        for sec in SECTIONS:
            a, b = got.get(sec, 0), want.get(sec, 0)
            print("%s %s %d (reference %d, %+d)" % (image, sec, a, b, a - b),
                  file=sys.stderr)
            if abs(a - b) > max(16, b * 0.01):
                bad.append((image, sec, a, b))
    print("sizes match" if not bad else bad)


main()
