/* SPDX-License-Identifier: ISC */
/*
 * The UTF-8 check (RFC 3629 section 4): a character is one of
 *   00-7F | C2-DF tail | E0 A0-BF tail | E1-EC tail tail | ED 80-9F tail
 *   | EE-EF tail tail | F0 90-BF tail tail | F1-F3 tail tail tail
 *   | F4 80-8F tail tail               with tail = 80-BF.
 * Each lead byte fixes the sequence length and the range of the second
 * byte; everything else names the first rule it breaks.
 */
#include "www/utf8.h"

static int is_tail(uint8_t b)
{
	return b >= 0x80 && b <= 0xbf;
}

/* The length of the sequence lead starts, or 0 with *what set. */
static size_t lead_length(uint8_t lead, const char **what)
{
	if (lead < 0x80)
		return 1;
	if (lead < 0xc0)
		*what = "a continuation byte where a character should start";
	else if (lead < 0xc2)
		*what = "an overlong encoding";
	else if (lead < 0xe0)
		return 2;
	else if (lead < 0xf0)
		return 3;
	else if (lead < 0xf5)
		return 4;
	else
		*what = "a byte that never occurs in UTF-8";
	return 0;
}

/* The allowed range of the byte after lead (RFC 3629's special cases). */
static int second_ok(uint8_t lead, uint8_t b, const char **what)
{
	if (lead == 0xe0 && b < 0xa0)
		*what = "an overlong encoding";
	else if (lead == 0xed && b > 0x9f)
		*what = "a UTF-16 surrogate (U+D800 to U+DFFF)";
	else if (lead == 0xf0 && b < 0x90)
		*what = "an overlong encoding";
	else if (lead == 0xf4 && b > 0x8f)
		*what = "a code point above U+10FFFF";
	else
		return 1;
	return 0;
}

/* The bytes of the character at p[0..avail), or 0 with *what and *bad_len. */
static size_t char_length(const uint8_t *p, size_t avail, const char **what,
			  size_t *bad_len)
{
	size_t n = lead_length(p[0], what);

	*bad_len = 1;
	if (n <= 1)
		return n;
	for (size_t i = 1; i < n; i++) {
		if (i >= avail) {
			*what = "a sequence cut short by the end";
			*bad_len = i;
			return 0;
		}
		if (!is_tail(p[i])) {
			*what = "a sequence cut short (a byte that is not "
				"80-BF inside it)";
			*bad_len = i + 1;
			return 0;
		}
		if (i == 1 && !second_ok(p[0], p[1], what)) {
			*bad_len = 2;
			return 0;
		}
	}
	return n;
}

int www_utf8_check(const uint8_t *p, size_t len, struct www_utf8_bad *bad)
{
	size_t off = 0, n, bad_len;
	const char *what = "";

	while (off < len) {
		if (p[off] < 0x80) { /* the common case, one byte at a time */
			off++;
			continue;
		}
		n = char_length(p + off, len - off, &what, &bad_len);
		if (n == 0) {
			bad->off = off;
			bad->len = bad_len;
			bad->what = what;
			return -1;
		}
		off += n;
	}
	return 0;
}
