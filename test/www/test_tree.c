/* SPDX-License-Identifier: ISC */
/*
 * www_lookup() on golden cases, one per rule of rt/www/tree.h: the forms of
 * a request-target, the query, percent-decoding and what it refuses, "//",
 * dot-segments and climbing above the root, index.html and the redirect of
 * a directory without its '/', lengths at and past the limits, the media
 * type and the ETag; and www_tree_check() on tables that break the rules.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "www/tree.h"

UNIT_COUNTERS;

static char longest[WWW_PATH_MAX + 1]; /* "/zzz...", WWW_PATH_MAX bytes */

static const char *const names[] = {
    "/.well-known/security.txt",
    "/100%.txt",
    "/a b.html",
    "/caf\xc3\xa9.txt",
    "/css/site.css",
    "/docs/index.html",
    "/docs/page.html",
    "/docs/sub/index.html",
    "/img/logo.png",
    "/index.html",
    "/my dir/index.html",
    "/q",
    longest,
};

#define NFILES (sizeof(names) / sizeof(names[0]))

static struct uni_data_file files[NFILES];
static const struct uni_data_set set = {files, NFILES};

/* Each file's content is its own name. */
static void make_set(void)
{
	memset(longest, 'z', WWW_PATH_MAX);
	longest[0] = '/';
	for (size_t i = 0; i < NFILES; i++) {
		files[i].name = names[i];
		files[i].data = (const uint8_t *)names[i];
		files[i].size = strlen(names[i]);
	}
}

struct lookup_case {
	const char *target;
	enum www_status status;
	const char *name; /* FOUND: the file; REDIRECT: the Location */
	const char *type; /* FOUND: the type, when the case checks it */
};

static const struct lookup_case cases[] = {
    /* origin-form, the query, index.html */
    {"/", WWW_FOUND, "/index.html", "text/html; charset=utf-8"},
    {"/index.html", WWW_FOUND, "/index.html", NULL},
    {"/?x=1&y=/../..", WWW_FOUND, "/index.html", NULL},
    {"/?", WWW_FOUND, "/index.html", NULL},
    {"/docs/", WWW_FOUND, "/docs/index.html", NULL},
    {"/docs/page.html", WWW_FOUND, "/docs/page.html", NULL},
    {"/img/logo.png", WWW_FOUND, "/img/logo.png", "image/png"},
    {"/css/site.css", WWW_FOUND, "/css/site.css", "text/css; charset=utf-8"},
    {"/.well-known/security.txt", WWW_FOUND, "/.well-known/security.txt",
     "text/plain; charset=utf-8"},
    {"/q", WWW_FOUND, "/q", "application/octet-stream"},
    {"/q?a=%zz", WWW_FOUND, "/q", NULL}, /* the query is not decoded */
    /* a directory without its '/' */
    {"/docs", WWW_REDIRECT, "/docs/", NULL},
    {"/docs?a=b", WWW_REDIRECT, "/docs/?a=b", NULL},
    {"/docs/sub", WWW_REDIRECT, "/docs/sub/", NULL},
    {"/docs/./sub", WWW_REDIRECT, "/docs/sub/", NULL},
    {"/my%20dir", WWW_REDIRECT, "/my%20dir/", NULL},
    {"/img", WWW_NOT_FOUND, NULL, NULL}, /* no index.html */
    {"/img/", WWW_NOT_FOUND, NULL, NULL},
    {"/index.html/", WWW_NOT_FOUND, NULL, NULL},
    {"/nothere", WWW_NOT_FOUND, NULL, NULL},
    {"/index.htm", WWW_NOT_FOUND, NULL, NULL},
    {"/img/logo.PNG", WWW_NOT_FOUND, NULL, NULL}, /* names keep case */
    {"/css", WWW_NOT_FOUND, NULL, NULL},
    /* "//" and dot-segments */
    {"//css///site.css", WWW_FOUND, "/css/site.css", NULL},
    {"/css/./site.css", WWW_FOUND, "/css/site.css", NULL},
    {"/docs/../css/site.css", WWW_FOUND, "/css/site.css", NULL},
    {"/docs/%2e%2E/css/site.css", WWW_FOUND, "/css/site.css", NULL},
    {"/docs/..", WWW_FOUND, "/index.html", NULL},
    {"/docs/.", WWW_FOUND, "/docs/index.html", NULL},
    {"/docs/sub/..", WWW_FOUND, "/docs/index.html", NULL},
    {"/docs/...", WWW_NOT_FOUND, NULL, NULL},
    {"/..", WWW_ABOVE_ROOT, NULL, NULL},
    {"/../index.html", WWW_ABOVE_ROOT, NULL, NULL},
    {"/docs/../../index.html", WWW_ABOVE_ROOT, NULL, NULL},
    {"/%2e%2e/index.html", WWW_ABOVE_ROOT, NULL, NULL},
    {"/.%2E/etc/passwd", WWW_ABOVE_ROOT, NULL, NULL},
    {"//../index.html", WWW_ABOVE_ROOT, NULL, NULL},
    /* percent-decoding */
    {"/a%20b.html", WWW_FOUND, "/a b.html", "text/html; charset=utf-8"},
    {"/100%25.txt", WWW_FOUND, "/100%.txt", NULL},
    {"/caf%C3%A9.txt", WWW_FOUND, "/caf\xc3\xa9.txt", NULL},
    {"/caf%c3%a9.txt", WWW_FOUND, "/caf\xc3\xa9.txt", NULL},
    {"/%63ss/site%2Ecss", WWW_FOUND, "/css/site.css", NULL},
    {"/caf%C3.txt", WWW_BAD_TARGET, "not UTF-8", NULL},
    {"/caf\xc3\xa9.txt", WWW_BAD_TARGET, "not percent-encoded", NULL},
    {"/a b.html", WWW_BAD_TARGET, "must be percent-encoded", NULL},
    {"/%zz", WWW_BAD_TARGET, "two hex digits", NULL},
    {"/%4", WWW_BAD_TARGET, "two hex digits", NULL},
    {"/%", WWW_BAD_TARGET, "two hex digits", NULL},
    {"/a%00b", WWW_BAD_TARGET, "NUL", NULL},
    {"/a%0ab", WWW_BAD_TARGET, "control", NULL},
    {"/docs%2Fpage.html", WWW_BAD_TARGET, "%2F", NULL},
    {"/a%5cb", WWW_BAD_TARGET, "backslash", NULL},
    {"/a\\b", WWW_BAD_TARGET, "must be percent-encoded", NULL},
    {"/<script>", WWW_BAD_TARGET, "must be percent-encoded", NULL},
    /* the forms of a request-target */
    {"/index.html#top", WWW_BAD_TARGET, "fragment", NULL},
    {"*", WWW_BAD_TARGET, "beginning with '/'", NULL},
    {"", WWW_BAD_TARGET, "beginning with '/'", NULL},
    {"index.html", WWW_BAD_TARGET, "beginning with '/'", NULL},
    {"example.com:80", WWW_BAD_TARGET, "beginning with '/'", NULL},
    {"ftp://example.com/", WWW_BAD_TARGET, "beginning with '/'", NULL},
    {"http://example.com/css/site.css", WWW_FOUND, "/css/site.css", NULL},
    {"HTTPS://example.com:8443", WWW_FOUND, "/index.html", NULL},
    {"http://[2001:db8::1]?q", WWW_FOUND, "/index.html", NULL},
    {"http://example.com/docs", WWW_REDIRECT, "/docs/", NULL},
    {"http:///index.html", WWW_BAD_TARGET, "without a host", NULL},
    {"http://exa mple.com/", WWW_BAD_TARGET, "authority", NULL},
    {"/q?a b", WWW_BAD_TARGET, "query", NULL},
    {"/q?a\x7f", WWW_BAD_TARGET, "query", NULL},
};

static void check_case(const struct lookup_case *c)
{
	struct www_result r;
	char loc[256];
	enum www_status s = www_lookup(&set, c->target, strlen(c->target), &r);

	CHECK(s == c->status && r.status == s,
	      "%s: expected status %d, got %d (%s)", c->target, c->status, s,
	      r.why ? r.why : "");
	if (s != c->status)
		return;
	switch (s) {
	case WWW_FOUND:
		CHECK(strcmp(r.file->name, c->name) == 0 &&
			  r.file->size == strlen(c->name) &&
			  memcmp(r.file->data, c->name, r.file->size) == 0,
		      "%s: expected %s, got %s", c->target, c->name,
		      r.file->name);
		if (c->type != NULL)
			CHECK(strcmp(r.type, c->type) == 0,
			      "%s: expected type %s, got %s", c->target,
			      c->type, r.type);
		CHECK(strlen(r.etag) > 19 && r.etag[0] == '"' &&
			  r.etag[strlen(r.etag) - 1] == '"' &&
			  r.etag[strlen(r.etag) - 18] == '-',
		      "%s: etag %s", c->target, r.etag);
		break;
	case WWW_REDIRECT:
		CHECK(www_location(&r, loc, sizeof(loc)) == strlen(c->name) &&
			  strcmp(loc, c->name) == 0,
		      "%s: expected Location %s, got %s", c->target, c->name,
		      loc);
		break;
	case WWW_BAD_TARGET:
		CHECK(strstr(r.why, c->name) != NULL,
		      "%s: expected a reason with \"%s\", got \"%s\"",
		      c->target, c->name, r.why);
		break;
	default:
		CHECK(c->name == NULL, "%s", c->target);
		break;
	}
}

/* A target of n bytes: "/" then n - 1 copies of fill. */
static char *target_of(size_t n, char fill)
{
	char *t = malloc(n + 1);

	memset(t, fill, n);
	t[0] = '/';
	t[n] = '\0';
	return t;
}

static enum www_status lookup(const char *t, size_t n, struct www_result *r)
{
	return www_lookup(&set, t, n, r);
}

static void test_lengths(void)
{
	static struct www_result r;
	char *t = target_of(WWW_PATH_MAX, 'z');
	char *u;

	CHECK(lookup(t, WWW_PATH_MAX, &r) == WWW_FOUND &&
		  r.file == &files[NFILES - 1],
	      "a path of WWW_PATH_MAX bytes is found");
	CHECK(lookup(t, WWW_PATH_MAX - 1, &r) == WWW_NOT_FOUND,
	      "one byte less: not found");
	free(t);
	t = target_of(WWW_PATH_MAX + 1, 'z');
	CHECK(lookup(t, WWW_PATH_MAX + 1, &r) == WWW_TOO_LONG,
	      "a path of WWW_PATH_MAX + 1 bytes is too long");
	t[WWW_PATH_MAX] = '/';
	CHECK(lookup(t, WWW_PATH_MAX + 1, &r) == WWW_TOO_LONG,
	      "a directory of WWW_PATH_MAX bytes and its '/' is too long");
	t[WWW_PATH_MAX - 1] = '/'; /* "/zzz.../": no room for index.html */
	CHECK(lookup(t, WWW_PATH_MAX, &r) == WWW_NOT_FOUND,
	      "\"/zzz.../\" of WWW_PATH_MAX bytes: no index.html");
	free(t);
	/* "/aaa.../../index.html": long on the way, short at the end */
	u = target_of(WWW_PATH_MAX + 16, 'a');
	memcpy(u + WWW_PATH_MAX - 100, "/../index.html", 14);
	CHECK(lookup(u, WWW_PATH_MAX - 86, &r) == WWW_FOUND,
	      "a long segment taken back by \"..\"");
	free(u);
	t = target_of(WWW_TARGET_MAX + 1, '/');
	CHECK(lookup(t, WWW_TARGET_MAX, &r) == WWW_FOUND,
	      "a target of WWW_TARGET_MAX slashes is \"/\"");
	CHECK(lookup(t, WWW_TARGET_MAX + 1, &r) == WWW_TOO_LONG,
	      "a target of WWW_TARGET_MAX + 1 bytes is too long");
	free(t);
	CHECK(lookup("/index.html\0x", 13, &r) == WWW_BAD_TARGET,
	      "a NUL inside the target is refused");
}

/* FNV-1a 64 test vectors (the FNV authors' list): "a", "foobar". */
static void test_etag(void)
{
	struct uni_data_file a = {"/a", (const uint8_t *)"a", 1};
	struct uni_data_file foobar = {"/f", (const uint8_t *)"foobar", 6};
	struct uni_data_file empty = {"/e", (const uint8_t *)"", 0};
	struct uni_data_file other = {"/o", (const uint8_t *)"foobaz", 6};
	char e[WWW_ETAG_SIZE], o[WWW_ETAG_SIZE];

	www_etag(&a, e);
	CHECK(strcmp(e, "\"1-af63dc4c8601ec8c\"") == 0, "%s", e);
	www_etag(&foobar, e);
	CHECK(strcmp(e, "\"6-85944171f73967e8\"") == 0, "%s", e);
	www_etag(&empty, e);
	CHECK(strcmp(e, "\"0-cbf29ce484222325\"") == 0, "%s", e);
	www_etag(&other, o);
	CHECK(strcmp(e, o) != 0, "another content, another ETag");
}

static void test_location_fits(void)
{
	struct www_result r;
	char loc[16];

	CHECK(lookup("/my%20dir?abcdefgh", 18, &r) == WWW_REDIRECT,
	      "a redirect");
	CHECK(www_location(&r, loc, sizeof(loc)) == 0,
	      "a Location that does not fit gives 0");
	CHECK(www_location(&r, loc, 11) == 0, "no room for the NUL");
	lookup("/my%20dir", 9, &r);
	CHECK(www_location(&r, loc, 12) == 10 && !strcmp(loc, "/my%20dir/"),
	      "an exact fit: %s", loc);
	lookup("/", 1, &r);
	CHECK(www_location(&r, loc, sizeof(loc)) == 0,
	      "no Location unless a redirect");
}

struct bad_table {
	const char *names[3];
	uint64_t at;
	const char *why;
};

static const struct bad_table bad_tables[] = {
    {{"/b", "/a", NULL}, 1, "increasing"},
    {{"/a", "/a", NULL}, 1, "increasing"},
    {{"/a", "b", NULL}, 1, "begin with '/'"},
    {{"/a", "/b//c", NULL}, 1, "empty segment"},
    {{"/a/./b", NULL, NULL}, 0, "\".\""},
    {{"/a\\b", NULL, NULL}, 0, "backslash"},
};

static void test_tree_check(void)
{
	const char *why = NULL;
	uint64_t at = 99;

	CHECK(www_tree_check(&set, &why, &at) == 0,
	      "the golden set: %s at %llu", why, (unsigned long long)at);
	for (size_t i = 0; i < sizeof(bad_tables) / sizeof(bad_tables[0]);
	     i++) {
		const struct bad_table *b = &bad_tables[i];
		struct uni_data_file f[3] = {{0}};
		struct uni_data_set s = {f, 0};

		for (; b->names[s.count] != NULL; s.count++)
			f[s.count].name = b->names[s.count];
		why = "";
		CHECK(www_tree_check(&s, &why, &at) == -1 && at == b->at &&
			  strstr(why, b->why) != NULL,
		      "table %zu: expected \"%s\" at %llu, got \"%s\" at %llu",
		      i, b->why, (unsigned long long)b->at, why,
		      (unsigned long long)at);
	}
}

int main(void)
{
	make_set();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
	test_lengths();
	test_etag();
	test_location_fits();
	test_tree_check();
	return unit_summary();
}
