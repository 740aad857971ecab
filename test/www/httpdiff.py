#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The differential test of the web server against nginx: the same raw
requests (raw sockets: nothing normalises them on the way) to both, the
answers compared.

usage: httpdiff.py [-v] [--only NAME] [--no-last-modified]
                   REF_HOST:PORT TEST_HOST:PORT SITE_DIR

REF is nginx serving SITE_DIR (nginx-lib.sh's configuration); TEST the
server under test serving the same tree (gen-diff-site.py). For every case
(cases.py) the request bytes are sent, followed, when the case ends with a
complete request, by a probe (GET /empty.bin with Connection: close):
whether the probe is answered tells whether the connection stayed open.
Compared, response by response:

  - the status code;
  - for 2xx: Content-Type, Content-Length, Content-Range,
    Content-Encoding, Vary, Last-Modified, whether there is an ETag, and the
    body byte for byte (for 206 also against the file's bytes at the
    range); a body that does not match its Content-Length is an error;
    Accept-Ranges on a 200 without Content-Encoding (nginx leaves it out
    of a 206 and of a gzip_static answer, as RFC 9110 14.3 allows);
  - for 3xx: Location (the page with it is each server's own);
  - for 405: Allow;
  - how the connection ended: the number of replies before the close,
    and the close itself (a FIN, a reset, or none within the wait: an
    error must close cleanly, a reset could lose the reply); when the
    count differs, the replies after the shorter list are not compared
    one by one (the count says it), nor are the fields of a reply whose
    status differs;
  - ETag semantics, not the literal tag (formats differ): for every 200
    with an ETag, on each server, If-None-Match with that server's own tag
    must give a 304 carrying the same ETag, and If-Range with it a 206.

--no-last-modified: the server under test sends no Last-Modified (nginx
does: the file's mtime), so Last-Modified is not compared, nor are the
cases whose answer depends on it (If-Modified-Since, If-Range with a
date); the summary says how many.

Error pages (4xx, 5xx) are each server's own HTML: their bodies and
Content-Length are not compared. A difference that the case lists as
expected (cases.py: `differ`, with the reason) must be present: if both
servers agree there, the list is stale and the case fails too.
Exits 0 when every case matches, 1 otherwise."""
import os
import socket
import sys
import time
from urllib.parse import unquote_to_bytes

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import cases as casemod  # noqa: E402

PROBE = b'GET /empty.bin HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n'
COMPARED = ('content-type', 'content-length', 'content-range',
            'content-encoding', 'vary', 'last-modified')
TIMEOUT = 15.0  # a slow server (TCG, a loaded machine) still ends in time


class Response:
    def __init__(self, status, reason, headers, body, complete=True):
        self.status, self.reason = status, reason
        self.headers, self.body, self.complete = headers, body, complete

    def get(self, name):
        values = [v for k, v in self.headers if k == name]
        return ', '.join(values) if values else None


class Outcome:
    """The replies to what was sent, and how the connection ended."""

    def __init__(self):
        self.responses = []
        self.end = None  # 'eof', 'reset', 'timeout', or 'garbage: ...'

    def summary(self):
        parts = ['%d' % r.status if r.status else 'HTTP/0.9 body'
                 for r in self.responses]
        return '[%s] then %s' % (', '.join(parts), self.end)


def parse(buf, methods, at_eof):
    """Replies at the start of buf: (responses, rest, error or None)."""
    out = []
    while buf:
        head_end = buf.find(b'\r\n\r\n')
        if not buf.startswith(b'HTTP/'):
            if at_eof:
                # An answer without a status line (HTTP/0.9 style).
                out.append(Response(0, '', [], buf))
                return out, b'', None
            return out, buf, None
        if head_end < 0:
            return out, buf, ('a head cut short' if at_eof else None)
        lines = buf[:head_end].decode('latin-1').split('\r\n')
        version, _, rest = lines[0].partition(' ')
        code, _, reason = rest.partition(' ')
        if not code.isdigit() or not version.startswith('HTTP/1.'):
            return out, b'', 'garbage: %r' % lines[0]
        headers = []
        for line in lines[1:]:
            name, sep, value = line.partition(':')
            if not sep:
                return out, b'', 'garbage field line: %r' % line
            headers.append((name.strip().lower(), value.strip()))
        r = Response(int(code), reason, headers, b'')
        method = methods[len(out)] if len(out) < len(methods) else 'GET'
        length = r.get('content-length')
        body_at = head_end + 4
        if method == 'HEAD' or r.status in (204, 304) or r.status < 200:
            buf = buf[body_at:]
        elif length is not None:
            if not length.isdigit():
                return out, b'', 'Content-Length %r' % length
            if len(buf) - body_at < int(length):
                if at_eof:
                    r.body, r.complete = buf[body_at:], False
                    out.append(r)
                    return out, b'', 'a body cut short'
                return out, buf, None
            r.body = buf[body_at:body_at + int(length)]
            buf = buf[body_at + int(length):]
        else:
            if not at_eof:
                return out, buf, None
            r.body, buf = buf[body_at:], b''
        out.append(r)
    return out, buf, None


def exchange(addr, data, methods, pieces=None, pause=0.0, wait=TIMEOUT):
    """Sends data (in pieces, pause seconds apart, when given), reads
    until the server closes or for wait seconds."""
    o = Outcome()
    s = socket.create_connection(addr, timeout=TIMEOUT)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        for chunk in (pieces or [data]):
            s.sendall(chunk)
            if pause:
                time.sleep(pause)
    except OSError:
        pass  # the server may close early; what it answered still counts
    buf, deadline = b'', time.monotonic() + wait
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            o.end = 'timeout'
            break
        s.settimeout(left)
        try:
            got = s.recv(65536)
        except socket.timeout:
            o.end = 'timeout'
            break
        except ConnectionResetError:
            o.end = 'reset'
            break
        if not got:
            o.end = 'eof'
            break
        buf += got
    s.close()
    o.responses, rest, err = parse(buf, methods, True)
    if err:
        o.end = err
    elif rest:
        o.end = 'garbage after the replies: %r' % rest[:60]
    return o


def run_case(addr, case):
    data = case.raw + (PROBE if case.probe else b'')
    methods = list(case.methods) + (['GET'] if case.probe else [])
    pieces = None
    if case.pieces:
        pieces = list(case.pieces) + ([PROBE] if case.probe else [])
    return exchange(addr, data, methods, pieces, case.pause,
                    case.wait or TIMEOUT)


def file_bytes(site, target):
    """The bytes of the file a 2xx for target must carry, or None."""
    path = target.split('?')[0]
    rel = unquote_to_bytes(path).decode('utf-8', 'replace').lstrip('/')
    full = os.path.join(site, rel)
    if os.path.isdir(full):
        full = os.path.join(full, 'index.html')
    try:
        with open(full, 'rb') as f:
            return f.read()
    except OSError:
        return None


def aspects(o, count):
    """The comparable aspects of an outcome, of its first count replies:
    {name: value}."""
    a = {'replies': len(o.responses), 'end': o.end}
    for i, r in enumerate(o.responses[:count]):
        p = 'reply %d ' % (i + 1)
        a[p + 'status'] = r.status
        if r.status == 0:
            a[p + 'body'] = r.body
            continue
        if 200 <= r.status < 300:
            for h in COMPARED:
                a[p + h] = r.get(h)
            a[p + 'body'] = r.body
            a[p + 'etag present'] = r.get('etag') is not None
            if r.status == 200 and r.get('content-encoding') is None:
                a[p + 'accept-ranges'] = r.get('accept-ranges')
        if 300 <= r.status < 400:
            a[p + 'location'] = r.get('location')
        if r.status == 405:
            a[p + 'allow'] = r.get('allow')
    return a


def show(v):
    if isinstance(v, bytes):
        if len(v) > 40:
            return '%d bytes %r...' % (len(v), v[:24])
        return repr(v)
    return repr(v)


def self_checks(name, o, case, site):
    """Rules a reply must meet on its own, whatever the other server
    does: framing, and a 2xx/206 body equal to the file's bytes."""
    errs = []
    for i, r in enumerate(o.responses):
        if not r.complete:
            errs.append('reply %d: body shorter than its Content-Length'
                        % (i + 1))
        if i < len(case.targets) and r.status in (200, 206) and \
                case.methods[i] == 'GET' and \
                r.get('content-encoding') is None and \
                not (r.get('content-type') or '').startswith('multipart/'):
            want = file_bytes(site, case.targets[i])
            if want is None:
                continue
            if r.status == 206:
                cr = r.get('content-range') or ''
                try:
                    first, last = cr.split(' ')[1].split('/')[0].split('-')
                    want = want[int(first):int(last) + 1]
                except (IndexError, ValueError):
                    errs.append('reply %d: Content-Range %r' % (i + 1, cr))
                    continue
            if r.body != want:
                errs.append('reply %d: body is not the file %s (%d bytes, '
                            'expected %d)' % (i + 1, case.targets[i],
                                              len(r.body), len(want)))
    return ['%s: %s' % (name, e) for e in errs]


def etag_checks(name, addr, case, o):
    """If-None-Match and If-Range with the server's own ETag."""
    errs = []
    for i, r in enumerate(o.responses):
        if r.status != 200 or i >= len(case.targets):
            continue
        tag = r.get('etag')
        if tag is None:
            continue
        target = case.targets[i]
        extra = ''
        if r.get('content-encoding') == 'gzip':
            extra = 'Accept-Encoding: gzip\r\n'
        req = ('GET %s HTTP/1.1\r\nHost: x\r\n%sIf-None-Match: %s\r\n'
               'Connection: close\r\n\r\n' % (target, extra, tag)).encode()
        c = exchange(addr, req, ['GET'])
        if not c.responses or c.responses[0].status != 304:
            errs.append('%s: If-None-Match: %s gave %s, expected 304' %
                        (name, tag, c.summary()))
        elif c.responses[0].get('etag') != tag:
            errs.append('%s: the 304 has ETag %r, expected %r' %
                        (name, c.responses[0].get('etag'), tag))
        if r.get('content-encoding') or int(r.get('content-length')) < 2:
            continue
        req = ('GET %s HTTP/1.1\r\nHost: x\r\nIf-Range: %s\r\n'
               'Range: bytes=0-0\r\nConnection: close\r\n\r\n' %
               (target, tag)).encode()
        c = exchange(addr, req, ['GET'])
        if not c.responses or c.responses[0].status != 206:
            errs.append('%s: If-Range: %s with Range: bytes=0-0 gave %s, '
                        'expected 206' % (name, tag, c.summary()))
    return errs


def compare(case, ref, test, ref_addr, test_addr, site, verbose, no_lm):
    errs = []
    count = min(len(ref.responses), len(test.responses))
    a, b = aspects(ref, count), aspects(test, count)
    ignored = dict(case.ignore)
    if no_lm:
        ignored['last-modified'] = 'the server sends no Last-Modified'
    for key in list(a) + list(b):
        if any(key == k or key.endswith(' ' + k) for k in ignored):
            a.pop(key, None)
            b.pop(key, None)
    differ = dict(case.differ)
    # A reply whose status differs is not compared field by field: its
    # fields follow from the status.
    moot = [k[:-len('status')] for k in a
            if k.endswith(' status') and a.get(k) != b.get(k)]
    for key in sorted(set(a) | set(b)):
        va, vb = a.get(key), b.get(key)
        if not key.endswith(' status') and \
                any(key.startswith(m) for m in moot):
            continue
        expected = [k for k in differ if key == k or key.endswith(' ' + k)]
        if va == vb:
            continue
        if expected:
            differ.pop(expected[0], None)
            if verbose:
                print('  %s: %s: nginx %s, server %s (expected: %s)' % (
                    case.name, key, show(va), show(vb),
                    case.differ[expected[0]]))
            continue
        errs.append('%s: %s: nginx %s, server %s' % (case.name, key,
                                                     show(va), show(vb)))
    for k, reason in differ.items():
        errs.append('%s: expected a difference in %s (%s), but both '
                    'servers agree: update cases.py' % (case.name, k, reason))
    for label, o, addr in (('nginx', ref, ref_addr), ('server', test,
                                                      test_addr)):
        errs += ['%s (%s)' % (e, label) for e in
                 self_checks(case.name, o, case, site)]
        errs += ['%s (%s)' % (e, label) for e in
                 etag_checks(case.name, addr, case, o)]
    return errs


def hostport(s):
    host, _, port = s.rpartition(':')
    return host, int(port)


def main():
    args = sys.argv[1:]
    verbose = '-v' in args
    no_lm = '--no-last-modified' in args
    args = [x for x in args if x not in ('-v', '--no-last-modified')]
    only = None
    if len(args) >= 2 and args[0] == '--only':
        only, args = args[1], args[2:]
    if len(args) != 3:
        sys.exit(__doc__)
    ref_addr, test_addr, site = hostport(args[0]), hostport(args[1]), args[2]
    errs, n, expected, ignored = [], 0, 0, []
    for case in casemod.cases():
        if only and only not in case.name:
            continue
        if no_lm and case.lm:
            ignored.append('%s (depends on Last-Modified)' % case.name)
            continue
        n += 1
        expected += len(case.differ)
        ignored += ['%s: %s (%s)' % (case.name, k, why)
                    for k, why in case.ignore.items()]
        ref = run_case(ref_addr, case)
        test = run_case(test_addr, case)
        if verbose:
            print('%-36s nginx %-28s server %s' % (case.name, ref.summary(),
                                                   test.summary()))
        errs += compare(case, ref, test, ref_addr, test_addr, site, verbose,
                        no_lm)
    for e in errs:
        print('httpdiff: ' + e)
    for i in ignored:
        print('httpdiff: not compared: ' + i)
    print('httpdiff: compared %d cases with nginx: %d differences, %d '
          'expected differences (listed with their reasons in cases.py), %d '
          'cases or aspects not compared (above)' %
          (n, len(errs), expected, len(ignored)))
    sys.exit(1 if errs else 0)


if __name__ == '__main__':
    main()
