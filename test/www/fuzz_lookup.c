/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: www_lookup() on any bytes as a request-target, over a
 * small tree. Whatever it is given, the lookup must not crash and its
 * answer must keep the rules: a found file is one of the tree's; a path
 * that was looked up begins with '/', holds no "//" and no "." or ".."
 * segment, and is UTF-8; a redirect's Location fits a buffer of 4 times
 * the target and ends in '/' before any query.
 */
#include <stdlib.h>
#include <string.h>

#include "www/tree.h"
#include "www/utf8.h"

static const struct uni_data_file files[] = {
    {"/a b.txt", (const uint8_t *)"x", 1},
    {"/caf\xc3\xa9.html", (const uint8_t *)"<p>", 3},
    {"/docs/index.html", (const uint8_t *)"docs", 4},
    {"/img/logo.png", (const uint8_t *)"\x89PNG", 4},
    {"/index.html", (const uint8_t *)"home", 4},
};
static const struct uni_data_set set = {files, 5};

static void check_path(const struct www_target *t)
{
	struct www_utf8_bad bad;
	const char *p = t->path;

	if (t->len == 0 || p[0] != '/' || strlen(p) != t->len ||
	    strstr(p, "//") != NULL || strstr(p, "/./") != NULL ||
	    strstr(p, "/../") != NULL ||
	    www_utf8_check((const uint8_t *)p, t->len, &bad) != 0)
		abort();
	if ((t->len >= 2 && strcmp(p + t->len - 2, "/.") == 0) ||
	    (t->len >= 3 && strcmp(p + t->len - 3, "/..") == 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct www_result r;
	static char loc[4 * WWW_TARGET_MAX + 8];
	enum www_status s = www_lookup(&set, (const char *)data, size, &r);
	size_t n;

	if (s == WWW_FOUND && (r.file < files || r.file >= files + 5))
		abort();
	if (s == WWW_FOUND || s == WWW_REDIRECT || s == WWW_NOT_FOUND)
		check_path(&r.target);
	if (s == WWW_REDIRECT) {
		n = www_location(&r, loc, sizeof(loc));
		if (n == 0 || loc[0] != '/' ||
		    loc[strcspn(loc, "?") - 1] != '/')
			abort();
	}
	return 0;
}
