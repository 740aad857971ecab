/* SPDX-License-Identifier: ISC */
/*
 * A web tree compiled into the image (the "www-tree" data kind, www.root):
 * one struct uni_data_file per regular file, named by its URL path
 * ("/index.html", "/css/site.css"), sorted bytewise, content as it was.
 * Looking up a request-target is sans-I/O: the parse of the target, the
 * normalisation of its path and a binary search, so the HTTP server that
 * will use it and the native tests run the same code.
 *
 * Rules of www_lookup():
 *   - the target is origin-form ("/path?query", RFC 9112 3.2.1) or
 *     absolute-form with scheme http or https ("http://host/path"); the
 *     query is set aside, a fragment ('#') is refused;
 *   - the path is percent-decoded one segment at a time (RFC 3986 2.1):
 *     "%" must be followed by two hex digits; %00, an encoded '/', control
 *     characters and backslashes are refused; the decoded path must be
 *     UTF-8; raw bytes must be pchar (RFC 3986 3.3);
 *   - empty segments ("//") are collapsed and dot-segments removed (RFC
 *     3986 5.2.4, also when encoded as %2E); a ".." above the root is
 *     refused (WWW_ABOVE_ROOT), never clamped;
 *   - a path ending in '/' (or in "." or "..") names its index.html;
 *     "/dir" that is no file while "/dir/index.html" is one gives
 *     WWW_REDIRECT (to "/dir/", see www_location());
 *   - the media type comes from the file's extension (www/mime.h);
 *   - the ETag is strong, from the content (www/etag.h): www_lookup()
 *     computes it, in one pass over the file; www_resolve() does not, and
 *     the HTTP server takes the one the build wrote (www/index.h).
 */
#ifndef WWW_TREE_H
#define WWW_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "uni/data.h"
#include "www/etag.h"
#include "www/mime.h"
#include "www/name.h"

#define WWW_TARGET_MAX 8192 /* bytes of a request-target as received */

enum www_status {
	WWW_FOUND,	/* file, type and etag are set: 200 */
	WWW_REDIRECT,	/* a directory without its '/': 301, www_location() */
	WWW_NOT_FOUND,	/* 404 */
	WWW_BAD_TARGET, /* not a request-target this server takes: 400 */
	WWW_ABOVE_ROOT, /* a ".." climbs above "/": 400 */
	WWW_TOO_LONG,	/* longer than WWW_TARGET_MAX or WWW_PATH_MAX: 414 */
};

/* A request-target, parsed. */
struct www_target {
	char path[WWW_PATH_MAX + 1]; /* decoded, normalised, '/' at the end
					for a directory; NUL-terminated */
	size_t len;
	const char *query; /* after '?', in the caller's buffer; or NULL */
	size_t query_len;
};

struct www_result {
	enum www_status status;
	const struct uni_data_file *file; /* WWW_FOUND */
	const char *type;		  /* WWW_FOUND: the Content-Type */
	char etag[WWW_ETAG_SIZE];	  /* WWW_FOUND: with its quotes */
	const char *why; /* WWW_BAD_TARGET, _ABOVE_ROOT, _TOO_LONG: what */
	struct www_target target; /* the path looked up (unless refused) */
};

/*
 * Checks once, before the first lookup, that set is a web tree: every
 * name valid (www/name.h), names in strictly increasing byte order,
 * content present. 0, or -1 with *why and the index of the file in *at.
 */
int www_tree_check(const struct uni_data_set *set, const char **why,
		   uint64_t *at);

/*
 * Parses target[0..len) into t. WWW_FOUND when it is a path to look up
 * (whether a file is there is the lookup's business), else
 * WWW_BAD_TARGET, WWW_ABOVE_ROOT or WWW_TOO_LONG with *why.
 */
enum www_status www_target_parse(const char *target, size_t len,
				 struct www_target *t, const char **why);

/* Looks target[0..len) up in set (checked by www_tree_check()) into *r. */
enum www_status www_lookup(const struct uni_data_set *set, const char *target,
			   size_t len, struct www_result *r);

/*
 * www_lookup() without the ETag (r->etag is ""): the server's lookup,
 * which takes the ETag from the build's table instead of a pass over the
 * file.
 */
enum www_status www_resolve(const struct uni_data_set *set, const char *target,
			    size_t len, struct www_result *r);

/*
 * For WWW_REDIRECT: the Location, the path percent-encoded with '/' added
 * and the query kept, into out. Its length, or 0 when it does not fit.
 */
size_t www_location(const struct www_result *r, char *out, size_t size);

/* The file named exactly name[0..len) (a decoded URL path), or NULL. */
const struct uni_data_file *www_find(const struct uni_data_set *set,
				     const char *name, size_t len);

/* The strong ETag of f, with its quotes, NUL-terminated. */
void www_etag(const struct uni_data_file *f, char out[WWW_ETAG_SIZE]);

#endif
