#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Drives `unilink run` of the DNS appliance end to end: two --hostfwd ports
# (DNS and the control port), one SOA query answered through the forward,
# then "quit" on the control port; prints the answer and the exit status
# `unilink run` returned (the appliance's own).
#   run-dns.py UNILINK CONFIG
import socket
import struct
import subprocess
import sys
import time


def free_udp_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def soa_query(name):
    q = struct.pack(">HHHHHH", 0x1234, 0x0000, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\0" + struct.pack(">HH", 6, 1)


def ask(port, deadline):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1.0)
    while time.time() < deadline:
        s.sendto(soa_query("example.com"), ("127.0.0.1", port))
        try:
            return s.recv(4096)
        except socket.timeout:
            continue
    return None


def main():
    unilink, config = sys.argv[1], sys.argv[2]
    dns, ctl = free_udp_port(), free_udp_port()
    vm = subprocess.Popen(
        [unilink, "run", config, "-q", "--timeout", "90",
         "-D", "dns.control_port=9",
         "--hostfwd", "udp:127.0.0.1:%d-:53" % dns,
         "--hostfwd", "udp:127.0.0.1:%d-:9" % ctl],
        stdout=subprocess.PIPE, text=True)
    answer = ask(dns, time.time() + 60)
    if answer is None:
        print("no answer")
    else:
        flags, qd, an = struct.unpack(">HHH", answer[2:8])
        print("answer id=%#x rcode=%d answers=%d" % (
            struct.unpack(">H", answer[:2])[0], flags & 15, an))
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
        b"quit", ("127.0.0.1", ctl))
    out, _ = vm.communicate(timeout=120)
    sys.stdout.write(out)
    print("unilink run exited with status %d" % vm.returncode)


main()
