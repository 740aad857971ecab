/* SPDX-License-Identifier: ISC */
/*
 * The libc subset of rt/lib (string.c, ctype.c, stdlib.c) against the
 * host's libc: mem* at every small length, offset and overlap; the str*
 * functions on a table of strings; every byte through ctype; strto* on
 * bases, prefixes, signs and overflow; qsort and bsearch on random arrays.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_libc.h"
#include "unit.h"

UNIT_COUNTERS;

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void fill_random(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245 + 12345;
		p[i] = (unsigned char)(seed >> 16);
	}
}

#define MEMBUF 160

static void test_memcpy_memset(void)
{
	unsigned char src[MEMBUF], a[MEMBUF], b[MEMBUF];
	size_t off, n, bad = 0;

	fill_random(src, MEMBUF, 1);
	for (off = 0; off < 9; off++) {
		for (n = 0; n + off + 8 < MEMBUF; n++) {
			memset(a, 0x55, MEMBUF);
			memset(b, 0x55, MEMBUF);
			CHECK(uni_t_memcpy(a + off, src + 3, n) == a + off,
			      "memcpy returns dst");
			memcpy(b + off, src + 3, n);
			bad += memcmp(a, b, MEMBUF) != 0;
			uni_t_memset(a + off, (int)(n + 0x100), n);
			memset(b + off, (int)(n + 0x100), n);
			bad += memcmp(a, b, MEMBUF) != 0;
		}
	}
	CHECK(bad == 0, "%zu memcpy/memset results differ from libc", bad);
	CHECK(uni_t_memset(a, 0, 0) == a, "memset returns dst");
}

static void test_memmove(void)
{
	unsigned char a[MEMBUF], b[MEMBUF];
	size_t from, to, n, bad = 0;

	for (from = 0; from < 24; from++)
		for (to = 0; to < 24; to++)
			for (n = 0; n + 24 < MEMBUF; n += 7) {
				fill_random(a, MEMBUF, (unsigned)n);
				fill_random(b, MEMBUF, (unsigned)n);
				uni_t_memmove(a + to, a + from, n);
				memmove(b + to, b + from, n);
				bad += memcmp(a, b, MEMBUF) != 0;
			}
	CHECK(bad == 0, "%zu overlapping memmoves differ from libc", bad);
}

static void test_memcmp_memchr(void)
{
	unsigned char a[64], b[64];
	size_t i, n;

	fill_random(a, 64, 7);
	memcpy(b, a, 64);
	CHECK(uni_t_memcmp(a, b, 64) == 0, "equal");
	CHECK(uni_t_memcmp(a, b, 0) == 0, "zero length");
	for (i = 0; i < 64; i++) {
		b[i] ^= 0x80; /* also compares as unsigned bytes */
		for (n = i; n <= 64; n += 9)
			CHECK(sign(uni_t_memcmp(a, b, n)) ==
				  sign(memcmp(a, b, n)),
			      "memcmp differs at %zu, n %zu", i, n);
		b[i] ^= 0x80;
	}
	CHECK(uni_t_memchr(a, a[40], 64) == memchr(a, a[40], 64), "memchr");
	CHECK(uni_t_memchr("abc", 'c' + 256, 3) == NULL ||
		  *(char *)uni_t_memchr("abc", 'c' + 256, 3) == 'c',
	      "memchr converts c to unsigned char");
	CHECK(uni_t_memchr(a, 0x100 | a[0], 0) == NULL, "memchr of nothing");
}

static const char *const strs[] = {
    "",
    "a",
    "b",
    "A",
    "abc",
    "abd",
    "ab",
    "ABC",
    "hello, world",
    "Hello, World",
    "\x80high",
    "\x7flow",
    "zzz",
    "a\tb c",
    "aaaaab",
};
#define NSTRS (sizeof(strs) / sizeof(strs[0]))

static void test_compare(void)
{
	size_t i, j, n;

	for (i = 0; i < NSTRS; i++) {
		CHECK(uni_t_strlen(strs[i]) == strlen(strs[i]), "strlen %zu",
		      i);
		for (n = 0; n < 6; n++)
			CHECK(uni_t_strnlen(strs[i], n) == strnlen(strs[i], n),
			      "strnlen");
		for (j = 0; j < NSTRS; j++) {
			const char *a = strs[i], *b = strs[j];

			CHECK(sign(uni_t_strcmp(a, b)) == sign(strcmp(a, b)),
			      "strcmp \"%s\" \"%s\"", a, b);
			CHECK(sign(uni_t_strcasecmp(a, b)) ==
				  sign(strcasecmp(a, b)),
			      "strcasecmp \"%s\" \"%s\"", a, b);
			for (n = 0; n < 5; n++) {
				CHECK(sign(uni_t_strncmp(a, b, n)) ==
					  sign(strncmp(a, b, n)),
				      "strncmp \"%s\" \"%s\" %zu", a, b, n);
				CHECK(sign(uni_t_strncasecmp(a, b, n)) ==
					  sign(strncasecmp(a, b, n)),
				      "strncasecmp \"%s\" \"%s\" %zu", a, b, n);
			}
		}
	}
}

static void test_search(void)
{
	static const char *const sets[] = {"", "a", "ab", " ,", "lo", "xyz"};
	size_t i, j;
	int c;

	for (i = 0; i < NSTRS; i++) {
		const char *s = strs[i];

		for (c = 0; c < 256; c++) {
			if (uni_t_strchr(s, c) != strchr(s, c) ||
			    uni_t_strrchr(s, c) != strrchr(s, c))
				CHECK(0, "strchr/strrchr \"%s\" %d", s, c);
		}
		CHECK(uni_t_strchr(s, '\0') == s + strlen(s), "strchr NUL");
		for (j = 0; j < NSTRS; j++)
			CHECK(uni_t_strstr(s, strs[j]) == strstr(s, strs[j]),
			      "strstr \"%s\" \"%s\"", s, strs[j]);
		for (j = 0; j < sizeof(sets) / sizeof(sets[0]); j++) {
			CHECK(uni_t_strspn(s, sets[j]) == strspn(s, sets[j]),
			      "strspn \"%s\" \"%s\"", s, sets[j]);
			CHECK(uni_t_strcspn(s, sets[j]) == strcspn(s, sets[j]),
			      "strcspn \"%s\" \"%s\"", s, sets[j]);
		}
	}
}

static void test_copy_dup(void)
{
	char buf[8];
	char *d;

	memset(buf, 'x', sizeof(buf));
	CHECK(uni_t_strlcpy(buf, "hello, world", sizeof(buf)) == 12 &&
		  strcmp(buf, "hello, ") == 0,
	      "strlcpy truncates: \"%s\"", buf);
	CHECK(uni_t_strlcpy(buf, "hi", sizeof(buf)) == 2 &&
		  strcmp(buf, "hi") == 0,
	      "strlcpy fits");
	CHECK(uni_t_strlcpy(buf, "abc", 0) == 3 && strcmp(buf, "hi") == 0,
	      "strlcpy size 0 writes nothing");
	CHECK(uni_t_strlcat(buf, "12", sizeof(buf)) == 4 &&
		  strcmp(buf, "hi12") == 0,
	      "strlcat fits");
	CHECK(uni_t_strlcat(buf, "34567", sizeof(buf)) == 9 &&
		  strcmp(buf, "hi12345") == 0,
	      "strlcat truncates: \"%s\"", buf);
	memset(buf, 'y', sizeof(buf));
	CHECK(uni_t_strlcat(buf, "z", sizeof(buf)) == sizeof(buf) + 1,
	      "strlcat of an unterminated buffer");
	d = uni_t_strdup("duplicate");
	CHECK(d != NULL && strcmp(d, "duplicate") == 0, "strdup");
	free(d);
	d = uni_t_strndup("duplicate", 3);
	CHECK(d != NULL && strcmp(d, "dup") == 0, "strndup cuts");
	free(d);
	d = uni_t_strndup("du", 30);
	CHECK(d != NULL && strcmp(d, "du") == 0, "strndup of a short string");
	free(d);
}

static void test_ctype(void)
{
	int c, bad = 0;

	for (c = -1; c < 256; c++) {
		bool ascii = c >= 0 && c < 128;

		/* Outside ASCII the "C" locale has no classes; EOF neither. */
#define SAME_CLASS(fn) bad += !!uni_t_##fn(c) != (ascii && !!fn(c));
		SAME_CLASS(isalnum)
		SAME_CLASS(isalpha)
		SAME_CLASS(isdigit)
		SAME_CLASS(isxdigit)
		SAME_CLASS(isspace)
		SAME_CLASS(isupper)
		SAME_CLASS(islower)
		SAME_CLASS(isprint)
		SAME_CLASS(isgraph)
		SAME_CLASS(ispunct)
		SAME_CLASS(iscntrl)
		if (ascii) {
			bad += uni_t_toupper(c) != toupper(c);
			bad += uni_t_tolower(c) != tolower(c);
		}
	}
	CHECK(bad == 0, "%d ctype answers differ from the C locale", bad);
}

struct strto_case {
	const char *s;
	int base;
};

static const struct strto_case strto_cases[] = {
    /* glibc leaves *end alone for a bad base; ours sets it to s. */
    {"0", 10},
    {"42", 10},
    {"  -42xyz", 10},
    {"+7", 10},
    {"\t\n 9", 10},
    {"0x1f", 16},
    {"0X1F", 0},
    {"1f", 16},
    {"0x", 16},
    {"0xg", 0},
    {"010", 0},
    {"019", 0},
    {"0", 0},
    {"z", 36},
    {"Zz", 36},
    {"777", 8},
    {"8", 8},
    {"", 10},
    {"-", 10},
    {"+", 0},
    {" ", 10},
    {"abc", 10},
    {"101", 2},
    {"102", 2},
    {"9223372036854775807", 10},
    {"9223372036854775808", 10},
    {"-9223372036854775808", 10},
    {"-9223372036854775809", 10},
    {"18446744073709551615", 10},
    {"18446744073709551616", 10},
    {"-1", 10},
    {"-18446744073709551615", 10},
    {"99999999999999999999999999", 10},
    {"0xffffffffffffffff", 0},
    {"0x10000000000000000", 0},
    {"12", 1},
    {"12", 37},
    {"--1", 10},
    {"- 1", 10},
    {"2147483648", 10},
    {"-2147483649", 10},
};

static void test_strto(void)
{
	size_t i;

	for (i = 0; i < sizeof(strto_cases) / sizeof(strto_cases[0]); i++) {
		const char *s = strto_cases[i].s;
		int base = strto_cases[i].base;
		char *e1, *e2;

#define SAME_STRTO(fn, fmt)                                                    \
	do {                                                                   \
		errno = 0;                                                     \
		uni_t_errno = 0;                                               \
		__typeof__(fn(s, &e1, base)) want = fn(s, &e1, base);          \
		__typeof__(want) got = uni_t_##fn(s, &e2, base);               \
		bool bad_base = base == 1 || base > 36;                        \
		CHECK(want == got && (e1 == e2 || bad_base) &&                 \
			  errno == uni_t_errno,                                \
		      #fn "(\"%s\", %d): want " fmt                            \
			  " end %td errno %d, got " fmt " end %td errno %d",   \
		      s, base, want, e1 - s, errno, got, e2 - s, uni_t_errno); \
	} while (0)
		SAME_STRTO(strtol, "%ld");
		SAME_STRTO(strtoll, "%lld");
		SAME_STRTO(strtoul, "%lu");
		SAME_STRTO(strtoull, "%llu");
		long v = strtol(s, NULL, base);

		/* atoi of a value outside int is undefined: not compared. */
		if (base == 10 && v >= INT_MIN && v <= INT_MAX)
			CHECK(uni_t_atoi(s) == atoi(s), "atoi \"%s\"", s);
	}
	CHECK(uni_t_strtol("12", NULL, 10) == 12, "a NULL end pointer");
	CHECK(uni_t_abs(-5) == 5 && uni_t_abs(5) == 5 && uni_t_abs(0) == 0,
	      "abs");
	CHECK(uni_t_labs(-5000000000L) == 5000000000L, "labs");
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct rec {
	char key[13]; /* an odd size, to exercise byte swapping */
};

static int cmp_rec(const void *a, const void *b)
{
	return strcmp(((const struct rec *)a)->key,
		      ((const struct rec *)b)->key);
}

static void test_sort_search(void)
{
	static int a[1000], b[1000];
	struct rec r[50], want[50];
	size_t n, i;
	unsigned seed = 99;

	for (n = 0; n <= 1000; n = n < 20 ? n + 1 : n * 3) {
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			a[i] = (int)(seed >> 16) % 100 - 50; /* many repeats */
		}
		memcpy(b, a, n * sizeof(int));
		uni_t_qsort(a, n, sizeof(int), cmp_int);
		qsort(b, n, sizeof(int), cmp_int);
		CHECK(memcmp(a, b, n * sizeof(int)) == 0, "qsort of %zu ints",
		      n);
		for (i = 0; i < 120; i++) {
			int key = (int)i - 60;
			int *got =
			    uni_t_bsearch(&key, a, n, sizeof(int), cmp_int);
			int *ref = bsearch(&key, b, n, sizeof(int), cmp_int);

			CHECK((got == NULL) == (ref == NULL) &&
				  (got == NULL || *got == key),
			      "bsearch %d in %zu ints", key, n);
		}
	}
	for (i = 0; i < 50; i++)
		snprintf(r[i].key, sizeof(r[i].key), "k%09zu", (i * 37) % 50);
	memcpy(want, r, sizeof(r));
	uni_t_qsort(r, 50, sizeof(r[0]), cmp_rec);
	qsort(want, 50, sizeof(want[0]), cmp_rec);
	CHECK(memcmp(r, want, sizeof(r)) == 0, "qsort of 13-byte records");
}

int main(void)
{
	test_memcpy_memset();
	test_memmove();
	test_memcmp_memchr();
	test_compare();
	test_search();
	test_copy_dup();
	test_ctype();
	test_strto();
	test_sort_search();
	return unit_summary();
}
