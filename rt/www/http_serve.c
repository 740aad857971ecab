/* SPDX-License-Identifier: ISC */
/*
 * The choice of a reply (rules in http_serve.h).
 *
 * Algorithm: refuse other methods; look the target up; pick the gzip
 * variant when there is one and the client takes it; set the validators;
 * answer 304 when a condition says the client has it; else take a single
 * satisfiable range (206), refuse an unsatisfiable one (416), or send it
 * all (200).
 */
#include <string.h>

#include "www/http_date.h"
#include "www/http_serve.h"

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* The next entity-tag of a list at s[*at..len), without W/: its opaque
   part with quotes in *tag. 0 at the end, or when it does not parse. */
static int next_etag(const char *s, size_t len, size_t *at,
		     struct http_str *tag)
{
	size_t i = *at, q;

	while (i < len && (is_ows(s[i]) || s[i] == ','))
		i++;
	if (i + 1 < len && s[i] == 'W' && s[i + 1] == '/')
		i += 2;
	if (i >= len || s[i] != '"')
		return 0;
	for (q = i + 1; q < len && s[q] != '"'; q++)
		;
	if (q == len)
		return 0;
	tag->p = s + i;
	tag->len = q + 1 - i;
	*at = q + 1;
	return 1;
}

int http_etag_match(const char *s, size_t len, const char *etag)
{
	size_t at = 0, n = strlen(etag);
	struct http_str tag;

	while (len > 0 && is_ows(s[len - 1]))
		len--;
	if (len == 1 && s[0] == '*')
		return 1;
	while (next_etag(s, len, &at, &tag))
		if (tag.len == n && memcmp(tag.p, etag, n) == 0)
			return 1;
	return 0;
}

/* Decimal digits at s[*i..), saturating; -1 when there are none. */
static int number(const char *s, size_t len, size_t *i, uint64_t *v)
{
	size_t start = *i;

	for (*v = 0; *i < len && s[*i] >= '0' && s[*i] <= '9'; (*i)++) {
		uint64_t d = (uint64_t)(s[*i] - '0');

		*v = *v > (UINT64_MAX - d) / 10 ? UINT64_MAX : *v * 10 + d;
	}
	return *i > start ? 0 : -1;
}

enum range { RANGE_NONE, RANGE_ONE, RANGE_UNSATISFIABLE };

/* A Range value (RFC 9110 14.1.2) over length bytes: one range in
   [*first, *first + *count), or none (ignored), or unsatisfiable. */
static enum range parse_range(struct http_str v, uint64_t length,
			      uint64_t *first, uint64_t *count)
{
	const char *s = v.p;
	size_t len = v.len, i = 6;
	uint64_t a, b = UINT64_MAX;

	if (len < 7 || strncasecmp(s, "bytes=", 6) != 0)
		return RANGE_NONE;
	if (s[i] == '-') {
		i++;
		if (number(s, len, &i, &a) != 0 || i != len)
			return RANGE_NONE;
		if (a == 0 || length == 0)
			return RANGE_UNSATISFIABLE;
		*first = a < length ? length - a : 0;
		*count = length - *first;
		return RANGE_ONE;
	}
	if (number(s, len, &i, &a) != 0 || i == len || s[i++] != '-')
		return RANGE_NONE;
	if (i < len && number(s, len, &i, &b) != 0)
		return RANGE_NONE;
	if (i != len || b < a)
		return RANGE_NONE; /* several ranges, or not a range */
	if (a >= length)
		return RANGE_UNSATISFIABLE;
	*first = a;
	*count = (b < length - 1 ? b : length - 1) - a + 1;
	return RANGE_ONE;
}

/* If-Range (RFC 9110 13.1.5): the ETag, strongly, or the date exactly. */
static int if_range_holds(struct http_str v, const struct http_reply *r)
{
	uint64_t t;

	if (v.p == NULL)
		return 1;
	if (v.len > 0 && v.p[0] == '"')
		return v.len == strlen(r->etag) &&
		       memcmp(v.p, r->etag, v.len) == 0;
	return r->last_modified >= 0 && http_date_parse(v.p, v.len, &t) == 0 &&
	       t == (uint64_t)r->last_modified;
}

/* RFC 9110 13.2.2 steps 3 and 4, for GET and HEAD. */
static int not_modified(const struct http_request *req,
			const struct http_reply *r)
{
	uint64_t t;

	if (req->if_none_match.p != NULL)
		return http_etag_match(req->if_none_match.p,
				       req->if_none_match.len, r->etag);
	return req->if_modified_since.p != NULL && r->last_modified >= 0 &&
	       http_date_parse(req->if_modified_since.p,
			       req->if_modified_since.len, &t) == 0 &&
	       (uint64_t)r->last_modified <= t;
}

/* The file (or its gzip sibling) as a 200, before conditions, from what
   the build wrote: no pass over the file, the head already made. */
static void indexed_reply(const struct uni_data_set *site,
			  const struct www_index *index,
			  const struct http_request *req,
			  const struct www_result *w, struct http_reply *r)
{
	const struct uni_data_file *f = w->file;
	const struct www_file_info *fi = &index->files[f - site->files];
	int gz = fi->gz != NULL && req->gzip;

	http_reply_file(r, f->name, gz ? fi->gz : f->data,
			gz ? fi->gz_size : f->size, gz ? fi->gz_etag : fi->etag,
			fi->last_modified, gz, fi->gz != NULL);
	r->memo = gz ? fi->gz_head : fi->head;
	r->memo_len = gz ? fi->gz_head_len : fi->head_len;
	r->memo_split = gz ? fi->gz_head_split : fi->head_split;
}

/* The same without the build's table: the ETag from a pass over the file,
   the gzip variant only as a NAME.gz of the tree. */
static void file_reply(const struct uni_data_set *site,
		       const struct http_request *req,
		       const struct www_result *w, int64_t last_modified,
		       struct http_reply *r)
{
	const struct uni_data_file *f = w->file, *gz;
	char name[WWW_PATH_MAX + 4], etag[WWW_ETAG_SIZE];
	size_t n = strlen(f->name);
	int zip;

	memcpy(name, f->name, n);
	memcpy(name + n, ".gz", 3);
	gz = n <= WWW_PATH_MAX ? www_find(site, name, n + 3) : NULL;
	zip = gz != NULL && req->gzip;
	if (zip)
		www_etag(gz, etag);
	else
		www_etag(f, etag);
	http_reply_file(r, f->name, zip ? gz->data : f->data,
			zip ? gz->size : f->size, etag, last_modified, zip,
			gz != NULL);
}

/* Conditions, then the range. */
static void select_part(const struct http_request *req, struct http_reply *r)
{
	uint64_t first, count;

	if (not_modified(req, r)) {
		r->memo = NULL;
		r->status = 304;
		/* Representation metadata other than the validators and Vary
		   is not sent (RFC 9110 15.4.5): no Content-Type, no
		   Content-Encoding. */
		r->type = NULL;
		r->encoding = NULL;
		r->ranges = 0;
		r->body = NULL;
		r->count = 0;
		return;
	}
	if (req->method != HTTP_GET || req->range.p == NULL ||
	    !if_range_holds(req->if_range, r))
		return;
	switch (parse_range(req->range, r->length, &first, &count)) {
	case RANGE_NONE:
		return;
	case RANGE_UNSATISFIABLE:
		first = r->length; /* for "bytes * /length" */
		http_reply_error(r, 416);
		r->length = first;
		r->ranges = 1;
		return;
	case RANGE_ONE:
		r->memo = NULL;
		r->status = 206;
		r->body += first;
		r->first = first;
		r->count = count;
		return;
	}
}

void http_serve(const struct uni_data_set *site, const struct http_request *req,
		int64_t last_modified, struct http_reply *r,
		char location[HTTP_LOCATION_MAX + 1])
{
	http_serve_index(site, NULL, req, last_modified, r, location);
}

/*
 * The table of www.root: the www-tree kind defines it beside
 * uni_data_www_root in every image that declares the key. A weak
 * reference, so that the server built without the build's data (the
 * native tests, the fuzz targets) has none rather than a link error.
 */
extern const struct www_index WWW_INDEX_VAR(www, root) __attribute__((weak));

/* The table to serve site with: index, else www.root's; when it is the
   table of site (its set and count), else NULL. */
static const struct www_index *table_of(const struct uni_data_set *site,
					const struct www_index *index)
{
	if (index == NULL)
		index = &WWW_INDEX_VAR(www, root); /* NULL when there is none */
	if (index == NULL || index->set != site || index->count != site->count)
		return NULL;
	return index;
}

void http_serve_index(const struct uni_data_set *site,
		      const struct www_index *index,
		      const struct http_request *req, int64_t last_modified,
		      struct http_reply *r,
		      char location[HTTP_LOCATION_MAX + 1])
{
	static const unsigned lookup_status[] = {
	    [WWW_FOUND] = 200,	    [WWW_REDIRECT] = 301,
	    [WWW_NOT_FOUND] = 404,  [WWW_BAD_TARGET] = 400,
	    [WWW_ABOVE_ROOT] = 400, [WWW_TOO_LONG] = 414,
	};
	struct www_result w;
	enum www_status s;

	if (req->method == HTTP_OTHER) {
		http_reply_error(r, 405);
		r->allow = 1;
		return;
	}
	index = table_of(site, index);
	s = www_resolve(site, req->target.p, req->target.len, &w);
	if (s == WWW_FOUND) {
		if (index != NULL)
			indexed_reply(site, index, req, &w, r);
		else
			file_reply(site, req, &w, last_modified, r);
		select_part(req, r);
	} else if (s == WWW_REDIRECT &&
		   www_location(&w, location, HTTP_LOCATION_MAX + 1) > 0) {
		http_reply_error(r, 301);
		r->location = location;
	} else {
		http_reply_error(r, s == WWW_REDIRECT ? 414 : lookup_status[s]);
	}
	r->head = req->method == HTTP_HEAD;
}
