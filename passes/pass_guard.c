/* SPDX-License-Identifier: ISC */
/*
 * The start and end of every pass (config-fold, driver-prune,
 * protocol-prune): the "already run" guard (!unilink.specialized, see
 * ir_util.c) and the move of the protocols' API lists into metadata
 * (abi_read.c), which must happen before any pass looks at the module.
 * Above both files, so that neither calls the other.
 *
 * A run has a scope. A per-file run (UNILINK_PER_FILE: the plugin in a
 * compile) sees one translation unit: it folds the keys the unit declares
 * and decides nothing else, because the drivers and protocols a program
 * keeps depend on code in other units. A whole-program run (the unilink
 * command, the plugin at link time, opt on a linked module) decides
 * everything. Records of per-file runs survive linking, so a whole-program
 * run is never skipped because of them; they name the configuration they
 * folded with, and a whole-program run with another one is refused rather
 * than giving an image folded with two configurations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "unilink_abi.h"

const char *run_scope(unsigned flags)
{
	return flags & UNILINK_PER_FILE ? SCOPE_FILE : SCOPE_PROGRAM;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const char *config_hash(const struct unilink_config *c,
			char out[CONFIG_HASH_SIZE])
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a 64 */
	char **lines = xcalloc(c != NULL ? c->n + 1 : 1, sizeof(*lines));
	size_t n = 0, i;
	struct strbuf b;
	const char *p;

	for (i = 0; c != NULL && i < c->n; i++) {
		if (cfg_section_ignored(c, c->e[i].section))
			continue;
		sb_init(&b);
		sb_printf(&b, "%s.%s=%s\n", c->e[i].section, c->e[i].key,
			  c->e[i].value);
		lines[n++] = sb_take(&b);
	}
	qsort(lines, n, sizeof(*lines), cmp_str);
	for (i = 0; i < n; i++) {
		for (p = lines[i]; *p != '\0'; p++)
			h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
		free(lines[i]);
	}
	free(lines);
	snprintf(out, CONFIG_HASH_SIZE, "%016llx", (unsigned long long)h);
	return out;
}

static void skip(struct unilink_report *r, const char *pass, const char *event,
		 const char *reason)
{
	struct event ev = {.pass = pass, .event = event, .reason = reason};

	report_event(r, &ev);
}

/* A per-file run: config-fold only, once. */
static int begin_per_file(const struct pass_record *p, size_t n,
			  const char *pass, unsigned flags,
			  struct unilink_report *r)
{
	size_t i;

	if (strcmp(pass, PASS_CONFIG_FOLD) != 0) {
		skip(r, pass, "defer",
		     "a per-file run sees one translation unit: the "
		     "whole-program run at link time decides");
		return 0;
	}
	for (i = 0; i < n && !(flags & UNILINK_FORCE); i++)
		if (strcmp(p[i].pass, pass) == 0) {
			skip(r, pass, "skip", "already run on this module");
			return 0;
		}
	return 1;
}

/*
 * A whole-program run: per-file folds of another configuration are
 * refused, and so is a module already specialised with another one (a
 * forced run checks each key against its earlier value instead).
 */
static int begin_program(const struct pass_record *p, size_t n,
			 const char *pass, const char *hash, unsigned flags,
			 struct unilink_report *r)
{
	bool done = false;
	size_t i;

	for (i = 0; i < n; i++) {
		bool same = p[i].hash == NULL || strcmp(p[i].hash, hash) == 0;

		if (strcmp(p[i].scope, SCOPE_FILE) == 0 && !same) {
			report_error(
			    r, pass,
			    "the module holds code that the plugin folded per "
			    "file with another configuration (hash %s) than "
			    "this run's (hash %s): compile and link with the "
			    "same UNILINK_CONFIG and UNILINK_DEFINES, or "
			    "compile without the plugin",
			    p[i].hash, hash);
			return -1;
		}
		if (strcmp(p[i].pass, pass) != 0 ||
		    strcmp(p[i].scope, SCOPE_PROGRAM) != 0)
			continue;
		if (!same && !(flags & UNILINK_FORCE)) {
			report_error(r, pass,
				     "the module was specialised with another "
				     "configuration (hash %s) than this run's "
				     "(hash %s)",
				     p[i].hash, hash);
			return -1;
		}
		done = true;
	}
	if (done && !(flags & UNILINK_FORCE)) {
		skip(r, pass, "skip", "already run on this module");
		return 0;
	}
	return 1;
}

int pass_begin(LLVMModuleRef m, const char *pass,
	       const struct unilink_config *c, unsigned flags,
	       struct unilink_report *r)
{
	char hash[CONFIG_HASH_SIZE], err[UNILINK_ABI_ERR];
	struct pass_record *p;
	size_t n = pass_records(m, &p);
	int rc;

	config_hash(c, hash);
	if (flags & UNILINK_PER_FILE)
		rc = begin_per_file(p, n, pass, flags, r);
	else
		rc = begin_program(p, n, pass, hash, flags, r);
	pass_records_free(p, n);
	/* A per-file run leaves the API lists to the whole-program one. */
	if (rc <= 0 || (flags & UNILINK_PER_FILE))
		return rc;
	if (unilink_abi_detach_apis(m, err) < 0) {
		report_error(r, pass, "%s", err);
		return -1;
	}
	return 1;
}

void pass_end(LLVMModuleRef m, const char *pass, const struct unilink_config *c,
	      unsigned flags)
{
	char hash[CONFIG_HASH_SIZE];

	mark_pass_run(m, pass, run_scope(flags), config_hash(c, hash));
}
