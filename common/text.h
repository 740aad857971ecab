/* SPDX-License-Identifier: ISC */
/*
 * ASCII text helpers shared by the image and the host tools: hex digits,
 * letter case, a counted text against a word, a MAC address. Pure code
 * without libc or locale, so a byte means the same on both sides; a byte
 * above 0x7F is never a letter or a digit. The one-line helpers are inline
 * (each caller gets the few instructions it needs); the MAC parser and
 * the display of untrusted text are in text.c.
 */
#ifndef UNI_COMMON_TEXT_H
#define UNI_COMMON_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The value of a hex digit (0-9, a-f, A-F), or -1 when c is not one. */
static inline int uni_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* c with 'A'-'Z' turned into 'a'-'z'; any other value unchanged. */
static inline int uni_ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether t[0..len) is exactly the NUL-terminated word. */
static inline bool uni_text_is(const char *t, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (word[i] == '\0' || word[i] != t[i])
			return false;
	return word[len] == '\0';
}

/* The same ignoring the letter case of t (word is written in lower case). */
static inline bool uni_text_is_nocase(const char *t, size_t len,
				      const char *word)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (word[i] == '\0' || word[i] != uni_ascii_lower(t[i]))
			return false;
	return word[len] == '\0';
}

/*
 * Six two-digit hex bytes (either case) in t[0..len), separated by one
 * character of seps used throughout ("00:16:3e:01:02:03" with seps ":";
 * with ":-" also IEEE 802's "00-16-3E-01-02-03"). Returns 0, or -1 when
 * t is not such a MAC address (out may then be partly written).
 */
int uni_mac_parse(const char *t, size_t len, const char *seps, uint8_t out[6]);

/*
 * s[0..len), untrusted, as text that is safe to print in a message to a
 * terminal: printable ASCII and UTF-8 characters from U+00A0 as they are
 * (but for the bidirectional controls U+202A-U+202E, U+2066-U+2069 and the
 * separators U+2028, U+2029); a backslash as "\\"; tab, line feed and
 * carriage return as \t, \n, \r; every other byte (the C0 and C1 control
 * characters, DEL, bytes that are not UTF-8) as \xHH. At most max bytes of
 * s are shown (never half a character); a longer s is cut and ends with
 * "...(cut at M of N bytes)". out has UNI_TEXT_SHOW_SIZE(max) bytes (at
 * least) and is NUL-terminated; the result is out.
 */
#define UNI_TEXT_SHOW_SIZE(max) (4 * (size_t)(max) + 64)
char *uni_text_show(char *out, const char *s, size_t len, size_t max);
/*
 * The same for a whole message whose values were shown already: a
 * backslash stays one, so that a value's escapes are not escaped twice.
 */
char *uni_text_show_line(char *out, const char *s, size_t len, size_t max);

#endif
