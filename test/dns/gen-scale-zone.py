#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Writes a zone scale.test of a given size for the scale tests and the
scale bench: the apex (SOA, NS, glue), then names r0, r1, ... each with a
TXT record and every third with an A record, until the file reaches
--bytes or holds --records records. The content of name rN is a function
of N alone, so a test can ask for any name and know the answer:
  rN TXT "scale-N-" followed by (N % 50) + 40 letters 'a'+(N % 26)
  rN A   10.(N >> 16 & 255).(N >> 8 & 255).(N & 255)   (N % 3 == 0)
Prints the number of names rN written (the last one is r<count-1>).

usage: gen-scale-zone.py FILE (--bytes N | --records N)
"""
import sys


def txt(n):
    return "scale-%d-%s" % (n, chr(ord("a") + n % 26) * (n % 50 + 40))


def main():
    args = sys.argv[1:]
    if len(args) != 3 or args[1] not in ("--bytes", "--records"):
        sys.exit(__doc__.split("usage: ")[1])
    path, limit = args[0], int(args[2])
    by_bytes = args[1] == "--bytes"
    head = ("$ORIGIN scale.test.\n$TTL 3600\n"
            "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
            "@ NS ns1\nns1 A 192.0.2.53\n")
    size, records, n = len(head), 3, 0
    with open(path, "w") as f:
        f.write(head)
        chunk = []
        while (size < limit) if by_bytes else (records < limit):
            line = 'r%d TXT "%s"\n' % (n, txt(n))
            records += 1
            if n % 3 == 0 and (by_bytes or records < limit):
                line += "r%d A 10.%d.%d.%d\n" % (n, n >> 16 & 255,
                                                 n >> 8 & 255, n & 255)
                records += 1
            chunk.append(line)
            size += len(line)
            n += 1
            if len(chunk) == 4096:
                f.write("".join(chunk))
                chunk = []
        f.write("".join(chunk))
    print(n)


if __name__ == "__main__":
    main()
