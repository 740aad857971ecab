/* SPDX-License-Identifier: ISC */
/*
 * The printf formatter core, a pure function: it hands the formatted text to
 * a sink in pieces and returns the length of the whole. It uses no libc
 * names, so native unit tests can link it next to the host's libc.
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #, width and
 * precision (also *), length modifiers hh h l ll z j t. No floating point.
 */
#ifndef UNI_LIB_FORMAT_H
#define UNI_LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives n bytes of output (not NUL-terminated). */
typedef void (*uni_format_sink)(void *ctx, const char *s, size_t n);

/* Format into sink; returns the number of bytes produced (INT_MAX at most). */
int uni_vformat(uni_format_sink sink, void *ctx, const char *fmt, va_list ap);

/*
 * Format into buf[0..size), always NUL-terminated when size > 0; returns the
 * length the whole text would have (as vsnprintf does).
 */
int uni_vsnformat(char *buf, size_t size, const char *fmt, va_list ap);
int uni_snformat(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(__printf__, 3, 4)));

#endif
