/* SPDX-License-Identifier: ISC */
/*
 * The web tree of www.root (site/ beside www-tree.conf) in the image built
 * by `unilink build`: the set must pass www_tree_check() and hold exactly
 * the files of site/ that are served (not .hidden), and each request-target
 * below must give its status, and for a file its name, size, media type
 * and CRC-32 (IEEE, computed here; the expected values are zlib's on the
 * files), for a redirect its Location.
 */
#include <stdio.h>
#include <string.h>

#include "uni/test.h"
#include "www/tree.h"

UNI_DATA_EXTERN(www, root);

static const char *const served[] = {
    "/.well-known/security.txt",
    "/a b.txt",
    "/css/site.css",
    "/data/blob.bin",
    "/docs/guide/intro.html",
    "/docs/index.html",
    "/img/pixel.png",
    "/index.html",
    "/latest.html",
};

struct want {
	const char *target;
	enum www_status status;
	const char *name; /* FOUND: the file; REDIRECT: the Location */
	uint64_t size;
	const char *type;
	uint32_t crc;
};

#define HTML "text/html; charset=utf-8"

static const struct want wants[] = {
    {"/", WWW_FOUND, "/index.html", 265, HTML, 0x0d0fbc4f},
    {"/index.html?lang=fr", WWW_FOUND, "/index.html", 265, HTML, 0x0d0fbc4f},
    {"/css/site.css", WWW_FOUND, "/css/site.css", 68, "text/css; charset=utf-8",
     0x98f403e9},
    {"/docs/", WWW_FOUND, "/docs/index.html", 80, HTML, 0x1e24ebb9},
    {"/docs/guide/intro.html", WWW_FOUND, "/docs/guide/intro.html", 93, HTML,
     0xf2834167},
    {"/latest.html", WWW_FOUND, "/latest.html", 93, HTML, 0xf2834167},
    {"/img/pixel.png", WWW_FOUND, "/img/pixel.png", 70, "image/png",
     0x771561f7},
    {"/data/blob.bin", WWW_FOUND, "/data/blob.bin", 512,
     "application/octet-stream", 0xe08eaee8},
    {"/a%20b.txt", WWW_FOUND, "/a b.txt", 20, "text/plain; charset=utf-8",
     0xf40a67b1},
    {"/.well-known/security.txt", WWW_FOUND, "/.well-known/security.txt", 67,
     "text/plain; charset=utf-8", 0x15b2df60},
    {"//docs//guide/./../guide/intro.html", WWW_FOUND, "/docs/guide/intro.html",
     93, HTML, 0xf2834167},
    {"/docs", WWW_REDIRECT, "/docs/", 0, NULL, 0},
    {"/docs?x=1", WWW_REDIRECT, "/docs/?x=1", 0, NULL, 0},
    {"/docs/guide", WWW_NOT_FOUND, NULL, 0, NULL, 0}, /* no index.html */
    {"/.hidden", WWW_NOT_FOUND, NULL, 0, NULL, 0},
    {"/img", WWW_NOT_FOUND, NULL, 0, NULL, 0},
    {"/nothere.html", WWW_NOT_FOUND, NULL, 0, NULL, 0},
    {"/../etc/passwd", WWW_ABOVE_ROOT, NULL, 0, NULL, 0},
    {"/docs/%2e%2e/%2E%2E/index.html", WWW_ABOVE_ROOT, NULL, 0, NULL, 0},
    {"/%zz", WWW_BAD_TARGET, NULL, 0, NULL, 0},
    {"/a b.txt", WWW_BAD_TARGET, NULL, 0, NULL, 0},
};

static const char *const status_names[] = {
    "found", "redirect", "not found", "bad target", "above root", "too long",
};

static uint32_t crc32(const uint8_t *p, uint64_t n)
{
	uint32_t c = 0xffffffffu;

	for (uint64_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

static void check_set(const struct uni_data_set *set)
{
	const char *why = "";
	uint64_t at = 0;
	size_t n = sizeof(served) / sizeof(served[0]);

	if (www_tree_check(set, &why, &at) != 0)
		test_fail("www_tree_check: %s at file %u", why, (unsigned)at);
	if (set->count != n)
		test_fail("expected %u files, found %u", (unsigned)n,
			  (unsigned)set->count);
	for (size_t i = 0; i < n && i < set->count; i++)
		if (strcmp(set->files[i].name, served[i]) != 0)
			test_fail("file %u: expected %s, found %s", (unsigned)i,
				  served[i], set->files[i].name);
	printf("www-tree: %u files\n", (unsigned)set->count);
}

static void check_found(const struct want *w, const struct www_result *r)
{
	uint32_t crc = crc32(r->file->data, r->file->size);

	printf("www-tree: %s -> %s %u %s crc32=%08x etag=%s\n", w->target,
	       r->file->name, (unsigned)r->file->size, r->type, (unsigned)crc,
	       r->etag);
	if (strcmp(r->file->name, w->name) || r->file->size != w->size ||
	    strcmp(r->type, w->type) || crc != w->crc)
		test_fail("%s: expected %s %u %s %08x", w->target, w->name,
			  (unsigned)w->size, w->type, (unsigned)w->crc);
}

static void check_one(const struct uni_data_set *set, const struct want *w)
{
	static struct www_result r;
	char loc[128];
	enum www_status s = www_lookup(set, w->target, strlen(w->target), &r);

	if (s != w->status) {
		test_fail("%s: expected %s, got %s (%s)", w->target,
			  status_names[w->status], status_names[s],
			  r.why != NULL ? r.why : "");
		return;
	}
	if (s == WWW_FOUND) {
		check_found(w, &r);
		return;
	}
	if (s == WWW_REDIRECT) {
		www_location(&r, loc, sizeof(loc));
		printf("www-tree: %s -> redirect %s\n", w->target, loc);
		if (strcmp(loc, w->name) != 0)
			test_fail("%s: expected Location %s", w->target,
				  w->name);
		return;
	}
	printf("www-tree: %s -> %s%s%s\n", w->target, status_names[s],
	       r.why != NULL ? ": " : "", r.why != NULL ? r.why : "");
}

void test_main(void)
{
	const struct uni_data_set *set = &UNI_DATA_VAR(www, root);

	check_set(set);
	for (size_t i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
		check_one(set, &wants[i]);
	printf("www-tree: %u lookups checked\n",
	       (unsigned)(sizeof(wants) / sizeof(wants[0])));
}
