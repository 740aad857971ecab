/* SPDX-License-Identifier: ISC */
/*
 * An HTTP/1.1 response head (RFC 9110, 9112 4-6) written from a
 * description of the reply: the status line, then the fields in nginx's
 * order (Server, Date, Content-Type, Content-Length, Last-Modified,
 * Connection, Location, ETag, Accept-Ranges, Content-Range,
 * Content-Encoding, Vary, Allow) and the empty line. The body is not
 * copied: the reply says where it is (in the compiled-in file, or a
 * static error page), so the caller can send it from there.
 *
 * The build writes the 200 head of every file once (www/index.h) with
 * http_head_template(), the same code as http_head_write(): a GET is then
 * a copy of that head with the Date written in and the Connection field
 * put at its place (the reply's memo).
 *
 * Shared by the image (the server) and the command (the build's heads).
 */
#ifndef WWW_HTTP_RESPONSE_H
#define WWW_HTTP_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#include "www/etag.h"

#define HTTP_SERVER "unilink"  /* the Server field, fixed */
#define HTTP_LOCATION_MAX 4096 /* a longer Location: 414 */
/* The longest head http_head_write() can make (a Location of
   HTTP_LOCATION_MAX bytes with every other field). */
#define HTTP_HEAD_OUT_MAX (HTTP_LOCATION_MAX + 768)
/* Where the Date of a 200 head begins (HTTP_DATE_LEN bytes). */
#define HTTP_HEAD_DATE_AT                                                      \
	(sizeof("HTTP/1.1 200 OK\r\nServer: " HTTP_SERVER "\r\nDate: ") - 1)

struct http_reply {
	unsigned status;
	const char *type;	  /* Content-Type, or NULL */
	const char *encoding;	  /* Content-Encoding ("gzip"), or NULL */
	char etag[WWW_ETAG_SIZE]; /* ETag with its quotes, or "" */
	int64_t last_modified;	  /* seconds since 1970, or -1: none */
	uint64_t length;	  /* the whole representation (Content-Range) */
	const uint8_t *body;	  /* the body sent: body[0..count) */
	uint64_t count;		  /* the Content-Length */
	uint64_t first;		  /* 206: the first byte's offset */
	const char *location;	  /* 301: Location, or NULL */
	int ranges;		  /* Accept-Ranges: bytes */
	int vary;		  /* Vary: Accept-Encoding */
	int allow;		  /* 405: Allow: GET, HEAD */
	int close;		  /* Connection: close */
	int keep_alive;		  /* Connection: keep-alive (to HTTP/1.0) */
	int head;		  /* HEAD: fields as for GET, no body */
	/* A 200 head made by http_head_template() for these fields, or NULL:
	   then http_head_write() copies it instead of writing the fields. */
	const char *memo;
	uint32_t memo_len, memo_split;
};

/* The reason phrase of status, or "" for one this server never sends. */
const char *http_reason(unsigned status);

/*
 * An error reply (status 301 or 4xx/5xx) with its static HTML page as
 * body (text/html), nothing else set; r->close as the caller wants.
 */
void http_reply_error(struct http_reply *r, unsigned status);

/*
 * The 200 reply of a file (name gives the Content-Type) whose body is
 * body[0..size): etag, last_modified (or -1), gzip (the body is the gzip
 * variant: Content-Encoding: gzip), vary (Vary: Accept-Encoding).
 */
void http_reply_file(struct http_reply *r, const char *name,
		     const uint8_t *body, uint64_t size, const char *etag,
		     int64_t last_modified, int gzip, int vary);

/*
 * Writes the head of r, with date (an IMF-fixdate), into out[0..cap).
 * Its length, or 0 when it does not fit (cap >= HTTP_HEAD_OUT_MAX always
 * fits a Location of at most HTTP_LOCATION_MAX bytes).
 */
size_t http_head_write(const struct http_reply *r, const char *date, char *out,
		       size_t cap);

/*
 * The head of the 200 reply r (without r->memo, close and keep_alive)
 * for the memo: as http_head_write() with a stub Date (at
 * HTTP_HEAD_DATE_AT) and no Connection field; *split is where that field
 * goes. Its length, or 0 when it does not fit or r is no 200.
 */
size_t http_head_template(const struct http_reply *r, char *out, size_t cap,
			  uint32_t *split);

#endif
