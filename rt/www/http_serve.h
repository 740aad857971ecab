/* SPDX-License-Identifier: ISC */
/*
 * What to answer to a well-formed request (http_parse.h) from a web tree
 * (tree.h): the file, or a redirect, or an error; then the conditionals
 * (RFC 9110 13), the range (RFC 9110 14) and the gzip sibling. Pure: the
 * reply points into the tree and into the caller's location buffer.
 *
 * Rules (docs/www.md, "The HTTP server"):
 *   - methods: GET and HEAD; another is a 405 with Allow: GET, HEAD;
 *   - the target as www_lookup() takes it: 400 (bad, or ".." above the
 *     root), 414 (too long), 404, 301 to the directory with its '/';
 *   - gzip: when the client accepts gzip and NAME has a gzip variant (the
 *     build's, www/index.h, or else a NAME.gz beside it), its bytes are sent
 * with Content-Encoding: gzip, its own ETag and NAME's Content-Type; both
 * variants then carry Vary: Accept-Encoding;
 *   - If-None-Match ("*" or a list of entity-tags, compared weakly, RFC
 *     9110 13.1.2) decides when present; otherwise If-Modified-Since,
 *     when the reply has a Last-Modified and the date reads as an
 *     IMF-fixdate; a match is a 304 with the validators;
 *   - Range on GET only, and only when If-Range (if any) is the ETag
 *     (strong comparison) or the Last-Modified date exactly: one range
 *     "bytes=a-b", "bytes=a-" or "bytes=-n" is a 206; a range that starts
 *     at or past the end (or "-0") is a 416 with "bytes * /length"; a
 *     range field that does not parse, or holds several ranges, is
 *     ignored and the whole file sent (200; nginx sends multipart for
 *     several, which this server does not do).
 */
#ifndef WWW_HTTP_SERVE_H
#define WWW_HTTP_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "www/http_parse.h"
#include "www/http_response.h"
#include "www/index.h"
#include "www/tree.h"

/*
 * Fills *r for req from site (checked by www_tree_check()); files get
 * last_modified (seconds since 1970, or -1 for none). location is where
 * a 301's Location is written (HTTP_LOCATION_MAX + 1 bytes). Connection
 * fields (close, keep_alive) are the caller's.
 */
void http_serve(const struct uni_data_set *site, const struct http_request *req,
		int64_t last_modified, struct http_reply *r,
		char location[HTTP_LOCATION_MAX + 1]);

/*
 * http_serve() with the build's table of site (www/index.h): ETags,
 * Last-Modified per file (last_modified is then unused), gzip variants
 * and the 200 heads come from it, so a reply costs a lookup and, for a
 * 200, a copy of its head. index NULL: the table of www.root when the
 * image has one (uni_www_index_www_root); a table that is not site's (its
 * set and count differ) is not used: then ETags are computed per request
 * and only NAME.gz files are variants. http_serve() is http_serve_index()
 * with index NULL.
 */
void http_serve_index(const struct uni_data_set *site,
		      const struct www_index *index,
		      const struct http_request *req, int64_t last_modified,
		      struct http_reply *r,
		      char location[HTTP_LOCATION_MAX + 1]);

/* Whether the If-None-Match value s[0..len) matches etag (weakly). */
int http_etag_match(const char *s, size_t len, const char *etag);

#endif
