/* SPDX-License-Identifier: ISC */
/*
 * The MAC address parser of text.h, compiled into the image (the config
 * reader, netfront) and into the host tools (the config-fold pass) alike;
 * and the display of untrusted text in a message (uni_text_show: the
 * command's and the passes' messages), which an image may use for its
 * console too. No libc: the image's libc and the host's may both link
 * next to it.
 */
#include "common/text.h"

static bool is_one_of(char c, const char *set)
{
	for (; *set != '\0'; set++)
		if (*set == c)
			return true;
	return false;
}

int uni_mac_parse(const char *t, size_t len, const char *seps, uint8_t out[6])
{
	int i, hi, lo;

	if (len != 17 || !is_one_of(t[2], seps))
		return -1;
	for (i = 0; i < 6; i++) {
		if (i > 0 && t[3 * i - 1] != t[2])
			return -1;
		hi = uni_hex_digit(t[3 * i]);
		lo = uni_hex_digit(t[3 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* Appends the decimal v at out[*n]. */
static void put_decimal(char *out, size_t *n, size_t v)
{
	char digits[24];
	int k = 0;

	do
		digits[k++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (k > 0)
		out[(*n)++] = digits[--k];
}

static void put_text(char *out, size_t *n, const char *t)
{
	while (*t != '\0')
		out[(*n)++] = *t++;
}

static void put_hex_byte(char *out, size_t *n, uint8_t b)
{
	static const char hex[] = "0123456789abcdef";

	put_text(out, n, "\\x");
	out[(*n)++] = hex[b >> 4];
	out[(*n)++] = hex[b & 15];
}

static bool is_cont(uint8_t b)
{
	return (b & 0xc0) == 0x80;
}

/*
 * The length of the UTF-8 character at s[0..len) (RFC 3629: no overlong
 * form, no surrogate, nothing above U+10FFFF) when it is one to show as it
 * is, or 0.
 */
static size_t shown_utf8(const uint8_t *s, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07u;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (!is_cont(s[i]))
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp < 0xa0 || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return n;
}

/* One ASCII byte: as it is, or escaped. */
static void put_ascii(char *out, size_t *n, uint8_t b)
{
	if (b == '\\')
		put_text(out, n, "\\\\");
	else if (b == '\t')
		put_text(out, n, "\\t");
	else if (b == '\n')
		put_text(out, n, "\\n");
	else if (b == '\r')
		put_text(out, n, "\\r");
	else if (b < 0x20 || b == 0x7f)
		put_hex_byte(out, n, b);
	else
		out[(*n)++] = (char)b;
}

static char *show(char *out, const char *s, size_t len, size_t max,
		  bool backslash)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, n = 0, u;

	while (i < len) {
		u = p[i] < 0x80 ? 1 : shown_utf8(p + i, len - i);
		if (i + (u ? u : 1) > max)
			break;
		if (u > 1) {
			for (size_t k = 0; k < u; k++)
				out[n++] = (char)p[i + k];
			i += u;
		} else if (u == 1 && (backslash || p[i] != '\\')) {
			put_ascii(out, &n, p[i++]);
		} else if (u == 1) {
			out[n++] = (char)p[i++];
		} else {
			put_hex_byte(out, &n, p[i++]);
		}
	}
	if (i < len) {
		put_text(out, &n, "...(cut at ");
		put_decimal(out, &n, i);
		put_text(out, &n, " of ");
		put_decimal(out, &n, len);
		put_text(out, &n, " bytes)");
	}
	out[n] = '\0';
	return out;
}

char *uni_text_show(char *out, const char *s, size_t len, size_t max)
{
	return show(out, s, len, max, true);
}

char *uni_text_show_line(char *out, const char *s, size_t len, size_t max)
{
	return show(out, s, len, max, false);
}
