/* SPDX-License-Identifier: ISC */
/*
 * The request head parser (rules in http_parse.h).
 *
 * Algorithm: split the head into lines at LF (dropping one CR before it);
 * check the request line and take its three parts; then each field line
 * is checked (name, colon, value bytes), trimmed, and, when its name is
 * one this server acts on, stored or judged; last come the rules between
 * fields (Host in 1.1, Content-Length beside Transfer-Encoding).
 */
#include <string.h>

#include "www/http_parse.h"

/* RFC 9110 5.6.2 tchar. */
static int is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* A byte of a field value: VCHAR, obs-text, SP, HTAB (RFC 9110 5.5). */
static int is_value_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || (c > 0x20 && c != 0x7f);
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int same(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	if (len != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != word[i])
			return 0;
	return 1;
}

size_t http_head_end(const char *buf, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* The next line of buf[*at..len) without its CR LF or LF: its length. */
static size_t next_line(const char *buf, size_t len, size_t *at,
			const char **line)
{
	size_t i = *at, n;

	*line = buf + i;
	while (i < len && buf[i] != '\n')
		i++;
	n = i - *at;
	*at = i < len ? i + 1 : i;
	if (n > 0 && (*line)[n - 1] == '\r')
		n--;
	return n;
}

/* An element of a list at s[*at..len): its token (trimmed) and the
   parameters after ';' in *param. 0 at the end of the list. */
static int list_next(const char *s, size_t len, size_t *at,
		     struct http_str *tok, struct http_str *param)
{
	size_t i = *at, end, semi;

	while (i < len && (is_ows(s[i]) || s[i] == ','))
		i++;
	if (i == len)
		return 0;
	for (end = i; end < len && s[end] != ','; end++)
		;
	*at = end;
	for (semi = i; semi < end && s[semi] != ';'; semi++)
		;
	param->p = s + semi;
	param->len = end - semi;
	while (semi > i && is_ows(s[semi - 1]))
		semi--;
	tok->p = s + i;
	tok->len = semi - i;
	return 1;
}

int http_list_has(const char *s, size_t len, const char *token)
{
	struct http_str tok, param;
	size_t at = 0;

	while (list_next(s, len, &at, &tok, &param))
		if (same(tok.p, tok.len, token))
			return 1;
	return 0;
}

/* Whether the parameters ";q=0", ";q=0.0" ... give a weight of zero. */
static int q_zero(struct http_str param)
{
	const char *p = param.p, *end = param.p + param.len;

	while (p < end && (*p == ';' || is_ows(*p)))
		p++;
	if (end - p < 3 || lower(p[0]) != 'q' || p[1] != '=' || p[2] != '0')
		return 0;
	for (p += 3; p < end && (*p == '.' || *p == '0'); p++)
		;
	while (p < end && is_ows(*p))
		p++;
	return p == end;
}

/* Accept-Encoding (RFC 9110 12.5.3): gzip, x-gzip or '*' not at q=0. */
static int accepts_gzip(const char *s, size_t len)
{
	struct http_str tok, param;
	size_t at = 0;
	int gzip = -1, star = 0;

	while (list_next(s, len, &at, &tok, &param)) {
		if (same(tok.p, tok.len, "gzip") ||
		    same(tok.p, tok.len, "x-gzip"))
			gzip = !q_zero(param);
		else if (same(tok.p, tok.len, "*"))
			star = !q_zero(param);
	}
	return gzip >= 0 ? gzip : star;
}

/* The request line: method SP target SP HTTP/d.d. */
static unsigned request_line(const char *l, size_t n, struct http_request *r,
			     const char **why)
{
	size_t i = 0, t;

	while (i < n && is_tchar((unsigned char)l[i]))
		i++;
	if (i == 0 || i == n || l[i] != ' ') {
		*why = "expected a method (a token) and one space";
		return 400;
	}
	r->method_name = (struct http_str){l, i};
	r->method = HTTP_OTHER; /* methods are case-sensitive */
	if (i == 3 && memcmp(l, "GET", 3) == 0)
		r->method = HTTP_GET;
	else if (i == 4 && memcmp(l, "HEAD", 4) == 0)
		r->method = HTTP_HEAD;
	for (t = ++i; i < n && (unsigned char)l[i] > 0x20 && l[i] != 0x7f; i++)
		;
	if (i == t || i == n || l[i] != ' ') {
		*why = "expected a request-target without blanks or control "
		       "characters, then one space and the version";
		return 400;
	}
	r->target = (struct http_str){l + t, i - t};
	l += i + 1;
	n -= i + 1;
	if (n != 8 || memcmp(l, "HTTP/", 5) != 0 || l[5] < '0' || l[5] > '9' ||
	    l[6] != '.' || l[7] < '0' || l[7] > '9') {
		*why = "expected the version as HTTP/DIGIT.DIGIT";
		return 400;
	}
	if (l[5] != '1') {
		*why = "a major version other than 1";
		return 505;
	}
	r->minor = (unsigned)(l[7] - '0');
	r->keep_alive = r->minor > 0;
	return 0;
}

/* Content-Length (RFC 9112 6.3): digits, no list, no overflow. */
static unsigned content_length(const char *v, size_t n, struct http_request *r,
			       const char **why)
{
	uint64_t x = 0;

	if (r->has_length) {
		*why = "more than one Content-Length";
		return 400;
	}
	if (n == 0 || n > 19) {
		*why = "a Content-Length that is not 1 to 19 digits";
		return 400;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9') {
			*why = "a Content-Length that is not 1 to 19 digits";
			return 400;
		}
		x = x * 10 + (uint64_t)(v[i] - '0');
	}
	r->has_length = 1;
	r->content_length = x;
	return 0;
}

static void keep(struct http_str *s, const char *v, size_t n)
{
	if (s->p == NULL)
		*s = (struct http_str){v, n};
}

/* One field, name[0..nlen) and its trimmed value v[0..n). */
static unsigned field(const char *name, size_t nlen, const char *v, size_t n,
		      struct http_request *r, const char **why)
{
	if (same(name, nlen, "host")) {
		if (r->host.p != NULL) {
			*why = "more than one Host";
			return 400;
		}
		r->host = (struct http_str){v, n};
	} else if (same(name, nlen, "content-length")) {
		return content_length(v, n, r, why);
	} else if (same(name, nlen, "transfer-encoding")) {
		if (r->chunked || !same(v, n, "chunked")) {
			*why = "a transfer coding other than chunked";
			return 501;
		}
		r->chunked = 1;
	} else if (same(name, nlen, "connection")) {
		if (http_list_has(v, n, "close"))
			r->keep_alive = -1; /* wins over keep-alive */
		else if (http_list_has(v, n, "keep-alive") &&
			 r->keep_alive >= 0)
			r->keep_alive = 1;
	} else if (same(name, nlen, "accept-encoding")) {
		r->gzip = accepts_gzip(v, n);
	} else if (same(name, nlen, "if-none-match")) {
		keep(&r->if_none_match, v, n);
	} else if (same(name, nlen, "if-modified-since")) {
		keep(&r->if_modified_since, v, n);
	} else if (same(name, nlen, "range")) {
		keep(&r->range, v, n);
	} else if (same(name, nlen, "if-range")) {
		keep(&r->if_range, v, n);
	}
	return 0;
}

/* One field line l[0..n): checked, split, trimmed, then field(). */
static unsigned field_line(const char *l, size_t n, struct http_request *r,
			   const char **why)
{
	size_t i = 0, v, end = n;

	if (is_ows(l[0])) {
		*why = "a line folded onto the one before (obs-fold)";
		return 400;
	}
	while (i < n && is_tchar((unsigned char)l[i]))
		i++;
	if (i == 0 || i == n || l[i] != ':') {
		*why = "expected a field name (a token) and ':' right after it";
		return 400;
	}
	for (size_t k = i + 1; k < n; k++)
		if (!is_value_byte((unsigned char)l[k])) {
			*why = "a control character (or CR, or NUL) in a "
			       "field value";
			return 400;
		}
	v = i + 1;
	while (v < end && is_ows(l[v]))
		v++;
	while (end > v && is_ows(l[end - 1]))
		end--;
	return field(l, i, l + v, end - v, r, why);
}

unsigned http_parse_head(const char *buf, size_t len, struct http_request *r,
			 const char **why)
{
	size_t at = 0, n;
	const char *l;
	unsigned s;

	memset(r, 0, sizeof(*r));
	n = next_line(buf, len, &at, &l);
	if ((s = request_line(l, n, r, why)) != 0)
		return s;
	while ((n = next_line(buf, len, &at, &l)) > 0)
		if ((s = field_line(l, n, r, why)) != 0)
			return s;
	if (r->minor > 0 && r->host.p == NULL) {
		*why = "an HTTP/1.1 request without Host";
		return 400;
	}
	if (r->chunked && r->minor == 0) {
		*why = "Transfer-Encoding in an HTTP/1.0 request";
		return 400;
	}
	if (r->chunked && r->has_length) {
		*why = "both Content-Length and Transfer-Encoding";
		return 400;
	}
	r->keep_alive = r->keep_alive > 0;
	return 0;
}
