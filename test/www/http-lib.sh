# SPDX-License-Identifier: ISC
# The web tests' small HTTP helpers (sourced by browser.sh and
# nginx-diff.sh).

# A TCP port free on 127.0.0.1 (in the namespace given as $1, if any).
free_port() {
	${1:+ip netns exec "$1"} python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http ADDR:PORT SECONDS [NS]: until a GET / is answered.
wait_http() {
	${3:+ip netns exec "$3"} python3 - "$1" "$2" <<'PY'
import socket, sys, time
host, port = sys.argv[1].rsplit(':', 1)
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    try:
        s = socket.create_connection((host, int(port)), timeout=2)
        s.sendall(b'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
        if s.recv(12).startswith(b'HTTP/1.1 '):
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(1)
PY
}
