# SPDX-License-Identifier: ISC
"""The requests of the differential test against nginx (httpdiff.py), on
the tree of gen-diff-site.py. Each case is raw bytes; `differ` lists the
aspects (httpdiff.aspects() names: "status", "replies", "allow",
"content-range", "body", ...) in which the web server is meant to answer
otherwise than nginx, each with its reason. A listed difference that does
not show is an error too, so the list stays true. `ignore` names aspects
not compared in a case, with the reason (printed in the summary); `lm`
marks a case whose answer depends on Last-Modified (not compared when the
server under test has none: httpdiff.py --no-last-modified)."""


class Case:
    def __init__(self, name, raw, methods=('GET',), targets=(), probe=True,
                 differ=None, pieces=None, pause=0.0, wait=None, ignore=None,
                 lm=False):
        self.name, self.raw, self.wait = name, raw, wait
        self.ignore, self.lm = dict(ignore or {}), lm
        self.methods, self.targets = list(methods), list(targets)
        self.probe, self.differ = probe, dict(differ or {})
        self.pieces, self.pause = pieces, pause


def req(target, method='GET', version='HTTP/1.1', headers=(), host='x',
        eol='\r\n'):
    lines = ['%s %s %s' % (method, target, version)]
    if host is not None:
        lines.append('Host: ' + host)
    lines += list(headers)
    return (eol.join(lines) + eol + eol).encode('latin-1')


def get(name, target, method='GET', headers=(), differ=None, lm=False,
        **kw):
    return Case(name, req(target, method, headers=headers, **kw), [method],
                [target], differ=differ, lm=lm)


FILES = ['/', '/index.html', '/docs/', '/docs/index.html', '/docs/guide.md',
         '/a.txt', '/a.txt.gz', '/style.css', '/app.js', '/mod.mjs',
         '/data.json', '/pic.svg', '/feed.xml', '/table.csv',
         '/types/file.htm', '/types/UPPER.HTML', '/types/noext',
         '/empty.bin', '/big.bin', '/with%20space.txt', '/caf%C3%A9.txt',
         '/pct%2541.txt', '/a/b/c/deep.txt', '/.well-known/security.txt'] + [
    '/types/file.' + e for e in ('png', 'jpg', 'jpeg', 'gif', 'webp', 'ico',
                                 'pdf', 'wasm', 'woff', 'woff2', 'bin')]

# Why the expected differences are expected (docs/www.md says so too).
NO_MULTIPART = ('several ranges: the server sends the whole file (200), '
                'nginx multipart/byteranges (docs/www.md, Replies)')
BACKSLASH = ('a backslash, raw or encoded, is a 400 in the server (no file '
             'can hold one); nginx on Unix takes it as a byte of the name '
             '(docs/www.md, Requests)')
ENCODED_SLASH = ('%2F is a 400 in the server (an encoded "/" is refused, '
                 'docs/www.md, www_lookup); nginx decodes it to "/" and '
                 'serves the file')
HEAD_431 = ('a request head over head_max (8192 bytes) is a 431 in the '
            'server (RFC 6585); nginx answers 400 "Request Header Or Cookie '
            'Too Large" for a field line over 8 KiB and takes heads up to '
            '4 x 8 KiB')
ALLOW = ('a 405 carries Allow: GET, HEAD in the server, as RFC 9110 15.5.6 '
         'requires; nginx sends none')
DIR_NO_INDEX = ('a directory without index.html: the server has no '
                'directories, only files (404); nginx finds the directory '
                'and refuses a listing (403), or redirects /dir to /dir/ '
                'first (301)')
METHOD_CASE = ('methods are case-sensitive tokens (RFC 9110 9.1): the server '
               'answers an unknown one, lower case too, with 405; nginx '
               'takes only upper-case letters and _ in a method, else 400')
CHUNKED = ('a chunked request body is not read by the server: it answers '
           'and closes (Connection: close), so the probe behind it is not '
           'answered; nginx reads and drops the body and goes on')
INM_DECIDES = ('If-None-Match alone decides when present (RFC 9110 13.2.2: '
               'If-Modified-Since is then ignored): a matching tag is a 304 '
               'in the server; nginx needs both to hold')
IF_MATCH = ('If-Match and If-Unmodified-Since are not evaluated by the '
            'server (GET and HEAD only, nothing to protect): 200; nginx '
            'answers 412 when they fail')
RANGE_INVALID = ('a Range that does not parse is ignored by the server (RFC '
                 '9110 14.2: MAY ignore), 200 with the whole file; nginx '
                 'answers 416')
GZIP_STAR = ('Accept-Encoding: * admits gzip in the server (RFC 9110 '
             '12.5.3); nginx looks for the word gzip only')
PATH_1024 = ('a path longer than 1024 bytes, decoded, is a 414 in the '
             'server: no name of the tree can be longer (docs/www.md, '
             'lengths); nginx looks it up (404)')
HTTP_MINOR = ('HTTP-version is HTTP/DIGIT.DIGIT (RFC 9112 2.3): HTTP/1.10 is a '
              '400 in the server; nginx reads minor versions up to 999')
HTTP_09 = ('a request line without a version (HTTP/0.9) is a 400 in the '
           'server; nginx still answers it the HTTP/0.9 way, a bare body')
BODY_413 = ('after a 413, when the connection closes depends on how long '
            'a server waits for the announced body that never comes (nginx '
            'reads it for a while, a lingering close): not compared')
TE_TWICE = ('two Transfer-Encoding field lines are one list (RFC 9110 5.3), '
            'which the server answers with 501 as any list but "chunked"; '
            'nginx refuses a repeated field line with 400; both close')
RANGE_EMPTY = ('an empty file has no satisfiable range (RFC 9110 14.1.1): '
               '416 in the server; nginx skips ranges on an empty file (200)')
RANGE_HEAD = ('Range is for GET only (RFC 9110 14.2: a server MUST ignore it '
              'for a method without range handling): a HEAD with Range is a '
              '200 in the server; nginx answers 206')
X_GZIP = ('x-gzip is gzip (RFC 9110 8.4.1.3): the server sends the .gz; '
          'nginx looks for the word "gzip" alone')
GZIP_RANGES = ('the gzip variant is a file like any other in the server: '
               'Accept-Ranges and ranges of its bytes; nginx turns ranges '
               'off for a gzip_static answer')


def cases():
    out = []
    for t in FILES:
        out.append(get('GET ' + t, t))
    for t in ('/', '/a.txt', '/big.bin', '/empty.bin', '/docs/guide.md'):
        out.append(get('HEAD ' + t, t, 'HEAD'))
    out += paths() + request_lines() + fields() + bodies() + ranges()
    out += conditionals() + gzip_cases() + connections()
    return out


def paths():
    return [
        get('redirect /docs', '/docs'),
        get('redirect /docs?a=b keeps the query', '/docs?a=b'),
        get('redirect /a/b', '/a/b',
            differ={'status': DIR_NO_INDEX}),
        get('redirect /noindex', '/noindex',
            differ={'status': DIR_NO_INDEX}),
        get('dir without index', '/noindex/', differ={'status': DIR_NO_INDEX}),
        get('missing file', '/missing.txt'),
        get('missing under a file', '/a.txt/x'),
        get('hidden file', '/.hidden'),
        get('query', '/a.txt?x=1&y=%20'),
        get('dot segments', '/a/./b/../b/c/./deep.txt'),
        get('dot-dot inside', '/a/b/../../a.txt'),
        get('dot-dot above root', '/../a.txt'),
        get('dot-dot above root deep', '/a/../../a.txt'),
        get('encoded dot-dot above root', '/%2e%2e/a.txt'),
        get('encoded dot-dot inside', '/a/%2E%2E/a.txt'),
        get('double slash', '//a.txt'),
        get('double slash inside', '/a//b///c/deep.txt'),
        get('percent-encoded letters', '/%61.txt'),
        get('bad percent', '/a%zz.txt'),
        get('percent cut short', '/a.txt%2'),
        get('%00', '/a.txt%00'),
        get('%00 inside', '/a%00/b'),
        get('%2F', '/a%2Fb/c/deep.txt', differ={'status': ENCODED_SLASH, 'replies': ENCODED_SLASH}),
        get('backslash', '/a\\b', differ={'status': BACKSLASH, 'replies': BACKSLASH}),
        get('encoded backslash', '/a%5Cb', differ={'status': BACKSLASH, 'replies': BACKSLASH}),
        get('absolute form', 'http://x/a.txt'),
        get('absolute form, other host', 'http://other.example/a.txt'),
        get('path of 1024 bytes', '/' + 'a' * 1023),
        get('path of 1025 bytes', '/' + 'a' * 1024,
            differ={'status': PATH_1024, 'replies': PATH_1024}),
        get('path of 1024 bytes encoded as 3000', '/' + '%61' * 1023),
        get('long target 8000', '/' + 'a' * 8000,
            differ={'status': PATH_1024, 'replies': PATH_1024}),
        get('over-long target 9000', '/' + 'a' * 9000),
        get('over-long target 70000', '/' + 'a' * 70000),
    ]


def request_lines():
    raw = lambda name, line, **kw: Case(name, line + b'Host: x\r\n\r\n', **kw)
    return [
        raw('HTTP/1.0', b'GET /a.txt HTTP/1.0\r\n', targets=['/a.txt']),
        raw('HTTP/1.2', b'GET /a.txt HTTP/1.2\r\n', targets=['/a.txt']),
        raw('HTTP/2.0', b'GET /a.txt HTTP/2.0\r\n'),
        raw('HTTP/3.0', b'GET /a.txt HTTP/3.0\r\n'),
        raw('HTTP/1', b'GET /a.txt HTTP/1\r\n'),
        raw('HTTP/1.10', b'GET /a.txt HTTP/1.10\r\n',
            differ={'status': HTTP_MINOR, 'replies': HTTP_MINOR}),
        raw('http/1.1', b'GET /a.txt http/1.1\r\n'),
        raw('no version', b'GET /a.txt\r\n', probe=False,
            differ={'status': HTTP_09}),
        raw('three words and more', b'GET /a.txt HTTP/1.1 x\r\n'),
        raw('POST', b'POST /a.txt HTTP/1.1\r\n', differ={'allow': ALLOW}),
        raw('PUT', b'PUT /a.txt HTTP/1.1\r\n', differ={'allow': ALLOW}),
        raw('DELETE', b'DELETE /a.txt HTTP/1.1\r\n', differ={'allow': ALLOW}),
        raw('OPTIONS', b'OPTIONS /a.txt HTTP/1.1\r\n',
            differ={'allow': ALLOW}),
        raw('unknown method', b'FOO /a.txt HTTP/1.1\r\n',
            differ={'allow': ALLOW}),
        raw('lower-case method', b'get /a.txt HTTP/1.1\r\n',
            differ={'status': METHOD_CASE, 'replies': METHOD_CASE}),
        raw('empty target', b'GET  HTTP/1.1\r\n'),
        raw('target not a path', b'GET a.txt HTTP/1.1\r\n'),
        raw('control byte in target', b'GET /a\x01.txt HTTP/1.1\r\n'),
        raw('empty lines first', b'\r\n\r\nGET /a.txt HTTP/1.1\r\n',
            targets=['/a.txt']),
        Case('bare LF line ends', req('/a.txt', eol='\n'), targets=['/a.txt']),
        Case('garbage', b'\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n'),
    ]


def fields():
    h = lambda name, fields, **kw: get(name, '/a.txt', headers=fields, **kw)
    many = ['X-F%d: %s' % (i, 'v' * 1000) for i in range(10)]
    return [
        Case('no Host in HTTP/1.1', req('/a.txt', host=None)),
        Case('no Host in HTTP/1.0', req('/a.txt', version='HTTP/1.0',
                                        host=None), targets=['/a.txt']),
        h('two Host fields', ['Host: y']),
        h('space before colon', ['X-A : 1']),
        h('no colon', ['X-A 1']),
        h('obs-fold', ['X-A: 1', ' folded']),
        h('NUL in a value', ['X-A: a\x00b']),
        h('empty value', ['X-A:']),
        h('field line of 8000 bytes', ['X-A: ' + 'v' * 8000]),
        h('field line of 9000 bytes', ['X-A: ' + 'v' * 9000],
          differ={'status': HEAD_431}),
        h('head of 10 KiB in 1 KiB fields', many,
          differ={'status': HEAD_431, 'replies': HEAD_431}),
    ]


def bodies():
    g = b'GET /a.txt HTTP/1.1\r\nHost: x\r\n'
    return [
        Case('Content-Length body', g + b'Content-Length: 5\r\n\r\nhello',
             targets=['/a.txt']),
        Case('Content-Length not digits', g + b'Content-Length: 5x\r\n\r\n'),
        Case('Content-Length negative', g + b'Content-Length: -1\r\n\r\n'),
        Case('two Content-Length', g + b'Content-Length: 1\r\n'
             b'Content-Length: 1\r\n\r\nx'),
        Case('body over 1 MiB', g + b'Content-Length: 2000000\r\n\r\n',
             wait=2.0, ignore={'end': BODY_413}),
        Case('Transfer-Encoding chunked', g + b'Transfer-Encoding: chunked'
             b'\r\n\r\n0\r\n\r\n', targets=['/a.txt'],
             differ={'replies': CHUNKED}),
        Case('Transfer-Encoding gzip', g + b'Transfer-Encoding: gzip\r\n\r\n'),
        Case('Transfer-Encoding gzip, chunked',
             g + b'Transfer-Encoding: gzip, chunked\r\n\r\n'),
        Case('Transfer-Encoding chunked twice',
             g + b'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked'
             b'\r\n\r\n0\r\n\r\n', differ={'status': TE_TWICE}),
        Case('Transfer-Encoding and Content-Length',
             g + b'Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n'
             b'0\r\n\r\n'),
        Case('Transfer-Encoding in HTTP/1.0',
             b'GET /a.txt HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n'
             b'0\r\n\r\n'),
    ]


def ranges():
    r = lambda name, value, target='/a.txt', **kw: get(
        name, target, headers=['Range: ' + value], **kw)
    return [
        r('range 0-9', 'bytes=0-9'),
        r('range 10-', 'bytes=10-'),
        r('range suffix -10', 'bytes=-10'),
        r('range past the end', 'bytes=4000-999999'),
        r('range last byte', 'bytes=4689-4689'),
        r('range start at length', 'bytes=4690-'),
        r('range start past length', 'bytes=99999-'),
        r('range -0', 'bytes=-0'),
        r('range suffix longer than file', 'bytes=-99999'),
        r('range reversed', 'bytes=9-0', differ={'status': RANGE_INVALID}),
        r('range two', 'bytes=0-0,5-6',
          differ={'status': NO_MULTIPART}),
        r('range not a number', 'bytes=abc',
          differ={'status': RANGE_INVALID}),
        r('range other unit', 'items=0-1'),
        r('range with blanks', 'bytes= 0-1', differ={'status': RANGE_INVALID}),
        r('range of big.bin middle', 'bytes=524288-524387', '/big.bin'),
        r('range of empty file', 'bytes=0-', '/empty.bin', differ={'status': RANGE_EMPTY}),
        Case('range with HEAD', req('/a.txt', 'HEAD', headers=['Range: '
                                                                'bytes=0-9']),
             ['HEAD'], ['/a.txt'], differ={'status': RANGE_HEAD}),
        get('If-Range with the date', '/a.txt', headers=[
            'Range: bytes=0-9', 'If-Range: Tue, 14 Nov 2023 22:13:20 GMT'],
            lm=True),
        get('If-Range other date', '/a.txt', headers=[
            'Range: bytes=0-9', 'If-Range: Tue, 14 Nov 2023 22:13:21 GMT'],
            lm=True),
        get('If-Range other tag', '/a.txt', headers=[
            'Range: bytes=0-9', 'If-Range: "nope"']),
    ]


def conditionals():
    c = lambda name, fields, **kw: get(name, '/a.txt', headers=fields, **kw)
    ims = lambda name, fields, **kw: c(name, fields, lm=True, **kw)
    return [
        c('If-None-Match *', ['If-None-Match: *']),
        c('If-None-Match other', ['If-None-Match: "nope"']),
        ims('If-Modified-Since later', [
            'If-Modified-Since: Tue, 14 Nov 2023 22:13:21 GMT']),
        ims('If-Modified-Since same', [
            'If-Modified-Since: Tue, 14 Nov 2023 22:13:20 GMT']),
        ims('If-Modified-Since earlier', [
            'If-Modified-Since: Tue, 14 Nov 2023 22:13:19 GMT']),
        ims('If-Modified-Since not a date', ['If-Modified-Since: yesterday']),
        ims('If-None-Match other, If-Modified-Since later', [
            'If-None-Match: "nope"',
            'If-Modified-Since: Tue, 14 Nov 2023 22:13:21 GMT']),
        ims('If-None-Match *, If-Modified-Since earlier', [
            'If-None-Match: *',
            'If-Modified-Since: Tue, 14 Nov 2023 22:13:19 GMT'],
          differ={'status': INM_DECIDES}),
        c('If-Match other', ['If-Match: "nope"'],
          differ={'status': IF_MATCH, 'replies': IF_MATCH}),
        Case('HEAD If-None-Match *', req('/a.txt', 'HEAD', headers=[
            'If-None-Match: *']), ['HEAD'], ['/a.txt']),
    ]


def gzip_cases():
    z = lambda name, value, target='/a.txt', **kw: get(
        name, target, headers=['Accept-Encoding: ' + value], **kw)
    return [
        z('gzip', 'gzip'),
        z('gzip, deflate, br', 'gzip, deflate, br'),
        z('x-gzip', 'x-gzip', differ={
            'content-encoding': X_GZIP, 'content-length': X_GZIP,
            'body': X_GZIP, 'accept-ranges': X_GZIP}),
        z('gzip;q=0', 'gzip;q=0'),
        z('gzip;q=0.5', 'gzip;q=0.5'),
        z('deflate only', 'deflate'),
        z('identity', 'identity'),
        z('*', '*', differ={'content-encoding': GZIP_STAR,
                            'content-length': GZIP_STAR, 'body': GZIP_STAR,
                            'accept-ranges': GZIP_STAR}),
        z('gzip for a file without .gz', 'gzip', '/style.css'),
        Case('gzip HEAD', req('/a.txt', 'HEAD', headers=[
            'Accept-Encoding: gzip']), ['HEAD'], ['/a.txt']),
        get('gzip and a range', '/a.txt', headers=[
            'Accept-Encoding: gzip', 'Range: bytes=0-9'],
            differ={'status': GZIP_RANGES}),
    ]


def connections():
    a = req('/a.txt')
    return [
        Case('pipelined three', a + req('/style.css', 'HEAD') + req('/'),
             ['GET', 'HEAD', 'GET'], ['/a.txt', '/style.css', '/']),
        Case('pipelined after a 404', req('/nope') + a, ['GET', 'GET'],
             ['/nope', '/a.txt']),
        Case('pipelined after a 400', req('/../x') + a, ['GET', 'GET']),
        Case('Connection: close', req('/a.txt', headers=[
            'Connection: close']), targets=['/a.txt']),
        Case('HTTP/1.0 keep-alive', req('/a.txt', version='HTTP/1.0',
                                        headers=['Connection: keep-alive']),
             targets=['/a.txt']),
        Case('HTTP/1.0 without keep-alive', req('/a.txt', version='HTTP/1.0'),
             targets=['/a.txt']),
        Case('HTTP/1.0 two keep-alive', req('/a.txt', version='HTTP/1.0',
                                            headers=['Connection: keep-alive'])
             * 2, ['GET', 'GET'], ['/a.txt', '/a.txt']),
        Case('byte by byte', a, targets=['/a.txt'],
             pieces=[a[i:i + 1] for i in range(len(a))]),
        Case('in two pieces', a, targets=['/a.txt'],
             pieces=[a[:10], a[10:]], pause=0.2),
    ]
