/* SPDX-License-Identifier: ISC */
/*
 * The appliance configuration, read through the passes' API
 * (passes/unilink_passes.h): the INI file, then the -D overrides. The
 * parser and its messages (file:line, did-you-mean) live there; this file
 * finds the appliance's folder, name and C sources and prints the messages.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"

static void print_message(void *ctx, enum unilink_severity sev,
			  const char *pass, const char *text)
{
	char prefix[128];

	(void)ctx;
	if (sev == UNILINK_ERROR)
		unilink_print_line("unilink: error: ", text);
	else if (sev == UNILINK_WARNING)
		unilink_print_line("unilink: warning: ", text);
	else if (unilink_verbose) {
		snprintf(prefix, sizeof(prefix), "  [%s] ", pass);
		unilink_print_line(prefix, text);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every *.c in the configuration's folder, sorted (reproducible builds). */
static int find_sources(struct unilink_conf *c)
{
	DIR *d = opendir(c->dir);
	struct dirent *e;
	char path[PATH_MAX + 256];

	if (d == NULL) {
		unilink_error("cannot read the folder %s", c->dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
			continue;
		if (c->nsources == UNILINK_MAX_SOURCES) {
			unilink_error("%s: more than %d C sources", c->dir,
				      UNILINK_MAX_SOURCES);
			closedir(d);
			return -1;
		}
		snprintf(path, sizeof(path), "%s/%s", c->dir, e->d_name);
		c->sources[c->nsources++] = unilink_strdup(path);
	}
	closedir(d);
	if (c->nsources == 0) {
		char shown[UNILINK_SHOW_MAX];

		unilink_error("expected at least one source file (*.c) in %s, "
			      "found none; put the appliance's main.c there, "
			      "or name the sources with --source FILE.c",
			      unilink_show(shown, c->dir));
		return -1;
	}
	qsort(c->sources, c->nsources, sizeof(c->sources[0]), by_name);
	return 0;
}

/* configs/hello/hello.conf -> dir "/abs/configs/hello", name "hello". */
static int split_path(struct unilink_conf *c, const char *path)
{
	char *slash, *dot, *base;

	if (realpath(path, c->path) == NULL) {
		unilink_error("cannot read the configuration %s: %s", path,
			      errno == ENOENT ? "no such file"
					      : strerror(errno));
		return -1;
	}
	snprintf(c->dir, sizeof(c->dir), "%s", c->path);
	slash = strrchr(c->dir, '/');
	*slash = '\0';
	base = slash + 1 - c->dir + c->path;
	snprintf(c->name, sizeof(c->name), "%s", base);
	dot = strrchr(c->name, '.');
	if (dot != NULL && dot != c->name)
		*dot = '\0';
	return 0;
}

int unilink_conf_load(struct unilink_conf *c, const struct unilink_opts *o)
{
	memset(c, 0, sizeof(*c));
	c->report = unilink_report_new(print_message, NULL);
	c->config = unilink_config_new();
	if (split_path(c, o->input) < 0)
		return -1;
	if (unilink_config_load_file(c->config, c->path, c->report) < 0)
		return -1;
	for (int i = 0; i < o->ndefines; i++)
		if (unilink_config_define(c->config, o->defines[i], c->report) <
		    0)
			return -1;
	if (o->nsources == 0)
		return find_sources(c);
	for (int i = 0; i < o->nsources; i++) {
		char abs[PATH_MAX];

		if (realpath(o->sources[i], abs) == NULL) {
			unilink_error("cannot read the source %s: no such file",
				      o->sources[i]);
			return -1;
		}
		c->sources[c->nsources++] = unilink_strdup(abs);
	}
	return 0;
}

void unilink_conf_free(struct unilink_conf *c)
{
	for (int i = 0; i < c->nsources; i++)
		free((void *)c->sources[i]);
	if (c->config != NULL)
		unilink_config_free(c->config);
	if (c->report != NULL)
		unilink_report_free(c->report);
	memset(c, 0, sizeof(*c));
}

const char *unilink_conf_get(const struct unilink_conf *c, const char *sec,
			     const char *key, const char *def)
{
	const char *v = unilink_config_get(c->config, sec, key);

	return v != NULL ? v : def;
}
