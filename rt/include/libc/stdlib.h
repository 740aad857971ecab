/* SPDX-License-Identifier: ISC */
/* Heap, conversions and sorting of the library OS (rt/lib, rt/mm). */
#ifndef UNI_LIBC_STDLIB_H
#define UNI_LIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* NULL when the heap is exhausted (a message says so on the console). */
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);

long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
int atoi(const char *s);
int abs(int v);
long labs(long v);

void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *));

__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void abort(void);

#endif
