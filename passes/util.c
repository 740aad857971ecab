/* SPDX-License-Identifier: ISC */
/*
 * Small helpers of the pass library: allocation that does not fail quietly,
 * growable strings with JSON escaping, and the edit distance behind every
 * "did you mean" suggestion.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "internal.h"

_Static_assert(SHOW_SIZE >= UNI_TEXT_SHOW_SIZE(SHOW_MAX),
	       "show_value's buffer holds what uni_text_show writes");

const char *show_value(char *buf, const char *s, size_t n)
{
	return uni_text_show(buf, s, n, SHOW_MAX);
}

static void out_of_memory(void)
{
	fputs("unilink-passes: out of memory\n", stderr);
	abort();
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size == 0 ? 1 : size);
	if (p == NULL)
		out_of_memory();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xcalloc(n + 1, 1);

	memcpy(d, s, n);
	return d;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void sb_init(struct strbuf *b)
{
	b->cap = 64;
	b->len = 0;
	b->s = xcalloc(b->cap, 1);
}

void sb_addn(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_add(struct strbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	char *big;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sb_addn(b, small, (size_t)n);
		return;
	}
	big = xcalloc((size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb_addn(b, big, (size_t)n);
	free(big);
}

void sb_add_json_string(struct strbuf *b, const char *s)
{
	const unsigned char *p;

	sb_add(b, "\"");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			sb_printf(b, "\\%c", *p);
		else if (*p < 0x20)
			sb_printf(b, "\\u%04x", *p);
		else
			sb_addn(b, (const char *)p, 1);
	}
	sb_add(b, "\"");
}

char *sb_take(struct strbuf *b)
{
	char *s = b->s;

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Optimal string alignment: edits are insert, delete, change, swap two. */
size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), w = lb + 1, i, j, d;
	size_t *t = xcalloc((la + 1) * w, sizeof(*t));

	for (i = 0; i <= la; i++)
		t[i * w] = i;
	for (j = 0; j <= lb; j++)
		t[j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			d = min3(t[(i - 1) * w + j] + 1, t[i * w + j - 1] + 1,
				 t[(i - 1) * w + j - 1] +
				     (a[i - 1] != b[j - 1]));
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] &&
			    t[(i - 2) * w + j - 2] + 1 < d)
				d = t[(i - 2) * w + j - 2] + 1;
			t[i * w + j] = d;
		}
	}
	d = t[la * w + lb];
	free(t);
	return d;
}

/* Close means at most a third of the longer name differs (rounded up). */
const char *nearest_name(const char *s, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, d, limit, i, len;

	for (i = 0; i < n; i++) {
		d = edit_distance(s, names[i]);
		len =
		    strlen(s) > strlen(names[i]) ? strlen(s) : strlen(names[i]);
		limit = (len + 2) / 3;
		if (d <= limit && d < best_d) {
			best = names[i];
			best_d = d;
		}
	}
	return best;
}

bool split_key(const char *full, char **section, char **key)
{
	const char *dot = strchr(full, '.');

	if (dot == NULL)
		return false;
	*section = xstrndup(full, (size_t)(dot - full));
	*key = xstrdup(dot + 1);
	return true;
}

const char *unilink_nearest_name(const char *s, const char *const *names,
				 size_t n)
{
	return nearest_name(s, names, n);
}
