/* SPDX-License-Identifier: ISC */
/*
 * The "www-tree" data kind: a directory of web content becomes a web tree
 * (rt/www/tree.h), one file per regular file, named by its URL path and
 * sorted bytewise so that the image can binary-search it. The same tree
 * gives the same bytes on every build.
 *
 * Algorithm: walk the directory depth-first, entries in byte order, and
 * collect (URL path, disk path) pairs, deciding on the way:
 *   - names beginning with '.' are skipped (.git, .htaccess, editor
 *     files), except the directory ".well-known" (RFC 8615);
 *   - a name must be able to be a URL path (www/name.h): no control
 *     character, no backslash, UTF-8;
 *   - a symbolic link is followed when its target, resolved, is inside
 *     the root; one that leaves it, dangles or loops is refused, naming
 *     the link; a directory reached again below itself is a loop;
 *   - FIFOs, sockets and devices are refused; empty directories add
 *     nothing; a tree without files is refused;
 *   - at most WWW_FILE_CAP bytes per file, WWW_TOTAL_CAP in all and
 *     WWW_FILES_CAP files, decided from the sizes before anything is read.
 * Then sort the pairs by URL path, read each file and check that the types
 * the server labels charset=utf-8 (www/mime.h) are UTF-8, failing with
 * path:line:column (column in bytes) and what was found. Last, the table
 * of www/index.h from the files and their mtimes (data_www_meta.c).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/data.h"
#include "www/mime.h"
#include "www/name.h"
#include "www/utf8.h"

#define WWW_FILE_CAP (16ull << 20) /* 16 MiB */
#define WWW_FILES_CAP 65536
#define WWW_DEPTH_CAP 32

struct entry {
	char *url, *path;
	int64_t mtime; /* seconds since 1970, of the file (a link's target) */
};

struct walk {
	const struct data_set *set;
	char root[PATH_MAX]; /* resolved */
	size_t rootlen;
	struct entry *v;
	size_t n, cap;
	unsigned long long total;
	struct stat up[WWW_DEPTH_CAP]; /* the directories being walked */
	int depth;
};

static int walk_dir(struct walk *w, const char *disk, const char *url);

/* Whether the walk skips a directory entry of this name. */
static int skipped(const char *name)
{
	return name[0] == '.' && strcmp(name, ".well-known") != 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_url(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->url,
		      ((const struct entry *)b)->url);
}

/* The entries of a directory that the walk visits, sorted; NULL-ended. */
static char **list_dir(const struct walk *w, const char *disk, size_t *n)
{
	DIR *d = opendir(disk);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (d == NULL) {
		unilink_error("%s.%s: cannot read the directory %s: %s",
			      w->set->section, w->set->key, disk,
			      strerror(errno));
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    skipped(e->d_name))
			continue;
		if (*n + 1 >= cap) {
			cap = cap ? 2 * cap : 16;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL)
				abort();
		}
		names[(*n)++] = unilink_strdup(e->d_name);
	}
	closedir(d);
	if (names == NULL)
		names = unilink_xmalloc(sizeof(*names));
	names[*n] = NULL;
	qsort(names, *n, sizeof(*names), by_name);
	return names;
}

/* s with control characters, backslashes and bytes above 0x7E escaped. */
static const char *printable(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s != '\0' && n + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[n++] = (char)c;
		else
			n += (size_t)snprintf(out + n, size - n, "\\x%02x", c);
	}
	out[n] = '\0';
	return out;
}

static int bad_name(const struct walk *w, const char *disk, const char *why)
{
	char shown[PATH_MAX * 4];

	unilink_error("%s.%s: expected file names that can be URL paths, "
		      "found %s in %s",
		      w->set->section, w->set->key, why,
		      printable(disk, shown, sizeof(shown)));
	return -1;
}

/* The target of the link at disk, resolved and inside the root, in st. */
static int follow(const struct walk *w, const char *disk, struct stat *st)
{
	char real[PATH_MAX];
	const char *sec = w->set->section, *key = w->set->key;

	if (realpath(disk, real) == NULL) {
		unilink_error("%s.%s: expected symbolic links to files in the "
			      "tree, found %s: %s",
			      sec, key, disk,
			      errno == ELOOP	? "a loop of symbolic links"
			      : errno == ENOENT ? "a link to nothing"
						: strerror(errno));
		return -1;
	}
	if (strncmp(real, w->root, w->rootlen) != 0 ||
	    (w->rootlen > 1 && real[w->rootlen] != '/' &&
	     real[w->rootlen] != '\0')) {
		unilink_error("%s.%s: expected symbolic links that stay inside "
			      "%s, found %s leading to %s",
			      sec, key, w->root, disk, real);
		return -1;
	}
	if (stat(real, st) != 0) {
		unilink_error("%s.%s: cannot read %s: %s", sec, key, real,
			      strerror(errno));
		return -1;
	}
	return 0;
}

/* Walks the directory disk (st) below url, unless it is a loop. */
static int enter(struct walk *w, const char *disk, const char *url,
		 const struct stat *st)
{
	int rc;

	for (int i = 0; i < w->depth; i++) {
		if (w->up[i].st_dev == st->st_dev &&
		    w->up[i].st_ino == st->st_ino) {
			unilink_error("%s.%s: expected symbolic links that do "
				      "not loop, found %s leading back to a "
				      "directory above it",
				      w->set->section, w->set->key, disk);
			return -1;
		}
	}
	if (w->depth == WWW_DEPTH_CAP) {
		unilink_error("%s.%s: expected directories at most %d deep, "
			      "found %s",
			      w->set->section, w->set->key, WWW_DEPTH_CAP,
			      disk);
		return -1;
	}
	w->up[w->depth++] = *st;
	rc = walk_dir(w, disk, url);
	w->depth--;
	return rc;
}

/* Collects the regular file disk (st) as url, within the caps. */
static int add(struct walk *w, const char *disk, const char *url,
	       const struct stat *st)
{
	unsigned long long size = (unsigned long long)st->st_size;
	const char *sec = w->set->section, *key = w->set->key;

	if (w->n == WWW_FILES_CAP) {
		unilink_error("%s.%s: expected at most %d files, found more "
			      "(at %s)",
			      sec, key, WWW_FILES_CAP, disk);
		return -1;
	}
	if (size > WWW_FILE_CAP) {
		unilink_error("%s.%s: expected files of at most %llu bytes "
			      "(%llu MiB), found %s with %llu bytes",
			      sec, key, WWW_FILE_CAP, WWW_FILE_CAP >> 20, disk,
			      size);
		return -1;
	}
	w->total += size;
	if (w->total > WWW_TOTAL_CAP) {
		unilink_error("%s.%s: expected at most %llu bytes (%llu MiB) "
			      "in all, found %llu with %s",
			      sec, key, WWW_TOTAL_CAP, WWW_TOTAL_CAP >> 20,
			      w->total, disk);
		return -1;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->v = realloc(w->v, w->cap * sizeof(*w->v));
		if (w->v == NULL)
			abort();
	}
	w->v[w->n].url = unilink_strdup(url);
	w->v[w->n].mtime = (int64_t)st->st_mtime;
	w->v[w->n++].path = unilink_strdup(disk);
	return 0;
}

static const char *file_type(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	return "neither a file nor a directory";
}

/* One entry name of the directory disk (at url). */
static int visit(struct walk *w, const char *dir, const char *dirurl,
		 const char *name)
{
	char disk[PATH_MAX], url[PATH_MAX];
	const char *why;
	struct stat st;

	if ((size_t)snprintf(disk, sizeof(disk), "%s/%s", dir, name) >=
		sizeof(disk) ||
	    (size_t)snprintf(url, sizeof(url), "%s/%s", dirurl, name) >=
		sizeof(url))
		return bad_name(w, disk, "a name longer than PATH_MAX");
	if (www_name_check(url, strlen(url), &why) != 0)
		return bad_name(w, disk, why);
	if (lstat(disk, &st) != 0) {
		unilink_error("%s.%s: cannot read %s: %s", w->set->section,
			      w->set->key, disk, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode) && follow(w, disk, &st) != 0)
		return -1;
	if (S_ISDIR(st.st_mode))
		return enter(w, disk, url, &st);
	if (S_ISREG(st.st_mode))
		return add(w, disk, url, &st);
	unilink_error("%s.%s: expected regular files and directories, found "
		      "%s, %s",
		      w->set->section, w->set->key, disk,
		      file_type(st.st_mode));
	return -1;
}

static int walk_dir(struct walk *w, const char *disk, const char *url)
{
	size_t n;
	char **names = list_dir(w, disk, &n);
	int rc = names == NULL ? -1 : 0;

	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = visit(w, disk, url, names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* 1-based line and byte column of off in text. */
static void line_column(const uint8_t *text, size_t off, size_t *line,
			size_t *col)
{
	size_t start = 0;

	*line = 1;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	*col = off - start + 1;
}

/* Content served as charset=utf-8 must be UTF-8 (path: where it is read). */
static int check_text(const char *path, const struct data_file *f)
{
	struct www_utf8_bad bad;
	size_t line, col, n = 0;
	char found[32];

	if (!www_mime_is_utf8(f->name, strlen(f->name)) ||
	    www_utf8_check(f->bytes, f->size, &bad) == 0)
		return 0;
	line_column(f->bytes, bad.off, &line, &col);
	for (size_t i = 0; i < bad.len; i++)
		n += (size_t)snprintf(found + n, sizeof(found) - n, "%s0x%02X",
				      i ? " " : "", f->bytes[bad.off + i]);
	unilink_error("%s:%zu:%zu: expected UTF-8 text (it is served as "
		      "\"%s\"), found %s, %s",
		      path, line, col, www_mime_type(f->name, strlen(f->name)),
		      found, bad.what);
	return -1;
}

/* Reads the collected files, in URL order, into set. */
static int read_files(struct walk *w, struct data_set *set)
{
	char what[400];

	qsort(w->v, w->n, sizeof(*w->v), by_url);
	set->files = unilink_xmalloc(w->n * sizeof(*set->files));
	snprintf(what, sizeof(what), "a file of %s.%s", set->section, set->key);
	for (size_t i = 0; i < w->n; i++) {
		struct data_file *f = &set->files[i];

		memset(f, 0, sizeof(*f));
		if (unilink_input_check(w->v[i].path, what) < 0)
			return -1;
		f->bytes = (uint8_t *)unilink_read_file(w->v[i].path, &f->size);
		if (f->bytes == NULL)
			return -1;
		f->name = w->v[i].url;
		w->v[i].url = NULL;
		set->n++;
		if (f->size > WWW_FILE_CAP) {
			unilink_error("%s.%s: expected files of at most %llu "
				      "bytes (%llu MiB), found %s with %zu "
				      "bytes",
				      set->section, set->key, WWW_FILE_CAP,
				      WWW_FILE_CAP >> 20, w->v[i].path,
				      f->size);
			return -1;
		}
		if (check_text(w->v[i].path, f) != 0)
			return -1;
	}
	return 0;
}

/* The root: a directory, resolved for the checks of links. */
static int open_root(struct walk *w, const char *path, struct stat *st)
{
	const char *sec = w->set->section, *key = w->set->key;

	if (stat(path, st) != 0) {
		unilink_error("%s.%s: expected a directory of web content, "
			      "cannot read %s: %s",
			      sec, key, path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st->st_mode)) {
		unilink_error("%s.%s: expected a directory of web content, "
			      "found that %s is %s",
			      sec, key, path,
			      S_ISREG(st->st_mode) ? "a regular file"
						   : file_type(st->st_mode));
		return -1;
	}
	if (realpath(path, w->root) == NULL) {
		unilink_error("%s.%s: cannot resolve %s: %s", sec, key, path,
			      strerror(errno));
		return -1;
	}
	w->rootlen = strlen(w->root);
	return 0;
}

int unilink_www_load(struct data_set *set, const char *given)
{
	struct walk w = {.set = set};
	struct stat st;
	char path[PATH_MAX];
	size_t n = strlen(given);
	int rc;

	while (n > 1 && given[n - 1] == '/') /* "site/": paths without "//" */
		n--;
	snprintf(path, sizeof(path), "%.*s", (int)n, given);
	rc = open_root(&w, path, &st);

	if (rc == 0)
		rc = enter(&w, path, "", &st);
	if (rc == 0 && w.n == 0) {
		unilink_error("%s.%s: expected at least one file in %s, found "
			      "none (hidden files are skipped)",
			      set->section, set->key, path);
		rc = -1;
	}
	if (rc == 0)
		rc = read_files(&w, set);
	if (rc == 0) {
		int64_t *mtime = unilink_xmalloc(w.n * sizeof(*mtime));

		for (size_t i = 0; i < w.n; i++)
			mtime[i] = w.v[i].mtime;
		rc = unilink_www_meta(set, mtime, w.total);
		free(mtime);
	}
	for (size_t i = 0; i < w.n; i++) {
		free(w.v[i].url);
		free(w.v[i].path);
	}
	free(w.v);
	return rc;
}
