/* SPDX-License-Identifier: ISC */
/*
 * Reading an ar archive (the GNU/System V format llvm-ar writes): the magic
 * "!<arch>\n", then per member a 60-byte header (name, dates, ids, mode,
 * decimal size, "`\n") and the data, padded to an even offset. The symbol
 * tables ("/", "/SYM64/") are skipped; long names come from the "//"
 * member. The archive is untrusted input: every size is checked against
 * the bytes that remain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitcode/bitcode.h"

#define AR_MAGIC "!<arch>\n"
#define AR_HDR 60

struct ar_cursor {
	const char *data;
	size_t len, off;
	const char *longnames;
	size_t longlen;
	const char *path;
};

static int bad(const struct ar_cursor *c, const char *what)
{
	unilink_error("%s: malformed archive at offset %zu: %s", c->path,
		      c->off, what);
	return -1;
}

/* The decimal size field of a header, or -1. */
static long field_size(const char *h)
{
	char buf[11];
	char *end;
	long n;

	memcpy(buf, h + 48, 10);
	buf[10] = '\0';
	n = strtol(buf, &end, 10);
	return end == buf || n < 0 ? -1 : n;
}

/* The member's name: "foo.o/" or "/123" (an offset into "//"). */
static void member_name(const struct ar_cursor *c, const char *h, char *out,
			size_t size)
{
	size_t n = 0;

	if (h[0] == '/' && h[1] >= '0' && h[1] <= '9' && c->longnames) {
		size_t at = strtoul(h + 1, NULL, 10);

		while (at + n < c->longlen && c->longnames[at + n] != '/' &&
		       c->longnames[at + n] != '\n' && n + 1 < size) {
			out[n] = c->longnames[at + n];
			n++;
		}
	} else {
		while (n < 16 && n + 1 < size && h[n] != '/' && h[n] != ' ') {
			out[n] = h[n];
			n++;
		}
	}
	out[n] = '\0';
}

static int is_symtab(const char *h)
{
	return !memcmp(h, "/               ", 16) ||
	       !memcmp(h, "/SYM64/         ", 16) || !memcmp(h, "__.SYMDEF", 9);
}

int unilink_ar_each(const char *data, size_t len, const char *path,
		    int (*fn)(void *ctx, const struct ar_member *m), void *ctx)
{
	struct ar_cursor c = {data, len, 8, NULL, 0, path};
	char name[256];

	if (len < 8 || memcmp(data, AR_MAGIC, 8) != 0)
		return c.off = 0, bad(&c, "no \"!<arch>\" magic");
	while (c.off + AR_HDR <= len) {
		const char *h = data + c.off;
		long size = field_size(h);
		struct ar_member m;

		if (memcmp(h + 58, "`\n", 2) != 0)
			return bad(&c, "header does not end in \"`\\n\"");
		if (size < 0 || (size_t)size > len - c.off - AR_HDR)
			return bad(&c, "member size beyond the end");
		if (!memcmp(h, "//              ", 16)) {
			c.longnames = h + AR_HDR;
			c.longlen = size;
		} else if (!is_symtab(h)) {
			member_name(&c, h, name, sizeof(name));
			m.name = name;
			m.data = h + AR_HDR;
			m.size = size;
			if (fn(ctx, &m) < 0)
				return -1;
		}
		c.off += AR_HDR + size + (size & 1);
	}
	return 0;
}
