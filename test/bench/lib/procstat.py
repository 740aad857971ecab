# SPDX-License-Identifier: ISC
"""CPU time of a process tree from /proc, split by thread name.

cpu(pid) sums utime+stime of every thread of pid and of its descendants and
returns {"total": s, "vcpu": s}: "vcpu" is the part spent in threads whose
name starts with "CPU " (QEMU's vCPU threads under -name x,debug-threads=on).
Threads or processes that vanish while being read are skipped.
"""
import os

TICK = os.sysconf("SC_CLK_TCK")


def _stat_fields(path):
    """Fields after the command name of a /proc stat file, or None."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    return text[text.rfind(")") + 2:].split()


def _children(pid):
    """Every descendant of pid (by scanning the ppid of all processes)."""
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            f = _stat_fields(f"/proc/{entry}/stat")
            if f is not None:
                parent[int(entry)] = int(f[1])
    tree, grew = {pid}, True
    while grew:
        grew = False
        for p, pp in parent.items():
            if pp in tree and p not in tree:
                tree.add(p)
                grew = True
    return tree


def _comm(pid, tid):
    try:
        with open(f"/proc/{pid}/task/{tid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def cpu(pid):
    """{"total": seconds, "vcpu": seconds} for pid and its descendants."""
    total = vcpu = 0
    for p in _children(pid):
        try:
            tids = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tids:
            f = _stat_fields(f"/proc/{p}/task/{t}/stat")
            if f is None:
                continue
            ticks = int(f[11]) + int(f[12])
            total += ticks
            if _comm(p, t).startswith("CPU "):
                vcpu += ticks
    return {"total": total / TICK, "vcpu": vcpu / TICK}
