/* SPDX-License-Identifier: ISC */
/*
 * The access log line (http_log_format() in http_conn.h). What a client
 * sent is escaped before it reaches the console: a byte outside 0x21-0x7E,
 * or a backslash, is written as \xNN.
 */
#include <string.h>

#include "www/http_conn.h"

/* What follows the escaped bytes at most: the blank after the method,
   "...", two numbers of up to 20 digits with their blanks, the NUL. */
#define TAIL_MAX 48

/* Appends s[0..len) escaped to out[*n..limit); 0 when it was cut. */
static int put_escaped(char *out, size_t *n, size_t limit, struct http_str s)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		int plain = c > 0x20 && c < 0x7f && c != '\\';

		if (*n + (plain ? 1 : 4) > limit)
			return 0;
		if (plain) {
			out[(*n)++] = (char)c;
			continue;
		}
		out[(*n)++] = '\\';
		out[(*n)++] = 'x';
		out[(*n)++] = hex[c >> 4];
		out[(*n)++] = hex[c & 15];
	}
	return 1;
}

static void put_number(char *out, size_t *n, uint64_t v)
{
	char d[20];
	size_t k = sizeof(d);

	do
		d[--k] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	out[(*n)++] = ' ';
	memcpy(out + *n, d + k, sizeof(d) - k);
	*n += sizeof(d) - k;
}

size_t http_log_format(const struct http_log_entry *e, char *out, size_t cap)
{
	size_t n = 0, limit;
	int whole;

	if (cap < TAIL_MAX + 8) {
		if (cap > 0)
			out[0] = '\0';
		return 0;
	}
	limit = cap - TAIL_MAX;
	whole = put_escaped(out, &n, limit, e->method);
	if (whole) {
		out[n++] = ' ';
		whole = put_escaped(out, &n, limit, e->target);
	}
	if (!whole) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	put_number(out, &n, e->status);
	put_number(out, &n, e->bytes);
	out[n] = '\0';
	return n;
}
