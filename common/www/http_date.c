/* SPDX-License-Identifier: ISC */
/*
 * IMF-fixdate both ways (http_date.h). Days are converted to and from a
 * civil date with the era arithmetic of H. Hinnant's "chrono-compatible
 * low-level date algorithms" (public domain), which is exact for every
 * date after 1970 that 64-bit seconds can hold.
 */
#include <string.h>

#include "www/http_date.h"

static const char days[] = "ThuFriSatSunMonTueWed"; /* 1970-01-01: Thu */
static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

struct civil {
	uint64_t y;
	unsigned m, d; /* 1..12, 1..31 */
};

static struct civil civil_from_days(uint64_t z)
{
	uint64_t era, doe, yoe, doy, mp;
	struct civil c;

	z += 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	c.d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	c.m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	c.y = yoe + era * 400 + (c.m <= 2);
	return c;
}

/* Days since 1970-01-01 of a civil date at or after it. */
static uint64_t days_from_civil(uint64_t y, unsigned m, unsigned d)
{
	uint64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

void http_date_format(uint64_t t, char out[HTTP_DATE_LEN + 1])
{
	uint64_t d = t / 86400, s = t % 86400;
	struct civil c = civil_from_days(d);

	if (c.y > 9999) /* the format has four digits: the last date */
		c = (struct civil){9999, 12, 31}, s = 86399, d = 2932896;
	memcpy(out, days + d % 7 * 3, 3);
	memcpy(out + 3, ", ", 2);
	put2(out + 5, c.d);
	out[7] = ' ';
	memcpy(out + 8, months + (c.m - 1) * 3, 3);
	out[11] = ' ';
	put2(out + 12, (unsigned)(c.y / 100));
	put2(out + 14, (unsigned)(c.y % 100));
	out[16] = ' ';
	put2(out + 17, (unsigned)(s / 3600));
	out[19] = ':';
	put2(out + 20, (unsigned)(s / 60 % 60));
	out[22] = ':';
	put2(out + 23, (unsigned)(s % 60));
	memcpy(out + 25, " GMT", 5);
}

/* n decimal digits at s, or -1. */
static long digits(const char *s, int n)
{
	long v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The index of the 3-letter name at s in list (count names), or -1. */
static int name_index(const char *list, int count, const char *s)
{
	for (int i = 0; i < count; i++)
		if (memcmp(list + 3 * i, s, 3) == 0)
			return i;
	return -1;
}

int http_date_parse(const char *s, size_t len, uint64_t *t)
{
	long day, year, hh, mm, ss;
	int wday, mon;
	uint64_t d;

	if (len != HTTP_DATE_LEN || memcmp(s + 3, ", ", 2) != 0 ||
	    s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
	    s[22] != ':' || memcmp(s + 25, " GMT", 4) != 0)
		return -1;
	wday = name_index(days, 7, s);
	mon = name_index(months, 12, s + 8);
	day = digits(s + 5, 2);
	year = digits(s + 12, 4);
	hh = digits(s + 17, 2);
	mm = digits(s + 20, 2);
	ss = digits(s + 23, 2);
	if (wday < 0 || mon < 0 || day < 1 || year < 1970 || hh < 0 ||
	    hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
		return -1;
	d = days_from_civil((uint64_t)year, (unsigned)mon + 1, (unsigned)day);
	if (civil_from_days(d).d != (unsigned)day || (int)(d % 7) != wday)
		return -1; /* 31 Feb, or the wrong day name */
	*t = d * 86400 + (uint64_t)(hh * 3600 + mm * 60 + (ss > 59 ? 59 : ss));
	return 0;
}
