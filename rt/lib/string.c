/* SPDX-License-Identifier: ISC */
/*
 * The freestanding string functions of the library OS. memcpy, memmove,
 * memset and memcmp are marked used, because code generation calls them by
 * itself after whole-program internalization; they are also no_builtin so
 * that clang does not recognise their loops as calls to themselves.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"

#define MEM_FN __attribute__((used, no_builtin))

MEM_FN void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n >= sizeof(uint64_t)) {
		uint64_t w;

		__builtin_memcpy_inline(&w, s, sizeof(w));
		__builtin_memcpy_inline(d, &w, sizeof(w));
		d += sizeof(w);
		s += sizeof(w);
		n -= sizeof(w);
	}
	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

MEM_FN void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dst, src, n);
	/* dst overlaps the end of src: copy backwards. */
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

MEM_FN void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t w = (unsigned char)c * 0x0101010101010101ULL;

	while (n >= sizeof(w)) {
		__builtin_memcpy_inline(d, &w, sizeof(w));
		d += sizeof(w);
		n -= sizeof(w);
	}
	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

MEM_FN int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const void *)a, *y = (const void *)b;

	while (*x != '\0' && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const void *)a, *y = (const void *)b;
	size_t i;

	for (i = 0; i < n; i++) {
		if (x[i] != y[i] || x[i] == '\0')
			return x[i] - y[i];
	}
	return 0;
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const void *)a, *y = (const void *)b;
	size_t i;
	int d;

	for (i = 0; i < n; i++) {
		d = uni_ascii_lower(x[i]) - uni_ascii_lower(y[i]);
		if (d != 0 || x[i] == '\0')
			return d;
	}
	return 0;
}

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, SIZE_MAX);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack != '\0' || n == 0; haystack++) {
		if (strncmp(haystack, needle, n) == 0)
			return (char *)haystack;
	}
	return NULL;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t used = strnlen(dst, size);

	if (used == size)
		return size + strlen(src);
	return used + strlcpy(dst + used, src, size - used);
}

static bool in_set(char c, const char *set)
{
	for (; *set != '\0'; set++)
		if (*set == c)
			return true;
	return false;
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] != '\0' && in_set(s[n], accept))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] != '\0' && !in_set(s[n], reject))
		n++;
	return n;
}
