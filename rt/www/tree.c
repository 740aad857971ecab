/* SPDX-License-Identifier: ISC */
/*
 * Lookups in a web tree (rules in www/tree.h): the set is checked once by
 * www_tree_check(); after that a lookup is a parse of the target and one
 * or two binary searches over the sorted names.
 */
#include <string.h>

#include "www/tree.h"

#define INDEX_NAME "index.html"

int www_tree_check(const struct uni_data_set *set, const char **why,
		   uint64_t *at)
{
	const struct uni_data_file *f = set->files;

	for (*at = 0; *at < set->count; (*at)++) {
		if (f[*at].name == NULL) {
			*why = "a file without a name";
			return -1;
		}
		if (www_name_check(f[*at].name, strlen(f[*at].name), why) != 0)
			return -1;
		if (*at > 0 && strcmp(f[*at - 1].name, f[*at].name) >= 0) {
			*why = "names not in strictly increasing byte order";
			return -1;
		}
		if (f[*at].data == NULL && f[*at].size > 0) {
			*why = "a file without its content";
			return -1;
		}
	}
	return 0;
}

/* key[0..n) (no NUL in it) against the name, bytewise like strcmp. */
static int compare(const char *key, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char a = (unsigned char)key[i];
		unsigned char b = (unsigned char)name[i];

		if (b == '\0' || a != b)
			return b == '\0' ? 1 : a - b;
	}
	return name[n] == '\0' ? 0 : -1;
}

static const struct uni_data_file *find(const struct uni_data_set *set,
					const char *key, size_t n)
{
	uint64_t lo = 0, hi = set->count;

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		int c = compare(key, n, set->files[mid].name);

		if (c == 0)
			return &set->files[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct uni_data_file *www_find(const struct uni_data_set *set,
				     const char *name, size_t len)
{
	return memchr(name, '\0', len) == NULL ? find(set, name, len) : NULL;
}

/* path[0..n) followed by suffix, in key; NULL when it cannot be a name. */
static const struct uni_data_file *find_with(const struct uni_data_set *set,
					     const char *path, size_t n,
					     const char *suffix)
{
	char key[WWW_PATH_MAX + 1];
	size_t s = strlen(suffix);

	if (n + s > WWW_PATH_MAX)
		return NULL;
	memcpy(key, path, n);
	memcpy(key + n, suffix, s);
	return find(set, key, n + s);
}

static void found(struct www_result *r, const struct uni_data_file *f)
{
	r->status = WWW_FOUND;
	r->file = f;
	r->type = www_mime_type(f->name, strlen(f->name));
}

enum www_status www_lookup(const struct uni_data_set *set, const char *target,
			   size_t len, struct www_result *r)
{
	if (www_resolve(set, target, len, r) == WWW_FOUND)
		www_etag(r->file, r->etag);
	return r->status;
}

enum www_status www_resolve(const struct uni_data_set *set, const char *target,
			    size_t len, struct www_result *r)
{
	const struct www_target *t = &r->target;
	const struct uni_data_file *f;

	memset(r, 0, sizeof(*r));
	r->status = www_target_parse(target, len, &r->target, &r->why);
	if (r->status != WWW_FOUND)
		return r->status;
	r->status = WWW_NOT_FOUND;
	if (t->path[t->len - 1] == '/') {
		f = find_with(set, t->path, t->len, INDEX_NAME);
		if (f != NULL)
			found(r, f);
	} else if ((f = find(set, t->path, t->len)) != NULL) {
		found(r, f);
	} else if (find_with(set, t->path, t->len, "/" INDEX_NAME) != NULL) {
		r->status = WWW_REDIRECT;
	}
	return r->status;
}

/* A byte that stands for itself in a Location path. */
static int keeps(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("-._~!$&'()*+,;=:@/", c) != NULL);
}

size_t www_location(const struct www_result *r, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	const struct www_target *t = &r->target;
	size_t n = 0;

	if (r->status != WWW_REDIRECT)
		return 0;
	for (size_t i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->path[i];

		if (n + 3 >= size)
			return 0;
		if (keeps(c)) {
			out[n++] = (char)c;
			continue;
		}
		out[n++] = '%';
		out[n++] = hex[c >> 4];
		out[n++] = hex[c & 15];
	}
	if (n + 2 + t->query_len >= size)
		return 0;
	out[n++] = '/';
	if (t->query_len > 0) {
		out[n++] = '?';
		memcpy(out + n, t->query, t->query_len);
		n += t->query_len;
	}
	out[n] = '\0';
	return n;
}

void www_etag(const struct uni_data_file *f, char out[WWW_ETAG_SIZE])
{
	www_etag_of(f->data, f->size, out);
}
