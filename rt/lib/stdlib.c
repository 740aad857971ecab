/* SPDX-License-Identifier: ISC */
/*
 * Number conversions (the strto* family, atoi), abs, and sorting and
 * searching (qsort is a heapsort: no recursion, no memory, O(n log n)),
 * and strdup/strndup, which allocate (string.c stays below malloc).
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int errno;

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Skips "0x"/"0X" when base is 16 or 0 and a hex digit follows; sets base. */
static const char *parse_prefix(const char *p, int *base)
{
	bool hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
		   digit_value(p[2]) < 16;

	if ((*base == 0 || *base == 16) && hex) {
		*base = 16;
		return p + 2;
	}
	if (*base == 0)
		*base = p[0] == '0' ? 8 : 10;
	return p;
}

struct parsed {
	unsigned long long mag; /* saturated at ULLONG_MAX */
	bool neg, overflow;
};

/*
 * The common part of strto*: whitespace, sign, prefix, digits. *end is s
 * when there are no digits (or the base is invalid).
 */
static struct parsed parse_number(const char *s, char **end, int base)
{
	struct parsed r = {0, false, false};
	const char *p = s, *digits;
	int d;

	if (end != NULL)
		*end = (char *)s;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		return r;
	}
	while (is_space(*p))
		p++;
	if (*p == '+' || *p == '-')
		r.neg = *p++ == '-';
	p = parse_prefix(p, &base);
	for (digits = p; (d = digit_value(*p)) < base; p++) {
		if (r.mag > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
			r.overflow = true;
		else
			r.mag = r.mag * (unsigned)base + (unsigned)d;
	}
	if (p == digits)
		return (struct parsed){0, false, false};
	if (end != NULL)
		*end = (char *)p;
	return r;
}

/* A signed result in [min, max]; out of range saturates with ERANGE. */
static long long to_signed(struct parsed r, long long min, long long max)
{
	unsigned long long lim =
	    r.neg ? (unsigned long long)max + 1 : (unsigned long long)max;

	if (r.overflow || r.mag > lim) {
		errno = ERANGE;
		return r.neg ? min : max;
	}
	return r.neg ? (long long)(0 - r.mag) : (long long)r.mag;
}

/* An unsigned result up to max; "-n" is negated as C requires. */
static unsigned long long to_unsigned(struct parsed r, unsigned long long max)
{
	if (r.overflow || r.mag > max) {
		errno = ERANGE;
		return max;
	}
	return r.neg ? (0 - r.mag) & max : r.mag;
}

long strtol(const char *s, char **end, int base)
{
	return (long)to_signed(parse_number(s, end, base), LONG_MIN, LONG_MAX);
}

long long strtoll(const char *s, char **end, int base)
{
	return to_signed(parse_number(s, end, base), LLONG_MIN, LLONG_MAX);
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return (unsigned long)to_unsigned(parse_number(s, end, base),
					  ULONG_MAX);
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	return to_unsigned(parse_number(s, end, base), ULLONG_MAX);
}

int atoi(const char *s)
{
	return (int)to_signed(parse_number(s, NULL, 10), INT_MIN, INT_MAX);
}

int abs(int v)
{
	return v < 0 ? -v : v;
}

long labs(long v)
{
	return v < 0 ? -v : v;
}

static void swap_bytes(char *a, char *b, size_t size)
{
	while (size-- > 0) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Move element i of the heap base[0..n) down to its place. */
static void sift_down(char *base, size_t i, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	size_t child;

	while ((child = 2 * i + 1) < n) {
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + i * size, base + child * size) >= 0)
			return;
		swap_bytes(base + i * size, base + child * size, size);
		i = child;
	}
}

void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *))
{
	char *b = base;
	size_t i;

	if (n < 2 || size == 0)
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(b, i, n, size, cmp);
	for (i = n - 1; i > 0; i--) {
		swap_bytes(b, b + i * size, size);
		sift_down(b, 0, i, size, cmp);
	}
}

void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *))
{
	const char *b = base;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp(key, b + mid * size);

		if (c == 0)
			return (void *)(b + mid * size);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = malloc(len + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *strdup(const char *s)
{
	return strndup(s, SIZE_MAX);
}
