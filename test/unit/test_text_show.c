/* SPDX-License-Identifier: ISC */
/*
 * uni_text_show (common/text.c), how the command and the passes show a
 * value of a file or of the command line in a message: what passes as it
 * is, what is escaped, and where and how a long value is cut.
 */
#include <string.h>

#include "unit.h"

UNIT_COUNTERS;

static char out[UNI_TEXT_SHOW_SIZE(64)];

static void shows(const char *in, size_t len, size_t max, const char *want)
{
	uni_text_show(out, in, len, max);
	CHECK(strcmp(out, want) == 0, "'%s' shown as '%s', expected '%s'", in,
	      out, want);
}

int main(void)
{
	shows("net0.ipv4", 9, 64, "net0.ipv4");
	/* C0 controls, DEL, the backslash */
	shows("\x1b[31mred", 8, 64, "\\x1b[31mred");
	shows("a\tb\nc\rd\x7f", 8, 64, "a\\tb\\nc\\rd\\x7f");
	shows("a\\x", 3, 64, "a\\\\x");
	shows("a\0b", 3, 64, "a\\x00b");
	/* UTF-8 as it is; C1 controls, bidi controls and bad bytes escaped */
	shows("caf\xc3\xa9 \xe2\x82\xac", 9, 64, "caf\xc3\xa9 \xe2\x82\xac");
	shows("\xc2\x9b"
	      "2J",
	      4, 64, "\\xc2\\x9b2J");
	shows("x\xe2\x80\xaey", 5, 64, "x\\xe2\\x80\\xaey");
	shows("\xc3(", 2, 64, "\\xc3(");
	shows("\xed\xa0\x80", 3, 64, "\\xed\\xa0\\x80"); /* a surrogate */
	shows("\xe0\x80\xaf", 3, 64, "\\xe0\\x80\\xaf"); /* overlong */
	shows("\xf4\x90\x80\x80", 4, 64, "\\xf4\\x90\\x80\\x80"); /* > 10FFFF */
	/* cut after max bytes of the input, never inside a character */
	shows("abcdefgh", 8, 4, "abcd...(cut at 4 of 8 bytes)");
	shows("abc\xc3\xa9z", 6, 4, "abc...(cut at 3 of 6 bytes)");
	shows("abcd", 4, 4, "abcd");
	/* the longest output fits UNI_TEXT_SHOW_SIZE */
	{
		char in[200];

		memset(in, 0x1b, sizeof(in));
		uni_text_show(out, in, sizeof(in), 64);
		CHECK(strlen(out) < sizeof(out), "%zu bytes", strlen(out));
	}
	/* a message line keeps its backslashes (values were shown before) */
	uni_text_show_line(out, "\\x1b and \x1b", 10, 64);
	CHECK(strcmp(out, "\\x1b and \\x1b") == 0, "'%s'", out);
	return unit_summary();
}
