/* SPDX-License-Identifier: ISC */
/*
 * The formatter core (rt/lib/format.c) against the host's snprintf: every
 * conversion, flag, width, precision and length modifier in a large table,
 * and every case again into buffers too small for it (truncation, the NUL,
 * the return value). Conversions where C leaves a choice (%p, NULL %s)
 * follow glibc, which the host is.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/format.h"
#include "unit.h"

UNIT_COUNTERS;

#define BUF 512

/*
 * Compare both formatters at sizes 0, 1, 2, len/2, len, len+1 and BUF: the
 * same return value, the same bytes up to the NUL, nothing written past it.
 */
#define SAME(fmt, ...)                                                         \
	do {                                                                   \
		char want[BUF], got[BUF];                                      \
		int wn = snprintf(want, BUF, fmt, __VA_ARGS__);                \
		size_t sizes[] = {                                             \
		    0, 1, 2, (size_t)wn / 2, (size_t)wn, (size_t)wn + 1, BUF}; \
		size_t i;                                                      \
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {       \
			size_t sz = sizes[i] > BUF ? BUF : sizes[i];           \
			memset(want, 'W', BUF);                                \
			memset(got, 'G', BUF);                                 \
			wn = snprintf(want, sz, fmt, __VA_ARGS__);             \
			int gn = uni_snformat(got, sz, fmt, __VA_ARGS__);      \
			size_t k = sz < (size_t)wn + 1 ? sz : (size_t)wn + 1;  \
			CHECK(wn == gn && memcmp(want, got, k) == 0 &&         \
				  (k == BUF || got[k] == 'G'),                 \
			      "format \"%s\" size %zu: want %d \"%.*s\", "     \
			      "got %d \"%.*s\"",                               \
			      fmt, sz, wn, (int)sz, want, gn, (int)sz, got);   \
		}                                                              \
	} while (0)

static void test_signed(void)
{
	static const int ints[] = {0, 1, -1, 7, -42, 123456, INT_MAX, INT_MIN};
	static const char *const fmts[] = {
	    "%d",    "%i",    "%5d",   "%-5d|",	  "%05d",
	    "%+d",   "% d",   "%+5d",  "%-+6d|",  "% 05d",
	    "%.3d",  "%.0d",  "%8.3d", "%-8.3d|", "%08.3d",
	    "%+.0d", "% .0d", "%012d", "%-012d|", "%0-12d|",
	    "%1d",   "%.12d", "%+ d",  "[%3i]",	  "%20.15d"};
	size_t i, j;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		for (j = 0; j < sizeof(ints) / sizeof(ints[0]); j++)
			SAME(fmts[i], ints[j]);
}

static void test_unsigned(void)
{
	static const unsigned vals[] = {0,   1,	   8,	       15,
					255, 4096, 0xdeadbeef, UINT_MAX};
	static const char *const fmts[] = {
	    "%u",    "%x",     "%X",	  "%o",	   "%#x",    "%#X",   "%#o",
	    "%08x",  "%#08x",  "%-#10x|", "%.5x",  "%#.5x",  "%#.0x", "%.0x",
	    "%#.0o", "%.0o",   "%#5o",	  "%#.3o", "%-8o|",  "%010u", "%.10u",
	    "%3X",   "%#010o", "%+u",	  "% u",   "%#12.8X"};
	size_t i, j;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		for (j = 0; j < sizeof(vals) / sizeof(vals[0]); j++)
			SAME(fmts[i], vals[j]);
}

static void test_lengths(void)
{
	SAME("%hhd %hhu %hhx", 300, 300, -1);
	SAME("%hhd", -129);
	SAME("%hd %hu %hx", 70000, 70000, -1);
	SAME("%hd", -32769);
	SAME("%ld %lu %lx", LONG_MIN, ULONG_MAX, 0x1234567890abcdefUL);
	SAME("%lld %llu %llo", LLONG_MIN, ULLONG_MAX, 01777ULL);
	SAME("%lld|%+lld", LLONG_MAX, 0LL);
	SAME("%zu %zx %zd", (size_t)SIZE_MAX, (size_t)0xabc, (ssize_t)-5);
	SAME("%jd %ju %jx", INTMAX_MIN, UINTMAX_MAX, (uintmax_t)255);
	SAME("%td %tx", (ptrdiff_t)-99, (ptrdiff_t)0x7f);
	SAME("%#llx %#llo %#llX", 0xfedcba9876543210ULL, ULLONG_MAX, 1ULL);
	SAME("%-30lld|%30llu", LLONG_MIN, ULLONG_MAX);
	SAME("%.25lld", LLONG_MIN);
	SAME("%025lld", LLONG_MIN);
}

static void test_strings_chars(void)
{
	static const char *const strs[] = {"", "a", "hello", "hello, world"};
	static const char *const fmts[] = {"%s",      "%10s", "%-10s|",
					   "%.3s",    "%.0s", "%10.2s",
					   "%-6.9s|", "%1s",  "[%s]"};
	size_t i, j;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		for (j = 0; j < sizeof(strs) / sizeof(strs[0]); j++)
			SAME(fmts[i], strs[j]);
	SAME("%s", (char *)NULL);
	SAME("%10s|", (char *)NULL);
	SAME("%.3s|", (char *)NULL);
	SAME("%.6s|", (char *)NULL);
	SAME("%c", 'x');
	SAME("%5c|%-5c|", 'a', 'b');
	SAME("%c%c%c", 'a', 0x7f, '!');
	SAME("%c", 0);
	SAME("%.4s", "abc\0def"); /* precision past the string's end */
	char unterminated[3] = {'x', 'y', 'z'};
	SAME("%.3s|", unterminated); /* precision stops before any NUL */
}

static void test_pointers_percent_star(void)
{
	int x;

	SAME("%p", (void *)&x);
	SAME("%p", (void *)NULL);
	SAME("%20p|%-20p|", (void *)&x, (void *)0x1000);
	SAME("%10p|%-10p|", (void *)NULL, (void *)NULL);
	SAME("%p", (void *)UINTPTR_MAX);
	SAME("100%% %d%%", 5);
	SAME("%*d|%-*d|", 6, 42, 6, 42);
	SAME("%*d|", -6, 42);		/* a negative width means '-' */
	SAME("%.*d|%.*d", 4, 7, -1, 7); /* a negative precision is none */
	SAME("%*.*s|", 8, 2, "abcdef");
	SAME("%*.*x|", -8, 3, 0xa);
	SAME("%s", "no conversion at all");
	SAME("%s", "");
	SAME("a%db%sc%xd%oe%cf%ug", -1, "mid", 255, 8, 'Z', 3u);
}

static void test_long_output(void)
{
	char big[400];

	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	SAME("%s%s", big, "tail");
	SAME("%300d|", 1);
	SAME("%-300x|", 0xabcu);
	SAME("%.300d", -1);
}

static void collect(void *ctx, const char *s, size_t n)
{
	size_t *total = ctx;

	CHECK(n > 0, "the sink was called with an empty piece");
	*total += n;
}

static int count_by_sink(const char *fmt, ...)
{
	size_t total = 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uni_vformat(collect, &total, fmt, ap);
	va_end(ap);
	CHECK((size_t)n == total, "uni_vformat returned %d, sink saw %zu", n,
	      total);
	return n;
}

/* Conversions C does not define print themselves, so they show. */
static void test_odd_formats(void)
{
	char buf[64];
	int n;

	n = uni_snformat(buf, sizeof(buf), "a%qb %d", 5);
	CHECK(n == 6 && strcmp(buf, "a%qb 5") == 0, "got %d \"%s\"", n, buf);
	n = uni_snformat(buf, sizeof(buf), "end%");
	CHECK(n == 4 && strcmp(buf, "end%") == 0, "got %d \"%s\"", n, buf);
	n = uni_snformat(NULL, 0, "%d", 12345);
	CHECK(n == 5, "size 0 with a NULL buffer returned %d", n);
	CHECK(count_by_sink("%s=%08x%%", "key", 0xbeefu) == 13,
	      "sink count of a mixed format");
	CHECK(count_by_sink("") == 0, "an empty format produces nothing");
}

int main(void)
{
	test_signed();
	test_unsigned();
	test_lengths();
	test_strings_chars();
	test_pointers_percent_star();
	test_long_output();
	test_odd_formats();
	return unit_summary();
}
