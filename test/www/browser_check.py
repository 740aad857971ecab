#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Checks what a real browser made of a page of the browser test's site
(browser.sh): the DOM that `chromium --headless --dump-dom` printed, with
the report that js/report.js wrote into it (<pre id="report">, JSON).

usage: browser_check.py PAGE DUMP SITE_DIR

PAGE is one of the pages below (the path that was loaded); SITE_DIR the
tree that was served, to know every subresource's size. Checked:
  - the report is there (the page's first script ran) and
    document.readyState was "complete";
  - no subresource failed to load (error events), and the page's
    subresources are exactly the expected set, each fetched once with
    HTTP status 200, its decoded size the file's size and its encoded
    size the size of NAME.gz when the tree has one (the browser was sent
    the compressed file), else the file's, or less (a gzip variant that
    the server made itself: the web appliance's build makes them);
  - what the scripts and the style sheet did: the text that app.js, its
    fetch of data/info.json and the module mod.mjs (which imports
    word.mjs) put into the page, the colour and background image from
    site.css, the PNG decoded at its size, UTF-8 text intact.
Prints each failure and exits 1, or prints a summary and exits 0."""
import html
import json
import os
import re
import sys

# Fetched by the browser on its own, or not: when it is, it must be served.
OPTIONAL = {'/favicon.ico': 'other'}

PAGES = {
    '/': {
        'resources': {'/js/report.js': 'script', '/css/site.css': 'link',
                      '/js/app.js': 'script', '/js/mod.mjs': 'script',
                      '/js/word.mjs': 'script', '/img/logo.png': 'img',
                      '/img/icon.svg': 'img', '/img/bg.png': 'css',
                      '/data/info.json': 'fetch'},
        'checks': {'title': 'rendered by app.js',
                   'color': 'rgb(18, 52, 86)',
                   'logo': [True, 24, 16],
                   'unicode': 'Gr\u00fc\u00dfe, \u4e16\u754c \u2713',
                   'fetched': 'hello from info.json',
                   'module': 'module ran: imported'},
        'background': '/img/bg.png',
        'dom': ['<h1 id="title">rendered by app.js</h1>'],
    },
    '/about/': {
        'resources': {'/js/report.js': 'script', '/css/site.css': 'link'},
        'checks': {'title': 'about', 'color': 'rgb(18, 52, 86)'},
        'dom': ['<p class="styled">A page in a folder.</p>'],
    },
    # The check of the check: /img/missing.png is not in the tree, so this
    # page must fail (browser.sh requires it to, naming that image).
    '/broken.html': {
        'resources': {'/js/report.js': 'script', '/css/site.css': 'link',
                      '/img/logo.png': 'img'},
        'checks': {'title': 'broken', 'logo': [True, 24, 16]},
        'dom': [],
    },
}


def size(site, path):
    try:
        return os.path.getsize(os.path.join(site, path.lstrip('/')))
    except OSError:
        return None


def check(page, dump, site):
    want = PAGES[page]
    errs = []
    m = re.search(r'<pre id="report">(.*?)</pre>', dump, re.S)
    if not m:
        return ['no report in the DOM: js/report.js did not run, or the '
                'page did not finish loading']
    report = json.loads(html.unescape(m.group(1)))
    if report.get('readyState') != 'complete':
        errs.append('document.readyState was %r, expected "complete"' %
                    report.get('readyState'))
    for f in report.get('failed', []):
        errs.append('failed to load: %s' % f)
    seen = {}
    for r in report.get('resources', []):
        seen.setdefault(r['path'], []).append(r)
    for path, kind in sorted(list(want['resources'].items()) +
                             list(OPTIONAL.items())):
        got = seen.get(path)
        if not got and path in OPTIONAL:
            continue
        if not got:
            errs.append('%s (%s) was not fetched' % (path, kind))
            continue
        if len(got) != 1 and path not in OPTIONAL:
            errs.append('%s was fetched %d times, expected once' %
                        (path, len(got)))
        r = got[0]
        if r['status'] != 200:
            errs.append('%s: HTTP status %s, expected 200' %
                        (path, r['status']))
            continue
        full, gz = size(site, path), size(site, path + '.gz')
        if r['decoded'] != full:
            errs.append('%s: %s bytes decoded, the file has %s' %
                        (path, r['decoded'], full))
        if gz is not None and r['encoded'] != gz:
            errs.append('%s: %s bytes on the wire, expected %s (the .gz)' %
                        (path, r['encoded'], gz))
        elif gz is None and r['encoded'] > full:
            errs.append('%s: %s bytes on the wire, expected at most %s (the '
                        'file)' % (path, r['encoded'], full))
    for path in sorted(set(seen) - set(want['resources']) - set(OPTIONAL)):
        statuses = [r['status'] for r in seen[path]]
        errs.append('%s was fetched (status %s) but the page does not '
                    'name it' % (path, statuses))
    checks = report.get('checks', {})
    for key, value in want['checks'].items():
        if checks.get(key) != value:
            errs.append('%s: %r, expected %r' % (key, checks.get(key), value))
    if 'background' in want and \
            want['background'] not in (checks.get('background') or ''):
        errs.append('background image %r, expected %s' % (
            checks.get('background'), want['background']))
    for text in want['dom']:
        if text not in dump:
            errs.append('the DOM has no %s' % text)
    return errs


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in PAGES:
        sys.exit(__doc__)
    page, site = sys.argv[1], sys.argv[3]
    with open(sys.argv[2], encoding='utf-8', errors='replace') as f:
        dump = f.read()
    errs = check(page, dump, site)
    for e in errs:
        print('browser_check %s: %s' % (page, e))
    if errs:
        sys.exit(1)
    print('browser_check %s: complete, %d subresources fetched with 200 '
          '(sizes as on disk, gzip where the tree has .gz), %d checks of '
          'the rendered page' % (page, len(PAGES[page]['resources']),
                                 len(PAGES[page]['checks']) +
                                 len(PAGES[page]['dom'])))


if __name__ == '__main__':
    main()
