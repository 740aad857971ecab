/* SPDX-License-Identifier: ISC */
/*
 * Response heads (http_response.h) and the static pages of the statuses
 * that carry one. A 304 has no Content-Length (as nginx: RFC 9110 8.6
 * allows one only equal to the 200's, and a 304 never has a body); every
 * other response has one, HEAD's included.
 */
#include <string.h>

#include "www/http_date.h"
#include "www/http_response.h"
#include "www/mime.h"

#define PAGE(s)                                                                \
	"<html><head><title>" s "</title></head><body><h1>" s                  \
	"</h1></body></html>\n"

static const struct status {
	unsigned code;
	const char *reason, *page;
} statuses[] = {
    {200, "OK", NULL},
    {206, "Partial Content", NULL},
    {301, "Moved Permanently", PAGE("301 Moved Permanently")},
    {304, "Not Modified", NULL},
    {400, "Bad Request", PAGE("400 Bad Request")},
    {404, "Not Found", PAGE("404 Not Found")},
    {405, "Method Not Allowed", PAGE("405 Method Not Allowed")},
    {408, "Request Timeout", PAGE("408 Request Timeout")},
    {413, "Content Too Large", PAGE("413 Content Too Large")},
    {414, "URI Too Long", PAGE("414 URI Too Long")},
    {416, "Range Not Satisfiable", PAGE("416 Range Not Satisfiable")},
    {431, "Request Header Fields Too Large",
     PAGE("431 Request Header Fields Too Large")},
    {500, "Internal Server Error", PAGE("500 Internal Server Error")},
    {501, "Not Implemented", PAGE("501 Not Implemented")},
    {505, "HTTP Version Not Supported", PAGE("505 HTTP Version Not Supported")},
};

static const struct status *find(unsigned code)
{
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (statuses[i].code == code)
			return &statuses[i];
	return NULL;
}

const char *http_reason(unsigned status)
{
	const struct status *s = find(status);

	return s != NULL ? s->reason : "";
}

void http_reply_error(struct http_reply *r, unsigned status)
{
	const struct status *s = find(status);

	memset(r, 0, sizeof(*r));
	r->status = status;
	r->last_modified = -1;
	if (s == NULL || s->page == NULL)
		return;
	r->type = "text/html";
	r->body = (const uint8_t *)s->page;
	r->count = strlen(s->page);
	r->length = r->count;
}

/* The ETag etag (or none) into out. */
static void copy_etag(char out[WWW_ETAG_SIZE], const char *etag)
{
	size_t n = etag != NULL ? strlen(etag) : 0;

	if (n >= WWW_ETAG_SIZE)
		n = 0; /* not one of ours: none rather than cut */
	memcpy(out, etag != NULL ? etag : "", n);
	out[n] = '\0';
}

void http_reply_file(struct http_reply *r, const char *name,
		     const uint8_t *body, uint64_t size, const char *etag,
		     int64_t last_modified, int gzip, int vary)
{
	memset(r, 0, sizeof(*r));
	r->status = 200;
	r->type = www_mime_type(name, strlen(name));
	r->encoding = gzip ? "gzip" : NULL;
	copy_etag(r->etag, etag);
	r->last_modified = last_modified;
	r->body = body;
	r->count = r->length = size;
	r->ranges = 1;
	r->vary = vary;
}

/* An output buffer that remembers running out of room. */
struct out {
	char *p;
	size_t len, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > o->cap) {
		o->len = o->cap + 1; /* full: stays so */
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void putu(struct out *o, uint64_t v)
{
	char d[20];
	size_t n = sizeof(d);

	do
		d[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	put(o, d + n, sizeof(d) - n);
}

static void field(struct out *o, const char *name, const char *value)
{
	puts_(o, name);
	puts_(o, ": ");
	puts_(o, value);
	puts_(o, "\r\n");
}

/* Content-Range (RFC 9110 14.4): "bytes a-b/len" or "bytes * /len". */
static void content_range(struct out *o, const struct http_reply *r)
{
	puts_(o, "Content-Range: bytes ");
	if (r->status == 416) {
		puts_(o, "*");
	} else {
		putu(o, r->first);
		puts_(o, "-");
		putu(o, r->first + r->count - 1);
	}
	puts_(o, "/");
	putu(o, r->length);
	puts_(o, "\r\n");
}

static void last_modified(struct out *o, const struct http_reply *r)
{
	char lm[HTTP_DATE_LEN + 1];

	if (r->last_modified >= 0) {
		http_date_format((uint64_t)r->last_modified, lm);
		field(o, "Last-Modified", lm);
	}
}

/* The Connection field of r, if any. */
static void connection(struct out *o, const struct http_reply *r)
{
	if (r->close)
		field(o, "Connection", "close");
	else if (r->keep_alive)
		field(o, "Connection", "keep-alive");
}

/* The memo of r with date and the Connection field. */
static void from_memo(struct out *o, const struct http_reply *r,
		      const char *date)
{
	put(o, r->memo, r->memo_split);
	if (o->len <= o->cap)
		memcpy(o->p + HTTP_HEAD_DATE_AT, date, HTTP_DATE_LEN);
	connection(o, r);
	put(o, r->memo + r->memo_split, r->memo_len - r->memo_split);
}

/* The head of r; *split: where its Connection field goes (or went). */
static void write_head(struct out *o, const struct http_reply *r,
		       const char *date, size_t *split)
{

	puts_(o, "HTTP/1.1 ");
	putu(o, r->status);
	puts_(o, " ");
	puts_(o, http_reason(r->status));
	puts_(o, "\r\n");
	field(o, "Server", HTTP_SERVER);
	field(o, "Date", date);
	if (r->type != NULL)
		field(o, "Content-Type", r->type);
	if (r->status != 304) {
		puts_(o, "Content-Length: ");
		putu(o, r->count);
		puts_(o, "\r\n");
	}
	last_modified(o, r);
	*split = o->len;
	connection(o, r);
	if (r->location != NULL)
		field(o, "Location", r->location);
	if (r->etag[0] != '\0')
		field(o, "ETag", r->etag);
	if (r->ranges)
		field(o, "Accept-Ranges", "bytes");
	if (r->status == 206 || r->status == 416)
		content_range(o, r);
	if (r->encoding != NULL)
		field(o, "Content-Encoding", r->encoding);
	if (r->vary)
		field(o, "Vary", "Accept-Encoding");
	if (r->allow)
		field(o, "Allow", "GET, HEAD");
	puts_(o, "\r\n");
}

size_t http_head_write(const struct http_reply *r, const char *date, char *out,
		       size_t cap)
{
	struct out o = {out, 0, cap};
	size_t split;

	if (r->memo != NULL)
		from_memo(&o, r, date);
	else
		write_head(&o, r, date, &split);
	return o.len <= cap ? o.len : 0;
}

size_t http_head_template(const struct http_reply *r, char *out, size_t cap,
			  uint32_t *split)
{
	static const char stub[] = "Thu, 01 Jan 1970 00:00:00 GMT";
	struct http_reply t = *r;
	struct out o = {out, 0, cap};
	size_t at;

	_Static_assert(sizeof(stub) == HTTP_DATE_LEN + 1, "a date's length");
	if (r->status != 200)
		return 0;
	t.memo = NULL;
	t.close = t.keep_alive = 0;
	write_head(&o, &t, stub, &at);
	if (o.len > cap || o.len > UINT32_MAX ||
	    memcmp(out + HTTP_HEAD_DATE_AT, stub, HTTP_DATE_LEN) != 0)
		return 0;
	*split = (uint32_t)at;
	return o.len;
}
