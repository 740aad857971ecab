/* SPDX-License-Identifier: ISC */
/*
 * The head of an HTTP/1.1 request (RFC 9112 2-7, RFC 9110), parsed from
 * the bytes received: the request line and the header fields that a
 * static server acts on. Sans-I/O and without allocation: the request
 * points into the caller's buffer, which must stay put while it is used.
 *
 * Rules (docs/www.md, "The HTTP server"), in the spirit of nginx:
 *   - lines end in CRLF or a bare LF; a CR elsewhere is a 400;
 *   - request line: token SP request-target SP "HTTP/" DIGIT "." DIGIT,
 *     single spaces; major version 1 is taken (1.0, and 1.1 for any other
 *     minor), another major is a 505, anything else a 400;
 *   - a field line: token ':' OWS value OWS; a space before the colon, a
 *     line beginning with SP or HTAB (obs-fold, RFC 9112 5.2) or a control
 *     character in the value (NUL too) is a 400;
 *   - Host: required in HTTP/1.1, at most one (400);
 *   - Content-Length: digits only, at most one field line, no
 *     Transfer-Encoding beside it (400, as nginx since 1.21.1);
 *   - Transfer-Encoding: only "chunked" is known (501 for anything else,
 *     a list included); in HTTP/1.0 it is a 400 (RFC 9112 6.1);
 *   - Connection: "close" and "keep-alive" tokens, with the version's
 *     default (1.1: persistent, 1.0: not);
 *   - the conditional and range fields are kept as received (the first
 *     field line of each) for http_serve(); Accept-Encoding is reduced to
 *     whether gzip is acceptable.
 */
#ifndef WWW_HTTP_PARSE_H
#define WWW_HTTP_PARSE_H

#include <stddef.h>
#include <stdint.h>

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_OTHER };

/* A run of bytes in the caller's buffer; p is NULL when absent. */
struct http_str {
	const char *p;
	size_t len;
};

struct http_request {
	enum http_method method;
	struct http_str method_name, target;
	unsigned minor;		 /* HTTP/1.minor */
	int keep_alive;		 /* persistent after this request */
	int chunked;		 /* Transfer-Encoding: chunked */
	int has_length;		 /* Content-Length was given */
	uint64_t content_length; /* its value */
	int gzip;		 /* Accept-Encoding allows gzip */
	struct http_str host, if_none_match, if_modified_since, range, if_range;
};

/*
 * The length of the head at the start of buf[0..len), up to and with the
 * empty line that ends it, or 0 when the empty line has not come yet.
 */
size_t http_head_end(const char *buf, size_t len);

/*
 * Parses the head buf[0..len) (as http_head_end() delimits it) into *r.
 * 0, or the status of the error (400, 501, 505) with *why.
 */
unsigned http_parse_head(const char *buf, size_t len, struct http_request *r,
			 const char **why);

/* Whether a field value s[0..len) holds token (case-insensitive) as a
   list element (RFC 9110 5.6.1), parameters aside. */
int http_list_has(const char *s, size_t len, const char *token);

#endif
