#!/bin/sh
# A stand-in for clang-19 or ld.lld-19 that never finishes: it writes its
# process id to $TEST_PIDFILE and sleeps, so that a test can stop unilink
# while the tool runs and check that the tool was ended with it.
echo $$ >"$TEST_PIDFILE"
exec sleep 300
