/* SPDX-License-Identifier: ISC */
/*
 * Loading the files of one data key by kind, at build time:
 *   raw       the bytes as they are;
 *   dns-zone  an RFC 1035 master file compiled by the zone compiler
 *             (data/dns/, which only this command runs) into the zone
 *             blob that dns_zone_load() reads in the image; $INCLUDE is
 *             resolved from disk, relative to the including zone's
 *             folder; two zones of the same name are refused;
 *   www-tree  one directory of web content, walked and checked by
 *             data_www.c (the rules are in docs/www.md): its regular
 *             files, named by URL path and sorted bytewise.
 * A file that cannot be read or does not parse is an error naming the file
 * (and for a zone its line), so the build fails before anything is linked.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/data.h"
#include "dns/zone.h"

#define INCLUDE_MAX 64

/* "section.key" of set, for messages. */
static const char *key_of(const struct data_set *set, char *buf, size_t size)
{
	snprintf(buf, size, "%s.%s", set->section, set->key);
	return buf;
}

/*
 * A regular file's whole content; NULL after a message naming the key.
 * An output of the build is never read as an input (and so never
 * overwritten by the build that reads it).
 */
static uint8_t *read_data_file(const struct data_set *set, const char *path,
			       size_t *len)
{
	char key[300], what[400];
	struct stat st;

	snprintf(what, sizeof(what), "a file of %s",
		 key_of(set, key, sizeof(key)));
	if (unilink_input_check(path, what) < 0)
		return NULL;
	if (stat(path, &st) != 0) {
		unilink_error("%s.%s: cannot read %s: %s", set->section,
			      set->key, path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		unilink_error("%s.%s: expected a regular file, found that %s "
			      "is not one",
			      set->section, set->key, path);
		return NULL;
	}
	return (uint8_t *)unilink_read_file(path, len);
}

/* "dir/name", or name when it is absolute. */
static void full_path(const char *dir, const char *name, char *out, size_t size)
{
	if (name[0] == '/')
		snprintf(out, size, "%s", name);
	else
		snprintf(out, size, "%s/%s", dir, name);
}

/* The texts of $INCLUDE'd files, alive until the parse ends. */
struct includes {
	const struct data_set *set;
	struct data_scope scope; /* where they may be */
	char dir[4096];
	char *texts[INCLUDE_MAX];
	int n;
};

static int open_include(void *ctx, const char *path, const char **text,
			size_t *len)
{
	struct includes *in = ctx;
	char full[8192], key[300];

	if (in->n == INCLUDE_MAX)
		return -1;
	full_path(in->dir, path, full, sizeof(full));
	if (unilink_data_allowed(&in->scope, key_of(in->set, key, sizeof(key)),
				 full, 1) < 0)
		return -1;
	in->texts[in->n] = (char *)read_data_file(in->set, full, len);
	if (in->texts[in->n] == NULL)
		return -1;
	*text = in->texts[in->n++];
	return 0;
}

static int load_raw(const struct data_set *set, const char *path,
		    const struct data_scope *scope, struct data_file *f)
{
	(void)scope;
	f->bytes = read_data_file(set, path, &f->size);
	return f->bytes == NULL ? -1 : 0;
}

/* The zone name of a blob that dns_zone_parse() produced. */
static const uint8_t *blob_origin(const struct data_file *f)
{
	return f->bytes + 12; /* after magic, length and node count */
}

/* 0 unless an earlier zone of set has the same name as f. */
static int check_unique_zone(const struct data_set *set,
			     const struct data_file *f)
{
	char name[1024];

	for (size_t i = 0; i < set->n; i++) {
		if (!dns_name_eq(blob_origin(&set->files[i]), blob_origin(f)))
			continue;
		dns_name_to_text(blob_origin(f), name, sizeof(name));
		unilink_error("%s.%s: expected one file per zone, found zone "
			      "%s in both %s and %s",
			      set->section, set->key, name, set->files[i].name,
			      f->name);
		return -1;
	}
	return 0;
}

/*
 * Where the files a zone $INCLUDEs may be: as the zone itself, or for a
 * zone given with -D (which may be anywhere), inside the zone's folder.
 */
static void include_scope(const struct data_scope *scope, const char *path,
			  struct data_scope *out)
{
	char real[PATH_MAX];

	*out = *scope;
	if (!scope->from_define || realpath(path, real) == NULL)
		return;
	snprintf(out->root, sizeof(out->root), "%s", dirname(real));
}

static int load_zone(const struct data_set *set, const char *path,
		     const struct data_scope *scope, struct data_file *f)
{
	struct includes in = {.set = set};
	struct dns_zone_parse_opts o = {path, NULL, open_include, &in};
	char err[1024], *slash;
	size_t len;
	char *text = (char *)read_data_file(set, path, &len);
	int rc = -1;

	if (text == NULL)
		return -1;
	include_scope(scope, path, &in.scope);
	snprintf(in.dir, sizeof(in.dir), "%s", path);
	slash = strrchr(in.dir, '/');
	if (slash != NULL)
		*slash = '\0';
	if (dns_zone_parse(text, len, &o, &f->bytes, &f->size, err,
			   sizeof(err)) == DNS_ZONE_OK)
		rc = check_unique_zone(set, f);
	else
		unilink_error("%s (a zone of %s.%s)", err, set->section,
			      set->key);
	for (int i = 0; i < in.n; i++)
		free(in.texts[i]);
	free(text);
	return rc;
}

/* A kind loads each named file (load) or one named tree (load_tree). */
struct kind {
	const char *name;
	int (*load)(const struct data_set *set, const char *path,
		    const struct data_scope *scope, struct data_file *f);
	int (*load_tree)(struct data_set *set, const char *path);
};

static const struct kind kinds[] = {
    {"raw", load_raw, NULL},
    {"dns-zone", load_zone, NULL},
    {"www-tree", NULL, unilink_www_load},
};

static const struct kind *find_kind(const struct data_set *set)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, set->kind) == 0)
			return &kinds[i];
	unilink_error("%s.%s: expected a data kind this command knows "
		      "(raw, dns-zone, www-tree), found \"%s\"",
		      set->section, set->key, set->kind);
	return NULL;
}

/* Splits value at blanks and commas: the names, NULL-terminated. */
static char **split_names(const char *value, size_t *n)
{
	size_t cap = strlen(value) / 2 + 2, len;
	char **names = unilink_xmalloc(cap * sizeof(*names));
	static const char seps[] = " \t,";

	*n = 0;
	while (*value != '\0') {
		value += strspn(value, seps);
		len = strcspn(value, seps);
		if (len == 0)
			break;
		names[*n] = unilink_xmalloc(len + 1);
		memcpy(names[*n], value, len);
		names[(*n)++][len] = '\0';
		value += len;
	}
	names[*n] = NULL;
	return names;
}

/* A path the key names: from -D anywhere, else within the scope. */
static int may_read(const struct data_set *set, const struct data_scope *scope,
		    const char *path, char *key, size_t size)
{
	return scope->from_define ||
	       unilink_data_allowed(scope, key_of(set, key, size), path, 0) ==
		   0;
}

/* A tree kind: value names one directory (or none: an empty set). */
static int load_tree(struct data_set *set, const struct kind *k,
		     const char *dir, char **names, size_t n,
		     const struct data_scope *scope)
{
	char path[8192], key[300];
	int rc = 0;

	if (n > 1) {
		unilink_error("%s.%s: expected one directory, found %zu names "
			      "(%s, %s%s)",
			      set->section, set->key, n, names[0], names[1],
			      n > 2 ? ", ..." : "");
		rc = -1;
	} else if (n == 1) {
		full_path(dir, names[0], path, sizeof(path));
		rc = may_read(set, scope, path, key, sizeof(key))
			 ? k->load_tree(set, path)
			 : -1;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int unilink_data_load(struct data_set *set, const char *dir, const char *value,
		      const struct data_scope *scope)
{
	const struct kind *k = find_kind(set);
	size_t n;
	char **names = split_names(value != NULL ? value : "", &n);
	char path[8192], key[300];
	int rc = k == NULL ? -1 : 0;

	if (k != NULL && k->load_tree != NULL)
		return load_tree(set, k, dir, names, n, scope);
	set->files = unilink_xmalloc((n ? n : 1) * sizeof(*set->files));
	for (size_t i = 0; i < n; i++) {
		struct data_file *f = &set->files[set->n];

		memset(f, 0, sizeof(*f));
		f->name = names[i];
		if (rc < 0) {
			free(names[i]);
			continue;
		}
		full_path(dir, names[i], path, sizeof(path));
		if (!may_read(set, scope, path, key, sizeof(key)) ||
		    k->load(set, path, scope, f) < 0) {
			free(f->bytes);
			free(names[i]);
			rc = -1;
			continue;
		}
		set->n++;
	}
	free(names);
	return rc;
}

void unilink_data_set_free(struct data_set *set)
{
	if (set->www != NULL)
		unilink_www_meta_free(set->www, set->n);
	for (size_t i = 0; i < set->n; i++) {
		free(set->files[i].name);
		free(set->files[i].bytes);
	}
	free(set->files);
	free(set->section);
	free(set->key);
	free(set->kind);
	memset(set, 0, sizeof(*set));
}
