/* SPDX-License-Identifier: ISC */
/*
 * The printf family: thin wrappers around the formatter core (format.c).
 * Console output is collected in a small stack buffer and handed to
 * uni_console_write() when it fills and at the end of each call.
 */
#include <stdio.h>
#include <string.h>

#include "lib/format.h"
#include "uni/console.h"

struct linebuf {
	char buf[128];
	size_t used;
};

static void flush(struct linebuf *lb)
{
	uni_console_write(lb->buf, lb->used);
	lb->used = 0;
}

static void console_sink(void *ctx, const char *s, size_t n)
{
	struct linebuf *lb = ctx;

	while (n > 0) {
		size_t k = sizeof(lb->buf) - lb->used;

		if (k > n)
			k = n;
		memcpy(lb->buf + lb->used, s, k);
		lb->used += k;
		s += k;
		n -= k;
		if (lb->used == sizeof(lb->buf))
			flush(lb);
	}
}

int vprintf(const char *fmt, va_list ap)
{
	struct linebuf lb;
	int n;

	lb.used = 0;
	n = uni_vformat(console_sink, &lb, fmt, ap);
	flush(&lb);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return uni_vsnformat(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uni_vsnformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	uni_console_write(s, strlen(s));
	uni_console_write("\n", 1);
	return 1;
}

int putchar(int c)
{
	char ch = (char)c;

	uni_console_write(&ch, 1);
	return (unsigned char)c;
}
