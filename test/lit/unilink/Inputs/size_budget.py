"""The size budget of images, from their JSON size reports.

usage: size_budget.py REPORT.json MAX_LOADED [REPORT.json MAX_LOADED]...

For each report: the specialised image's loaded bytes (text + rodata +
data) must be at most MAX_LOADED, and its file at most 1.25 times them.
Prints one line per image and "ok", or what failed on stderr (exit 1).
"""
import json
import os
import sys

FILE_RATIO = 1.25


def check(path, max_loaded):
    name = os.path.basename(path).rsplit(".", 1)[0]
    with open(path) as f:
        report = json.load(f)
    image = report["image"]["specialised"]
    total = report["total"]["specialised"]
    loaded = total["text"] + total["rodata"] + total["data"]
    errors = []
    if image["loaded"] != loaded:
        errors.append("%s: the report's loaded bytes %d are not text + rodata"
                      " + data = %d" % (name, image["loaded"], loaded))
    if loaded > max_loaded:
        errors.append("%s: expected at most %d loaded bytes (text + rodata +"
                      " data), found %d" % (name, max_loaded, loaded))
    if image["file"] > FILE_RATIO * loaded:
        errors.append("%s: expected a file of at most %.2f x %d loaded bytes,"
                      " found %d bytes" % (name, FILE_RATIO, loaded,
                                           image["file"]))
    if not errors:
        print("%s: loaded %d <= %d, file %d <= %.2f x loaded"
              % (name, loaded, max_loaded, image["file"], FILE_RATIO))
    return errors


def main(args):
    if len(args) == 0 or len(args) % 2:
        sys.exit(__doc__)
    errors = []
    for i in range(0, len(args), 2):
        errors += check(args[i], int(args[i + 1]))
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1:])
