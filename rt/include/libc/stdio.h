/* SPDX-License-Identifier: ISC */
/*
 * The printf family of the library OS. Output goes to the console
 * (uni/console.h). Supported conversions: %d %i %u %x %X %o %c %s %p %%,
 * with flags - 0 + space #, width and precision (also *), and the length
 * modifiers hh h l ll z j t. No floating point.
 */
#ifndef UNI_LIBC_STDIO_H
#define UNI_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int puts(const char *s);
int putchar(int c);

#endif
