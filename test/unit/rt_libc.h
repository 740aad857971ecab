/* SPDX-License-Identifier: ISC */
/*
 * The libc functions of rt/lib under test names. The unit tests compile
 * rt/lib/string.c, ctype.c and stdlib.c with each libc name defined to
 * uni_t_<name> (see CMakeLists.txt), so they link next to the host's libc,
 * which the tests use as the reference.
 */
#ifndef UNI_TEST_RT_LIBC_H
#define UNI_TEST_RT_LIBC_H

#include <stddef.h>

void *uni_t_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *uni_t_memmove(void *dst, const void *src, size_t n);
void *uni_t_memset(void *dst, int c, size_t n);
int uni_t_memcmp(const void *a, const void *b, size_t n);
void *uni_t_memchr(const void *s, int c, size_t n);
size_t uni_t_strlen(const char *s);
size_t uni_t_strnlen(const char *s, size_t max);
int uni_t_strcmp(const char *a, const char *b);
int uni_t_strncmp(const char *a, const char *b, size_t n);
int uni_t_strcasecmp(const char *a, const char *b);
int uni_t_strncasecmp(const char *a, const char *b, size_t n);
char *uni_t_strchr(const char *s, int c);
char *uni_t_strrchr(const char *s, int c);
char *uni_t_strstr(const char *haystack, const char *needle);
size_t uni_t_strlcpy(char *dst, const char *src, size_t size);
size_t uni_t_strlcat(char *dst, const char *src, size_t size);
size_t uni_t_strspn(const char *s, const char *accept);
size_t uni_t_strcspn(const char *s, const char *reject);
char *uni_t_strdup(const char *s);
char *uni_t_strndup(const char *s, size_t n);

int uni_t_isalnum(int c);
int uni_t_isalpha(int c);
int uni_t_isdigit(int c);
int uni_t_isxdigit(int c);
int uni_t_isspace(int c);
int uni_t_isupper(int c);
int uni_t_islower(int c);
int uni_t_isprint(int c);
int uni_t_isgraph(int c);
int uni_t_ispunct(int c);
int uni_t_iscntrl(int c);
int uni_t_toupper(int c);
int uni_t_tolower(int c);

long uni_t_strtol(const char *s, char **end, int base);
unsigned long uni_t_strtoul(const char *s, char **end, int base);
long long uni_t_strtoll(const char *s, char **end, int base);
unsigned long long uni_t_strtoull(const char *s, char **end, int base);
int uni_t_atoi(const char *s);
int uni_t_abs(int v);
long uni_t_labs(long v);
void uni_t_qsort(void *base, size_t n, size_t size,
		 int (*cmp)(const void *, const void *));
void *uni_t_bsearch(const void *key, const void *base, size_t n, size_t size,
		    int (*cmp)(const void *, const void *));
extern int uni_t_errno;

#endif
