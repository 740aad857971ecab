/* SPDX-License-Identifier: ISC */
/*
 * The boot command line of a generic image, word by word: describe.c
 * writes the configuration into NAME.qemu.sh and NAME.xl.cfg with it, and
 * run.c appends the -D overrides of `unilink run IMAGE` with it, so both
 * encode a value the way the image's reader decodes it.
 */
#include <stdio.h>

#include "run/run.h"

/*
 * One word key=value of a boot command line, appended at out[*n]: bytes a
 * command line cannot carry inside a word (blanks, quotes, '%', control
 * and non-ASCII bytes) are written %XX, which rt/config/reader.c decodes.
 */
void unilink_cmdline_word(char *out, size_t size, size_t *n, const char *key,
			  const char *val)
{
	static const char hex[] = "0123456789ABCDEF";

	if (*n < size)
		*n +=
		    snprintf(out + *n, size - *n, "%s%s=", *n ? " " : "", key);
	for (const unsigned char *p = (const unsigned char *)val; *p; p++) {
		int plain = *p > ' ' && *p < 0x7f && *p != '%' && *p != '"' &&
			    *p != '\'' && *p != '\\';

		if (*n + 4 > size)
			break;
		if (plain) {
			out[(*n)++] = (char)*p;
		} else {
			out[(*n)++] = '%';
			out[(*n)++] = hex[*p >> 4];
			out[(*n)++] = hex[*p & 15];
		}
		out[*n] = '\0';
	}
}
