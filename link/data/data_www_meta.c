/* SPDX-License-Identifier: ISC */
/*
 * The www-tree kind's table (www/index.h), made once at build time from
 * the files read and sorted by data_www.c, so that the server does no
 * per-request work the build can do:
 *   - validators: the strong ETag of each file (www/etag.h), and its
 *     Last-Modified, the file's mtime (a link's target's), clamped to
 *     SOURCE_DATE_EPOCH when that is set (the reproducible-builds
 *     convention: a file newer than the epoch is dated at it); a
 *     malformed SOURCE_DATE_EPOCH fails the build;
 *   - gzip variants: NAME.gz of the tree when there is one (whatever
 *     www.gzip says); else, with www.gzip, one made with zlib
 *     (data_www_gzip.c) for a compressible type (www/mime.h) of at least
 *     www.gzip_min_size bytes, kept when it is at most 95% of the file;
 *     the variants made count towards the 64 MiB of the tree;
 *   - the 200 head of each file and of its variant, by the code that
 *     writes every head (www/http_response.h), with a stub Date.
 */
#include <stdlib.h>
#include <string.h>

#include "config/value.h"
#include "data/data.h"
#include "www/http_response.h"
#include "www/index.h"
#include "www/mime.h"

/* SOURCE_DATE_EPOCH: *epoch, or -1 when unset or empty; -1 after a
   message when it is not a number of seconds. */
static int source_date_epoch(int64_t *epoch)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	int64_t v = 0;

	*epoch = -1;
	if (s == NULL || *s == '\0')
		return 0;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10) {
			unilink_error("SOURCE_DATE_EPOCH: expected a number of "
				      "seconds since 1970 (decimal digits), "
				      "found \"%s\"",
				      s);
			return -1;
		}
		v = v * 10 + (*p - '0');
	}
	*epoch = v;
	return 0;
}

/*
 * The value of the key section.name of type (min, max), read as the boot
 * reader and config-fold read it. A value that does not parse gives def
 * here: config-fold checks every key of the image against its type before
 * anything is written and fails the build with the message every key has
 * (file:line, the value, what was expected), so this stage need not say
 * it a second time, without the line.
 */
static void key_value(const struct data_set *set, const char *name,
		      uint32_t type, int64_t min, int64_t max, const char *def,
		      union uni_config_value *v)
{
	struct uni_config_key k = {.section = set->section,
				   .name = name,
				   .min = min,
				   .max = max,
				   .type = type};
	const char *text =
	    set->conf != NULL
		? unilink_conf_get(set->conf, set->section, name, def)
		: def;

	if (uni_config_parse_value(&k, text, strlen(text), v) != 0)
		uni_config_parse_value(&k, def, strlen(def), v);
}

/* The 200 head of r into *head; -1 after a message. */
static int make_head(const struct data_set *set, const char *name,
		     const struct http_reply *r, char **head, uint32_t *len,
		     uint32_t *split)
{
	char buf[HTTP_HEAD_OUT_MAX];
	size_t n = http_head_template(r, buf, sizeof(buf), split);

	if (n == 0) {
		unilink_error("%s.%s: expected a response head of at most %d "
			      "bytes for %s, found a longer one",
			      set->section, set->key, HTTP_HEAD_OUT_MAX, name);
		return -1;
	}
	*head = unilink_xmalloc(n + 1);
	memcpy(*head, buf, n);
	(*head)[n] = '\0';
	*len = (uint32_t)n;
	return 0;
}

static int heads(const struct data_set *set, const struct data_file *f,
		 struct data_www_file *m)
{
	struct http_reply r;
	int vary = m->gz != NULL;

	http_reply_file(&r, f->name, f->bytes, f->size, m->etag,
			m->last_modified, 0, vary);
	if (make_head(set, f->name, &r, &m->head, &m->head_len,
		      &m->head_split) != 0)
		return -1;
	if (!vary)
		return 0;
	http_reply_file(&r, f->name, m->gz, m->gz_size, m->gz_etag,
			m->last_modified, 1, 1);
	return make_head(set, f->name, &r, &m->gz_head, &m->gz_head_len,
			 &m->gz_head_split);
}

/* The index of the file named name + ".gz" in set, or -1. */
static long sibling(const struct data_set *set, const char *name)
{
	size_t n = strlen(name);
	char *key = unilink_xmalloc(n + 4);
	size_t lo = 0, hi = set->n;
	long at = -1;

	memcpy(key, name, n);
	memcpy(key + n, ".gz", 4);
	while (lo < hi && at < 0) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, set->files[mid].name);

		if (c == 0)
			at = (long)mid;
		else if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	free(key);
	return at;
}

struct gzip_rule {
	int on;
	int64_t min_size;
	unsigned long long total; /* the bytes so far, tree and variants */
};

/* The variant of f, from the tree or made (or none); -1 after a message. */
static int variant(struct data_set *set, size_t i, struct gzip_rule *g)
{
	const struct data_file *f = &set->files[i];
	struct data_www_file *m = &set->www->files[i];
	uint8_t *z;
	size_t zn;

	m->gz_sibling = sibling(set, f->name);
	if (m->gz_sibling >= 0) {
		m->gz = set->files[m->gz_sibling].bytes;
		m->gz_size = set->files[m->gz_sibling].size;
		set->www->sibling++;
		return 0;
	}
	if (!g->on || (int64_t)f->size < g->min_size || f->size == 0 ||
	    !www_mime_is_compressible(f->name, strlen(f->name)))
		return 0;
	z = unilink_gzip(f->bytes, f->size, &zn);
	if (z == NULL)
		return -1;
	if ((unsigned long long)zn * WWW_GZIP_KEEP_DEN >
	    (unsigned long long)f->size * WWW_GZIP_KEEP_NUM) {
		free(z); /* saves less than 5%: not worth a Vary */
		return 0;
	}
	g->total += zn;
	if (g->total > WWW_TOTAL_CAP) {
		unilink_error("%s.%s: expected at most %llu bytes (%llu MiB) "
			      "in all with the gzip variants, found %llu with "
			      "the variant of %s (set %s.gzip = false or "
			      "raise %s.gzip_min_size)",
			      set->section, set->key, WWW_TOTAL_CAP,
			      WWW_TOTAL_CAP >> 20, g->total, f->name,
			      set->section, set->section);
		free(z);
		return -1;
	}
	m->gz = z;
	m->gz_size = zn;
	set->www->made++;
	set->www->made_bytes += zn;
	return 0;
}

int unilink_www_meta(struct data_set *set, const int64_t *mtime,
		     unsigned long long total)
{
	struct gzip_rule g = {.total = total};
	union uni_config_value v;
	int64_t epoch;

	if (source_date_epoch(&epoch) != 0)
		return -1;
	key_value(set, "gzip", UNI_CFG_BOOL, 0, 1,
		  WWW_GZIP_DEFAULT ? "true" : "false", &v);
	g.on = v.b;
	key_value(set, "gzip_min_size", UNI_CFG_INT, 0, WWW_GZIP_MIN_SIZE_MAX,
		  "1024", &v);
	g.min_size = v.i;
	set->www = unilink_xmalloc(sizeof(*set->www));
	memset(set->www, 0, sizeof(*set->www));
	set->www->files =
	    unilink_xmalloc((set->n ? set->n : 1) * sizeof(*set->www->files));
	memset(set->www->files, 0,
	       (set->n ? set->n : 1) * sizeof(*set->www->files));
	for (size_t i = 0; i < set->n; i++) {
		const struct data_file *f = &set->files[i];
		struct data_www_file *m = &set->www->files[i];

		www_etag_of(f->bytes, f->size, m->etag);
		m->last_modified = mtime[i] < 0 ? 0 : mtime[i];
		if (epoch >= 0 && m->last_modified > epoch)
			m->last_modified = epoch;
		if (variant(set, i, &g) != 0)
			return -1;
		if (m->gz != NULL)
			www_etag_of(m->gz, m->gz_size, m->gz_etag);
		if (heads(set, f, m) != 0)
			return -1;
	}
	return 0;
}

void unilink_www_meta_free(struct data_www *www, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(www->files[i].head);
		free(www->files[i].gz_head);
		if (www->files[i].gz_sibling < 0)
			free((uint8_t *)(uintptr_t)www->files[i].gz);
	}
	free(www->files);
	free(www);
}
