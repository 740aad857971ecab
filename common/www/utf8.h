/* SPDX-License-Identifier: ISC */
/*
 * UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing
 * above U+10FFFF), checked over bytes with a length. Shared by the build
 * (web content served as charset=utf-8 must be UTF-8, and file names must
 * be) and the image (a decoded request path must be).
 */
#ifndef WWW_UTF8_H
#define WWW_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Where the first bad sequence starts, how many bytes it has, and what. */
struct www_utf8_bad {
	size_t off;
	size_t len; /* 1 to 4 */
	const char
	    *what; /* "a truncated sequence", "an overlong encoding", ... */
};

/* 0 when p[0..len) is UTF-8; else -1 and *bad describes the first error. */
int www_utf8_check(const uint8_t *p, size_t len, struct www_utf8_bad *bad);

#endif
