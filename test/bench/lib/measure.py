#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Run a load generator and measure CPU on both sides.

  measure.py --server-pid PID --log FILE --json FILE -- COMMAND...

Runs COMMAND with its output in FILE, takes the server's CPU time
(procstat.cpu: its process tree, vCPU threads apart) just before and just
after, and the command's own CPU time from wait4's rusage. Writes one JSON
object: wall_s, client_cpu_s, server_cpu_s, server_vcpu_s, status. A
SIGTERM, SIGINT or SIGHUP ends COMMAND too.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procstat  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server-pid", type=int, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        ap.error("no command to run")
    with open(a.log, "w") as log:
        before = procstat.cpu(a.server_pid)
        t0 = time.monotonic()
        child = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, lambda *_: (child.terminate(), sys.exit(130)))
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - t0
        after = procstat.cpu(a.server_pid)
    result = {
        "wall_s": wall,
        "client_cpu_s": usage.ru_utime + usage.ru_stime,
        "server_cpu_s": after["total"] - before["total"],
        "server_vcpu_s": after["vcpu"] - before["vcpu"],
        "status": os.waitstatus_to_exitcode(status),
    }
    with open(a.json, "w") as f:
        json.dump(result, f)
    return 0 if result["status"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
