/* SPDX-License-Identifier: ISC */
/*
 * The rules the build and the image share (common/www): UTF-8 per RFC 3629 with
 * the offset and kind of the first error, the names a web tree may hold,
 * and the media type by extension.
 */
#include <string.h>

#include "unit.h"
#include "www/mime.h"
#include "www/name.h"
#include "www/utf8.h"

UNIT_COUNTERS;

struct utf8_case {
	const char *bytes;
	size_t off, len; /* of the first error; len 0: valid */
	const char *what;
};

static const struct utf8_case utf8_cases[] = {
    {"plain ASCII\n", 0, 0, NULL},
    {"h\xc3\xa9llo \xe2\x82\xac \xf0\x9d\x84\x9e", 0, 0, NULL},
    {"\xef\xbb\xbf"
     "BOM",
     0, 0, NULL},
    {"\xf4\x8f\xbf\xbf", 0, 0, NULL}, /* U+10FFFF */
    {"\xed\x9f\xbf", 0, 0, NULL},     /* U+D7FF */
    {"ab\xc0\x80", 2, 1, "overlong"}, /* C0 never occurs */
    {"\xc1\xbf", 0, 1, "overlong"},
    {"x\xe0\x80\x80", 1, 2, "overlong"},
    {"\xf0\x8f\xbf\xbf", 0, 2, "overlong"},
    {"\xed\xa0\x80", 0, 2, "surrogate"},
    {"\xf4\x90\x80\x80", 0, 2, "above U+10FFFF"},
    {"\xf5\x80\x80\x80", 0, 1, "never occurs"},
    {"ok \xff", 3, 1, "never occurs"},
    {"\x80", 0, 1, "continuation byte"},
    {"abc\xe2\x82", 3, 2, "end"},
    {"\xe2\x28\xa1", 0, 2, "not 80-BF"},
    {"\xf0\x9d\x84", 0, 3, "end"},
    {"\xc3", 0, 1, "end"},
};

static void test_utf8(void)
{
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]);
	     i++) {
		const struct utf8_case *c = &utf8_cases[i];
		struct www_utf8_bad bad = {0};
		int rc = www_utf8_check((const uint8_t *)c->bytes,
					strlen(c->bytes), &bad);

		if (c->what == NULL) {
			CHECK(rc == 0, "case %zu: valid, got %s at %zu", i,
			      bad.what, bad.off);
			continue;
		}
		CHECK(rc == -1 && bad.off == c->off && bad.len == c->len &&
			  strstr(bad.what, c->what) != NULL,
		      "case %zu: expected %zu+%zu \"%s\", got rc %d %zu+%zu %s",
		      i, c->off, c->len, c->what, rc, bad.off, bad.len,
		      bad.what);
	}
}

struct name_case {
	const char *name;
	const char *why; /* NULL: valid */
};

static const struct name_case name_cases[] = {
    {"/index.html", NULL},
    {"/a/b/c.css", NULL},
    {"/a b/100%.txt", NULL},
    {"/caf\xc3\xa9.txt", NULL},
    {"/.well-known/security.txt", NULL},
    {"/...", NULL},
    {"/", "empty segment"},
    {"", "begin with '/'"},
    {"index.html", "begin with '/'"},
    {"//a", "empty segment"},
    {"/a/", "empty segment"},
    {"/./a", "\".\" or \"..\""},
    {"/a/..", "\".\" or \"..\""},
    {"/a\\b", "backslash"},
    {"/a\x01", "control"},
    {"/a\x7f", "control"},
    {"/\xff.html", "not UTF-8"},
};

static void test_names(void)
{
	char longname[WWW_PATH_MAX + 2];
	const char *why;

	for (size_t i = 0; i < sizeof(name_cases) / sizeof(name_cases[0]);
	     i++) {
		const struct name_case *c = &name_cases[i];
		int rc;

		why = "";
		rc = www_name_check(c->name, strlen(c->name), &why);
		if (c->why == NULL)
			CHECK(rc == 0, "%s: valid, got %s", c->name, why);
		else
			CHECK(rc == -1 && strstr(why, c->why) != NULL,
			      "%s: expected \"%s\", got %d %s", c->name, c->why,
			      rc, why);
	}
	memset(longname, 'a', sizeof(longname));
	longname[0] = '/';
	CHECK(www_name_check(longname, WWW_PATH_MAX, &why) == 0,
	      "a name of WWW_PATH_MAX bytes is valid: %s", why);
	CHECK(www_name_check(longname, WWW_PATH_MAX + 1, &why) == -1 &&
		  strstr(why, "longer") != NULL,
	      "a name of WWW_PATH_MAX + 1 bytes is not");
}

struct mime_case {
	const char *name;
	const char *type;
};

static const struct mime_case mime_cases[] = {
    {"/index.html", "text/html; charset=utf-8"},
    {"/INDEX.HTM", "text/html; charset=utf-8"},
    {"/a/site.css", "text/css; charset=utf-8"},
    {"/app.js", "text/javascript; charset=utf-8"},
    {"/mod.mjs", "text/javascript; charset=utf-8"},
    {"/d.json", "application/json; charset=utf-8"},
    {"/r.txt", "text/plain; charset=utf-8"},
    {"/i.svg", "image/svg+xml; charset=utf-8"},
    {"/f.xml", "application/xml; charset=utf-8"},
    {"/README.md", "text/markdown; charset=utf-8"},
    {"/t.csv", "text/csv; charset=utf-8"},
    {"/i.png", "image/png"},
    {"/i.jpg", "image/jpeg"},
    {"/i.JPEG", "image/jpeg"},
    {"/i.gif", "image/gif"},
    {"/i.webp", "image/webp"},
    {"/favicon.ico", "image/vnd.microsoft.icon"},
    {"/d.pdf", "application/pdf"},
    {"/m.wasm", "application/wasm"},
    {"/f.woff", "font/woff"},
    {"/f.woff2", "font/woff2"},
    {"/x.tar.gz", "application/octet-stream"},
    {"/noext", "application/octet-stream"},
    {"/.htaccess", "application/octet-stream"},
    {"/dir.html/file", "application/octet-stream"},
    {"/trailing.", "application/octet-stream"},
    {"/x.verylongextension", "application/octet-stream"},
};

static void test_mime(void)
{
	for (size_t i = 0; i < sizeof(mime_cases) / sizeof(mime_cases[0]);
	     i++) {
		const struct mime_case *c = &mime_cases[i];
		const char *t = www_mime_type(c->name, strlen(c->name));
		int utf8 = strstr(c->type, "charset=utf-8") != NULL;

		CHECK(strcmp(t, c->type) == 0, "%s: expected %s, got %s",
		      c->name, c->type, t);
		CHECK(www_mime_is_utf8(c->name, strlen(c->name)) == utf8,
		      "%s: utf8 %d", c->name, utf8);
	}
}

int main(void)
{
	test_utf8();
	test_names();
	test_mime();
	return unit_summary();
}
