/* SPDX-License-Identifier: ISC */
/*
 * The extension table (the IANA media types registry; text/javascript per
 * RFC 9239, font/woff and font/woff2 per RFC 8081). Text types carry
 * charset=utf-8, which the build makes true by refusing content that is
 * not UTF-8.
 */
#include "www/mime.h"

#include "common/text.h"

#define OCTET_STREAM "application/octet-stream"
#define EXT_MAX 8

struct mime {
	const char *ext;
	const char *type;
};

static const struct mime table[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"svg", "image/svg+xml; charset=utf-8"},
    {"xml", "application/xml; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/vnd.microsoft.icon"},
    {"pdf", "application/pdf"},
    {"wasm", "application/wasm"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
};

/* The extension of the last segment, lower-cased into ext; its length or 0. */
static size_t extension(const char *name, size_t len, char ext[EXT_MAX])
{
	size_t dot = len, n;

	while (dot > 0 && name[dot - 1] != '.' && name[dot - 1] != '/')
		dot--;
	/* no dot, or a dot that begins the segment (".profile") */
	if (dot < 2 || name[dot - 1] != '.' || name[dot - 2] == '/')
		return 0;
	n = len - dot;
	if (n == 0 || n > EXT_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		ext[i] = (char)uni_ascii_lower(name[dot + i]);
	return n;
}

static size_t strlen_(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

const char *www_mime_type(const char *name, size_t len)
{
	char ext[EXT_MAX];
	size_t n = extension(name, len, ext);

	if (n == 0)
		return OCTET_STREAM;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (uni_text_is(ext, n, table[i].ext))
			return table[i].type;
	return OCTET_STREAM;
}

int www_mime_is_utf8(const char *name, size_t len)
{
	const char *type = www_mime_type(name, len);
	static const char param[] = "; charset=utf-8";
	size_t n = strlen_(type), p = sizeof(param) - 1;

	return n > p && uni_text_is(type + n - p, p, param);
}

int www_mime_is_compressible(const char *name, size_t len)
{
	const char *type = www_mime_type(name, len);

	/* The text types, and the binary ones that are not compressed
	   already: WebAssembly modules and icons (bitmaps). */
	return www_mime_is_utf8(name, len) ||
	       uni_text_is(type, strlen_(type), "application/wasm") ||
	       uni_text_is(type, strlen_(type), "image/vnd.microsoft.icon");
}
