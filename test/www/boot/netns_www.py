#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# The client side of netns-www.sh, and the tree it serves.
#
#   netns_www.py gen DIR                  write the test site into DIR
#   netns_www.py files ADDR DIR [...]     every file with curl, wget --mirror
#   netns_www.py http ADDR DIR [...]      the protocol, with real clients
#
# The tree is the same on every run (a seeded generator): files from 0 B to
# 5 MiB, text and binary, nested folders, names that need percent-encoding,
# a folder with an index.html (for the 301), and page.html beside
# page.html.gz; index.html links every file, so that wget --mirror finds
# them all. Every wait is bounded. Prints one line per check; exits 1 on a
# failure.
import argparse, email.utils, gzip, http.client, os, random, re, socket
import subprocess, sys, time, urllib.parse

failures = []
SIZES = [0, 1, 2, 100, 1023, 1024, 1459, 1460, 1461, 4095, 4096, 8192,
         65535, 65536, 65537, 200000, 1 << 20, (1 << 20) + 13,
         3 * (1 << 20) + 7, 5 * (1 << 20) + 1]
NAMES = ['a b.txt', '100%.txt', 'caf\u00e9-\u00fc\u20ac.txt',
         'plus+and&amp.txt', '[x]{y}=~!.bin', 'hash#mark.txt',
         "quote'semi;colon,.txt"]


def check(ok, what):
    print(('ok: ' if ok else 'FAIL: ') + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def text_bytes(rng, n):
    words = ['unilink', 'appliance', 'caf\u00e9', 'HTTP/1.1', 'r\u00e9sum\u00e9',
             '\u65e5\u672c', 'lorem', 'ipsum', '\u2603']
    out = bytearray()
    while len(out) < n:
        out += (rng.choice(words) + (' ' if rng.random() < 0.9 else '\n')
                ).encode()
    # never end inside a UTF-8 sequence: drop a cut one, pad with dots
    out = bytes(out[:n]).decode('utf-8', errors='ignore').encode()
    return out + b'.' * (n - len(out))


def write(root, rel, data):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def gen(root):
    rng = random.Random(20261207)
    files = {}
    dirs = ['', 'docs', 'docs/deep/er', 'media', 'caf\u00e9 d\u00e9j\u00e0']
    for i, n in enumerate(SIZES):
        d = dirs[i % len(dirs)]
        if i % 2 == 0:
            name = 'text-%d.txt' % n
            data = text_bytes(rng, n)
        else:
            name = 'bin-%d.bin' % n
            data = rng.randbytes(n)
        files[os.path.join(d, name)] = data
    for name in NAMES:
        files['names/' + name] = text_bytes(rng, 40 + len(name))
    files['dir/index.html'] = b'<!DOCTYPE html>\n<p>the folder dir</p>\n'
    page = b'<!DOCTYPE html>\n<p>' + text_bytes(rng, 20000) + b'</p>\n'
    files['page.html'] = page
    files['page.html.gz'] = gzip.compress(page, 9, mtime=0)
    files['style.css'] = b'body { color: #123; }\n' * 50
    files['app.js'] = b'"use strict";\nconsole.log("app");\n'
    files['data.json'] = b'{"a": [1, 2, 3], "b": "caf\xc3\xa9"}\n'
    links = ''.join('<li><a href="/%s">%s</a></li>\n'
                    % (urllib.parse.quote(p), p.replace('&', '&amp;'))
                    for p in sorted(files))
    files['index.html'] = ('<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
                           '<title>test tree</title></head><body><ul>\n%s'
                           '</ul></body></html>\n' % links).encode()
    for rel, data in files.items():
        write(root, rel, data)
    print('gen: %d files, %d bytes in %s'
          % (len(files), sum(map(len, files.values())), root))


def tree(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = p
    return out


def url(addr, rel):
    return 'http://%s/%s' % (addr, urllib.parse.quote(rel))


def wait_up(addr, started):
    end = time.time() + 120
    while time.time() < end:
        try:
            c = http.client.HTTPConnection(addr, 80, timeout=2)
            c.request('GET', '/')
            r = c.getresponse()
            r.read()
            c.close()
            if r.status == 200:
                print('first 200 %.2f s after QEMU started'
                      % (time.time() - started), flush=True)
                return True
        except OSError:
            time.sleep(0.2)
    return check(False, 'the appliance answers GET / within 120 s')


def curl_all(addr, root, out):
    files = tree(root)
    os.makedirs(out)
    cfg = os.path.join(out, 'curl.cfg')
    names = sorted(files)
    with open(cfg, 'w') as f:
        for i, rel in enumerate(names):
            f.write('url = "%s"\noutput = "%s/%d"\n' % (url(addr, rel), out, i))
    t = time.time()
    r = subprocess.run(['curl', '-sS', '--fail', '--max-time', '120', '-K',
                        cfg], capture_output=True, text=True)
    took = time.time() - t
    check(r.returncode == 0, 'curl fetched %d files (status %d%s)'
          % (len(names), r.returncode, ': ' + r.stderr.strip()[:200]
             if r.returncode else ''))
    bad = []
    total = 0
    for i, rel in enumerate(names):
        want = open(files[rel], 'rb').read()
        total += len(want)
        try:
            got = open(os.path.join(out, str(i)), 'rb').read()
        except OSError:
            got = None
        if got != want:
            bad.append(rel)
    check(not bad, 'every file byte-exact with curl (%d files, %d bytes in '
          '%.1f s)%s' % (len(names), total, took,
                         ': differ ' + repr(bad[:5]) if bad else ''))


def wget_mirror(addr, root, out):
    r = subprocess.run(['wget', '-q', '--mirror', '--no-host-directories',
                        '--restrict-file-names=nocontrol', '--timeout=60',
                        '--tries=1', '-P', out, 'http://%s/' % addr],
                       capture_output=True, text=True)
    # 8: some request answered with an error (robots.txt: 404)
    check(r.returncode in (0, 8), 'wget --mirror ran (status %d)'
          % r.returncode)
    d = subprocess.run(['diff', '-r', root, out], capture_output=True,
                       text=True)
    check(d.returncode == 0, 'wget --mirror tree equals the site (diff -r)%s'
          % (': ' + d.stdout.strip()[:400] if d.returncode else ''))


def run_files(a):
    if not wait_up(a.addr, a.started):
        return
    curl_all(a.addr, a.dir, a.dir + '.curl')
    wget_mirror(a.addr, a.dir, a.dir + '.wget')


def request(addr, method, path, headers=None, conn=None):
    c = conn or http.client.HTTPConnection(addr, 80, timeout=30)
    c.request(method, path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    if conn is None:
        c.close()
    return r, body


def content(root, rel):
    return open(os.path.join(root, rel), 'rb').read()


def check_basics(a):
    r, body = request(a.addr, 'GET', '/')
    check(r.status == 200 and body == content(a.dir, 'index.html'),
          'GET / is index.html')
    check(r.getheader('Server') == 'unilink', 'Server: unilink')
    check(r.getheader('Content-Type') == 'text/html; charset=utf-8',
          'Content-Type of index.html')
    date = r.getheader('Date') or ''
    try:
        skew = abs(email.utils.parsedate_to_datetime(date).timestamp()
                   - time.time())
    except (TypeError, ValueError):
        skew = 1e9
    check(skew <= 5, 'Date %r within 5 s of the host clock (%.1f s)'
          % (date, skew))
    rel = next(p for p in sorted(tree(a.dir)) if re.search(r'-%d\.' % (1 << 20), p))
    r, body = request(a.addr, 'HEAD', '/' + urllib.parse.quote(rel))
    check(r.status == 200 and body == b'' and
          r.getheader('Content-Length') == str(1 << 20),
          'HEAD: 200, Content-Length %s, no body' % r.getheader(
              'Content-Length'))
    for rel in ['names/' + n for n in NAMES]:
        r, body = request(a.addr, 'GET', '/' + urllib.parse.quote(rel))
        check(r.status == 200 and body == content(a.dir, rel),
              'percent-encoded name %r' % rel)
    r, body = request(a.addr, 'GET', '/nothere.html')
    check(r.status == 404, '404 for /nothere.html')
    r, body = request(a.addr, 'GET', '/dir?x=1')
    check(r.status == 301 and r.getheader('Location') == '/dir/?x=1',
          '301 for /dir, Location %r' % r.getheader('Location'))
    r, body = request(a.addr, 'GET', '/dir/')
    check(r.status == 200 and body == content(a.dir, 'dir/index.html'),
          '/dir/ is dir/index.html')
    r, body = request(a.addr, 'DELETE', '/')
    check(r.status == 405 and r.getheader('Allow') == 'GET, HEAD',
          '405 with Allow for DELETE')


def check_conditionals(a):
    rel = 'style.css'
    data = content(a.dir, rel)
    r, _ = request(a.addr, 'GET', '/' + rel)
    etag = r.getheader('ETag') or ''
    check(re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', etag) is not None,
          'strong ETag %r' % etag)
    r, body = request(a.addr, 'GET', '/' + rel, {'If-None-Match': etag})
    check(r.status == 304 and body == b'', 'If-None-Match: 304')
    r, body = request(a.addr, 'GET', '/' + rel, {'If-None-Match': '"x"'})
    check(r.status == 200 and body == data, 'If-None-Match other: 200')
    r, body = request(a.addr, 'GET', '/' + rel, {'Range': 'bytes=10-99'})
    check(r.status == 206 and body == data[10:100] and
          r.getheader('Content-Range') == 'bytes 10-99/%d' % len(data),
          'Range 10-99: 206, %s' % r.getheader('Content-Range'))
    r, body = request(a.addr, 'GET', '/' + rel, {'Range': 'bytes=-7'})
    check(r.status == 206 and body == data[-7:], 'Range -7: 206, the tail')
    r, body = request(a.addr, 'GET', '/' + rel,
                      {'Range': 'bytes=%d-' % len(data)})
    check(r.status == 416 and
          r.getheader('Content-Range') == 'bytes */%d' % len(data),
          'Range past the end: 416, %s' % r.getheader('Content-Range'))
    page, gz = content(a.dir, 'page.html'), content(a.dir, 'page.html.gz')
    r, body = request(a.addr, 'GET', '/page.html',
                      {'Accept-Encoding': 'gzip, deflate'})
    check(r.status == 200 and body == gz and
          r.getheader('Content-Encoding') == 'gzip' and
          r.getheader('Vary') == 'Accept-Encoding',
          'gzip: page.html.gz with Content-Encoding and Vary')
    r, body = request(a.addr, 'GET', '/page.html')
    check(r.status == 200 and body == page and
          r.getheader('Content-Encoding') is None, 'no gzip: page.html')
    # style.css has no .gz in the tree: the build makes one (www.gzip)
    css = content(a.dir, 'style.css')
    r, body = request(a.addr, 'GET', '/style.css', {'Accept-Encoding': 'gzip'})
    check(r.status == 200 and r.getheader('Content-Encoding') == 'gzip' and
          gzip.decompress(body) == css and len(body) < len(css),
          'gzip made at build time: style.css, %d bytes for %d'
          % (len(body), len(css)))
    r, body = request(a.addr, 'GET', '/style.css.gz')
    check(r.status == 404, 'the made variant has no URL: 404')
    got = subprocess.run(['curl', '-sS', '--compressed', url(a.addr,
                                                             'page.html')],
                         capture_output=True).stdout
    check(got == page, 'curl --compressed decodes page.html')


def parse_replies(raw):
    """Splits raw bytes into (status, head, body) by Content-Length."""
    out = []
    while raw:
        end = raw.find(b'\r\n\r\n')
        if end < 0:
            break
        head = raw[:end].decode('latin-1')
        status = int(head.split(' ', 2)[1])
        m = re.search(r'(?im)^content-length: *(\d+)', head)
        n = int(m.group(1)) if m and status != 304 else 0
        out.append((status, head, raw[end + 4:end + 4 + n]))
        raw = raw[end + 4 + n:]
    return out


def check_pipelining(a):
    rels = ['style.css', 'app.js', 'nothere', 'data.json',
            'text-%d.txt' % 0, 'index.html']
    reqs = b''
    want = []
    for rel in rels:
        reqs += b'GET /%s HTTP/1.1\r\nHost: t\r\n\r\n' % rel.encode()
        path = os.path.join(a.dir, rel)
        want.append((200, open(path, 'rb').read()) if os.path.exists(path)
                    else (404, None))
    reqs += b'GET /app.js HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n'
    want.append((200, content(a.dir, 'app.js')))
    s = socket.create_connection((a.addr, 80), timeout=20)
    s.sendall(reqs)  # one write: all requests before any reply
    raw = b''
    while True:
        b = s.recv(65536)
        if not b:
            break
        raw += b
    s.close()
    got = parse_replies(raw)
    ok = len(got) == len(want) and all(
        g[0] == w[0] and (w[1] is None or g[2] == w[1])
        for g, w in zip(got, want))
    check(ok, 'pipelining: %d requests in one write, %d replies in order '
          '(%s)' % (len(want), len(got), [g[0] for g in got]))


def check_reuse(a):
    r = subprocess.run(['curl', '-sv', '-o', '/dev/null', '-o', '/dev/null',
                        '-o', '/dev/null', url(a.addr, 'style.css'),
                        url(a.addr, 'app.js'), url(a.addr, 'index.html')],
                       capture_output=True, text=True)
    n = r.stderr.count('Re-using existing connection')
    check(r.returncode == 0 and n == 2,
          'curl keep-alive: "Re-using existing connection" %d times' % n)


def check_http_client(a):
    c = http.client.HTTPConnection(a.addr, 80, timeout=30)
    c.connect()
    sock = c.sock
    files = sorted(tree(a.dir))
    ok = True
    for rel in files[:30]:
        for method in ('GET', 'HEAD'):
            r, body = request(a.addr, method, '/' + urllib.parse.quote(rel),
                              {'Accept-Encoding': 'identity'}, conn=c)
            want = content(a.dir, rel) if method == 'GET' else b''
            ok = ok and r.status == 200 and body == want
    check(ok and c.sock is sock, 'http.client: %d requests on one '
          'connection' % (2 * min(30, len(files))))
    r, body = request(a.addr, 'GET', '/style.css',
                      {'Range': 'bytes=0-0'}, conn=c)
    check(r.status == 206 and body == b'b' and c.sock is sock,
          'http.client: a range on the same connection')
    c.close()


def read_until_eof(s, limit=10.0):
    s.settimeout(limit)
    raw = b''
    try:
        while True:
            b = s.recv(65536)
            if not b:
                return raw, 'eof'
            raw += b
    except socket.timeout:
        return raw, 'timeout'
    except ConnectionResetError:
        return raw, 'reset'


def check_timeouts(a):
    s = socket.create_connection((a.addr, 80), timeout=10)
    t = time.time()
    s.sendall(b'GET / HTTP/1.1\r\nHost: t\r\n')  # never finished
    raw, end = read_until_eof(s)
    took = time.time() - t
    check(raw.startswith(b'HTTP/1.1 408 ') and end == 'eof' and
          1.5 <= took <= 5, 'header timeout: 408 after %.1f s, then %s'
          % (took, end))
    s.close()
    s = socket.create_connection((a.addr, 80), timeout=10)
    t = time.time()
    raw, end = read_until_eof(s, 12)
    took = time.time() - t
    check(raw == b'' and end == 'eof' and 3.5 <= took <= 8,
          'idle timeout: closed silently after %.1f s (%s)' % (took, end))
    s.close()


def check_lingering(a):
    # A 413 ends the connection while the client is still sending its
    # body: the reply must arrive whole, not be destroyed by a reset.
    s = socket.create_connection((a.addr, 80), timeout=10)
    body = b'x' * 200000
    s.sendall(b'GET / HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n'
              % len(body))
    try:
        s.sendall(body)
    except OSError:
        pass
    s.shutdown(socket.SHUT_WR)
    raw, end = read_until_eof(s)
    check(raw.startswith(b'HTTP/1.1 413 ') and b'</html>' in raw and
          end == 'eof', 'lingering close: a whole 413 while the body '
          'still comes, then %s' % end)
    s.close()
    s = socket.create_connection((a.addr, 80), timeout=10)
    s.sendall(b'GET /%00 HTTP/1.1\r\nHost: t\r\n\r\n' + b'junk ' * 20000)
    raw, end = read_until_eof(s)
    check(raw.startswith(b'HTTP/1.1 400 ') and b'Connection: close' in raw
          and end == 'eof', 'lingering close: a 400 followed by 100 kB '
          'of junk, then %s' % end)
    s.close()


def check_table(a):
    # www.max_connections = 8 in www-boot.conf
    held = []
    for _ in range(8):
        s = socket.create_connection((a.addr, 80), timeout=10)
        s.sendall(b'GET /app.js HTTP/1.1\r\nHost: t\r\n\r\n')
        held.append(s)
    ok = all(parse_replies(s.recv(65536))[0][0] == 200 for s in held)
    s = socket.create_connection((a.addr, 80), timeout=10)
    raw, end = read_until_eof(s, 5)
    check(ok and raw == b'' and end in ('eof', 'reset'),
          'table full: 8 served, the 9th closed at once (%s)' % end)
    s.close()
    for s in held:
        s.close()
    time.sleep(1)
    r, _ = request(a.addr, 'GET', '/')
    check(r.status == 200, 'after the table emptied: served again')


def run_http(a):
    if not wait_up(a.addr, a.started):
        return
    time.sleep(0.5)  # the probe's connection has gone
    check_table(a)
    check_basics(a)
    check_conditionals(a)
    check_pipelining(a)
    check_reuse(a)
    check_http_client(a)
    check_lingering(a)
    check_timeouts(a)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == 'gen':
        gen(sys.argv[2])
        return 0
    p = argparse.ArgumentParser()
    p.add_argument('mode', choices=['files', 'http'])
    p.add_argument('addr')
    p.add_argument('dir')
    p.add_argument('--console')
    p.add_argument('--started', type=float, default=time.time())
    a = p.parse_args()
    (run_files if a.mode == 'files' else run_http)(a)
    if a.console:
        log = open(a.console, errors='replace').read()
        m = re.search(r'www: first reply \((\d+)\) (\d+) us', log)
        if m:
            print('console: first reply (%s) %.3f s after PVH entry'
                  % (m.group(1), int(m.group(2)) / 1e6))
    print('%d failures' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
