#!/bin/sh
# The whole test suite on a fresh Debian 12 machine: install what is missing,
# build, run every test (boot tests under QEMU, unit tests under ASan/UBSan,
# lit tests). ctest prints the closing summary line.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh"
"$top/scripts/build.sh"
cd "$top/build"
ctest --output-on-failure -j "$(nproc)" "$@"
