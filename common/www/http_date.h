/* SPDX-License-Identifier: ISC */
/*
 * HTTP dates (RFC 9110 5.6.7): IMF-fixdate written from seconds since the
 * Unix epoch, "Sun, 06 Nov 1994 08:49:37 GMT", and read back. Pure
 * arithmetic on the proleptic Gregorian calendar, no clock.
 */
#ifndef WWW_HTTP_DATE_H
#define WWW_HTTP_DATE_H

#include <stddef.h>
#include <stdint.h>

#define HTTP_DATE_LEN 29 /* the length of an IMF-fixdate */

/* Writes the IMF-fixdate of t (seconds since 1970) and a NUL into out. */
void http_date_format(uint64_t t, char out[HTTP_DATE_LEN + 1]);

/*
 * Reads an IMF-fixdate (exactly HTTP_DATE_LEN bytes, the day name
 * checked against the date) into *t. 0, or -1 when s[0..len) is not one;
 * a recipient ignores a date it cannot read (RFC 9110 13.1.3), so the
 * obsolete RFC 850 and asctime forms are refused here and thus ignored.
 */
int http_date_parse(const char *s, size_t len, uint64_t *t);

#endif
