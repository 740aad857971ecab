#!/bin/sh
# Configure and build unilink into build/ (after scripts/setup.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ ! -f build/build.ninja ]; then
	cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C build
