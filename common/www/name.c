/* SPDX-License-Identifier: ISC */
/*
 * The rule for names of files in a web tree (www/name.h), checked one
 * segment at a time.
 */
#include <stdint.h>

#include "www/name.h"
#include "www/utf8.h"

static int is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* One segment, seg[0..n): 0, or -1 with *why. */
static int segment_check(const char *seg, size_t n, const char **why)
{
	if (n == 0)
		*why = "an empty segment (\"//\" or a trailing '/')";
	else if ((n == 1 && seg[0] == '.') ||
		 (n == 2 && seg[0] == '.' && seg[1] == '.'))
		*why = "a \".\" or \"..\" segment";
	else
		return 0;
	return -1;
}

/* Bytes that no name may hold: 0, or -1 with *why. */
static int bytes_check(const char *name, size_t len, const char **why)
{
	struct www_utf8_bad bad;

	for (size_t i = 0; i < len; i++) {
		if (is_control((unsigned char)name[i])) {
			*why = "a control character";
			return -1;
		}
		if (name[i] == '\\') {
			*why = "a backslash";
			return -1;
		}
	}
	if (www_utf8_check((const uint8_t *)name, len, &bad) != 0) {
		*why = "bytes that are not UTF-8";
		return -1;
	}
	return 0;
}

int www_name_check(const char *name, size_t len, const char **why)
{
	size_t start = 1;

	if (len == 0 || name[0] != '/') {
		*why = "a name that does not begin with '/'";
		return -1;
	}
	if (len > WWW_PATH_MAX) {
		*why = "a name longer than WWW_PATH_MAX (1024) bytes";
		return -1;
	}
	if (bytes_check(name, len, why) != 0)
		return -1;
	for (size_t i = 1; i <= len; i++) {
		if (i < len && name[i] != '/')
			continue;
		if (segment_check(name + start, i - start, why) != 0)
			return -1;
		start = i + 1;
	}
	return 0;
}
