#!/bin/sh
# SPDX-License-Identifier: ISC
# The link of an appliance by clang-19 alone, with the passes plugin in
# ld.lld's LTO: the plugin takes its configuration from the environment
# (docs/plugin.md), which a CMake link rule cannot set with ';' in it, so
# unilink_add_appliance(... CLANG) links through this launcher.
#
# usage: unilink-link-env.sh CONFIG [section.key=value]... -- COMMAND ARGS...
#   runs COMMAND with UNILINK_CONFIG=CONFIG and UNILINK_DEFINES set to the
#   overrides joined by ';'; an empty CONFIG and no overrides: neither set,
#   so the plugin changes nothing (a generic image).
set -eu
if [ $# -lt 3 ]; then
	echo "usage: unilink-link-env.sh CONFIG [section.key=value]... -- COMMAND ARGS..." >&2
	exit 2
fi
config=$1
shift
unset UNILINK_CONFIG UNILINK_DEFINES
defines=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	defines=${defines:+$defines;}$1
	shift
done
if [ $# -lt 2 ]; then
	echo "unilink-link-env.sh: expected '--' and a command after the overrides" >&2
	exit 2
fi
shift
if [ -n "$config" ]; then
	UNILINK_CONFIG=$config
	export UNILINK_CONFIG
fi
if [ -n "$defines" ]; then
	UNILINK_DEFINES=$defines
	export UNILINK_DEFINES
fi
exec "$@"
