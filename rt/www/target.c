/* SPDX-License-Identifier: ISC */
/*
 * The request-target of an HTTP request (RFC 9112 3.2), parsed for a web
 * tree: the form, the query set aside, the path percent-decoded per
 * segment and normalised (rules in www/tree.h).
 *
 * Algorithm: find where the path begins (origin-form, or after the
 * authority of absolute-form) and ends ('?'); check the query's bytes;
 * then append each segment to t->path as "/" and its decoded bytes, and
 * take it back out when it is empty, "." or ".." (a ".." also removes the
 * segment before it, and at the root is refused). The path is decoded
 * before it is judged, so "%2e%2e" climbs like "..".
 */
#include <string.h>

#include "common/text.h"
#include "www/tree.h"
#include "www/utf8.h"

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 3986 pchar without pct-encoded: unreserved, sub-delims, ':', '@'. */
static int is_pchar(unsigned char c)
{
	return is_alpha(c) || is_digit(c) ||
	       (c != 0 && strchr("-._~!$&'()*+,;=:@", c) != NULL);
}

/* A byte that may stand in a query as received (a lenient rule). */
static int is_query_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '#';
}

/* "http://" or "https://" (any case) at t: its length, else 0. */
static size_t scheme_length(const char *t, size_t len)
{
	static const char *const schemes[] = {"http://", "https://"};

	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(schemes[i]), k;

		if (len < n)
			continue;
		for (k = 0; k < n; k++)
			if ((t[k] | (is_alpha(t[k]) ? 0x20 : 0)) !=
			    schemes[i][k])
				break;
		if (k == n)
			return n;
	}
	return 0;
}

/* Where the path begins in target: *start; WWW_FOUND or a refusal. */
static enum www_status path_start(const char *t, size_t len, size_t *start,
				  const char **why)
{
	size_t i = scheme_length(t, len), host;

	if (len > 0 && t[0] == '/') {
		*start = 0;
		return WWW_FOUND;
	}
	if (i == 0) {
		*why = "expected a path beginning with '/' or an http(s) URI";
		return WWW_BAD_TARGET;
	}
	for (host = i; i < len && t[i] != '/' && t[i] != '?'; i++) {
		unsigned char c = (unsigned char)t[i];

		if (!is_pchar(c) && c != '%' && c != '[' && c != ']') {
			*why = "a character that no authority may hold";
			return WWW_BAD_TARGET;
		}
	}
	if (i == host) {
		*why = "an http(s) URI without a host";
		return WWW_BAD_TARGET;
	}
	*start = i;
	return WWW_FOUND;
}

/* One byte of a segment at seg[*i], decoded into *out; advances *i. */
static enum www_status decode_byte(const char *seg, size_t n, size_t *i,
				   unsigned char *out, const char **why)
{
	unsigned char c = (unsigned char)seg[*i];
	int hi, lo;

	if (c != '%') {
		(*i)++;
		*out = c;
		if (is_pchar(c))
			return WWW_FOUND;
		*why = c >= 0x80
			   ? "a byte above 0x7E that is not percent-encoded"
			   : "a character that must be percent-encoded";
		return WWW_BAD_TARGET;
	}
	if (n - *i < 3 || (hi = uni_hex_digit(seg[*i + 1])) < 0 ||
	    (lo = uni_hex_digit(seg[*i + 2])) < 0) {
		*why = "a '%' not followed by two hex digits";
		return WWW_BAD_TARGET;
	}
	*i += 3;
	*out = (unsigned char)(hi << 4 | lo);
	if (*out == '/')
		*why = "an encoded '/' (%2F) inside a segment";
	else if (*out < 0x20 || *out == 0x7f)
		*why = "an encoded control character (or NUL)";
	else if (*out == '\\')
		*why = "an encoded backslash (%5C)";
	else
		return WWW_FOUND;
	return WWW_BAD_TARGET;
}

/* Removes the last segment of t->path (the one before a ".."). */
static enum www_status climb(struct www_target *t, const char **why)
{
	if (t->len == 0) {
		*why = "a \"..\" segment above the root";
		return WWW_ABOVE_ROOT;
	}
	while (t->path[--t->len] != '/')
		;
	return WWW_FOUND;
}

/* Appends segment seg[0..n); *dir says whether it named a directory. */
static enum www_status add_segment(struct www_target *t, const char *seg,
				   size_t n, int *dir, const char **why)
{
	size_t mark = t->len, i = 0, d;
	enum www_status s;
	unsigned char c;

	*dir = 1;
	if (n == 0)
		return WWW_FOUND;
	while (i < n) {
		if ((s = decode_byte(seg, n, &i, &c, why)) != WWW_FOUND)
			return s;
		if (t->len + (t->len == mark ? 2 : 1) > WWW_PATH_MAX) {
			*why = "a path longer than WWW_PATH_MAX (1024) bytes";
			return WWW_TOO_LONG;
		}
		if (t->len == mark)
			t->path[t->len++] = '/';
		t->path[t->len++] = (char)c;
	}
	d = t->len - mark - 1;
	if (d == 1 && t->path[mark + 1] == '.') {
		t->len = mark;
	} else if (d == 2 && t->path[mark + 1] == '.' &&
		   t->path[mark + 2] == '.') {
		t->len = mark;
		return climb(t, why);
	} else {
		*dir = 0;
	}
	return WWW_FOUND;
}

/* The segments of path[0..n) (which begins with '/'), into t. */
static enum www_status normalise(struct www_target *t, const char *path,
				 size_t n, const char **why)
{
	size_t i = 1, end;
	int dir = 1;
	enum www_status s;
	struct www_utf8_bad bad;

	t->len = 0;
	while (i <= n) {
		for (end = i; end < n && path[end] != '/'; end++)
			;
		if ((s = add_segment(t, path + i, end - i, &dir, why)) !=
		    WWW_FOUND)
			return s;
		i = end + 1;
	}
	if (t->len == 0 || dir) {
		if (t->len == WWW_PATH_MAX) {
			*why = "a path longer than WWW_PATH_MAX (1024) bytes";
			return WWW_TOO_LONG;
		}
		t->path[t->len++] = '/';
	}
	t->path[t->len] = '\0';
	if (www_utf8_check((const uint8_t *)t->path, t->len, &bad) != 0) {
		*why = "a path that is not UTF-8 once decoded";
		return WWW_BAD_TARGET;
	}
	return WWW_FOUND;
}

enum www_status www_target_parse(const char *target, size_t len,
				 struct www_target *t, const char **why)
{
	size_t start, end;
	enum www_status s;

	memset(t, 0, sizeof(*t));
	if (len > WWW_TARGET_MAX) {
		*why = "a request-target longer than WWW_TARGET_MAX (8192)";
		return WWW_TOO_LONG;
	}
	if ((s = path_start(target, len, &start, why)) != WWW_FOUND)
		return s;
	if (memchr(target, '#', len) != NULL) {
		*why = "a fragment ('#'), which no request-target holds";
		return WWW_BAD_TARGET;
	}
	for (end = start; end < len && target[end] != '?'; end++)
		;
	if (end < len) {
		t->query = target + end + 1;
		t->query_len = len - end - 1;
		for (size_t i = 0; i < t->query_len; i++)
			if (!is_query_byte((unsigned char)t->query[i])) {
				*why = "a control character, blank or byte "
				       "above 0x7E in the query";
				return WWW_BAD_TARGET;
			}
	}
	if (end == start) /* absolute-form without a path: "/" */
		return normalise(t, "/", 1, why);
	return normalise(t, target + start, end - start, why);
}
