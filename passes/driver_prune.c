/* SPDX-License-Identifier: ISC */
/*
 * unilink-driver-prune: delete the driver descriptors the configuration does
 * not enable, so that their probe and init functions (and everything only
 * they reach) become unreferenced and globaldce removes them.
 *
 * A driver is enabled when the effective value of a config key called
 * "driver" (in any section) is its name: console.driver = uart. The values
 * "none" and "" enable no driver (net0.driver = none: no network device).
 *
 * Algorithm:
 *   1. Collect the effective "driver" values: those config-fold recorded in
 *      !unilink.config; else the configuration's entries; else the current
 *      value (the default) of each "driver" key's global.
 *   2. Read the name of each descriptor of section "uni_drivers".
 *   3. A configured driver name that no descriptor has is an error listing
 *      the available drivers; nothing changes then.
 *   4. Delete the descriptors of drivers no value names, and their entries
 *      in llvm.used and llvm.compiler.used.
 *   5. Drop the entry points of the platforms other than appliance.platform
 *      from llvm.used (platform_entry.c): the hosted boot path leaves VM
 *      images.
 */
#include <stdlib.h>
#include <string.h>

#include "config_fold.h"

#define PASS PASS_DRIVER_PRUNE

/* One "driver" key: key = name, from origin ("default" if not configured). */
struct driver_key {
	char *key, *name, *origin;
};

struct prune {
	LLVMModuleRef m;
	struct unilink_report *r;
	struct driver_key *dk;
	size_t ndk;
	struct vals descs;
	char **names; /* descriptor names, parallel to descs */
	int errors;
};

static bool is_driver_key(const char *full)
{
	const char *dot = strrchr(full, '.');

	return dot != NULL && strcmp(dot + 1, "driver") == 0;
}

/* "none" or "": the key enables no driver. */
static bool names_no_driver(const char *name)
{
	return name[0] == '\0' || strcmp(name, "none") == 0;
}

static bool have_driver_key(const struct prune *p, const char *full)
{
	size_t i;

	for (i = 0; i < p->ndk; i++)
		if (strcmp(p->dk[i].key, full) == 0)
			return true;
	return false;
}

static void add_driver_key(struct prune *p, const char *full, const char *name,
			   const char *origin)
{
	struct driver_key *k;

	if (have_driver_key(p, full))
		return;
	p->dk = xrealloc(p->dk, (p->ndk + 1) * sizeof(*p->dk));
	k = &p->dk[p->ndk++];
	k->key = xstrdup(full);
	k->name = xstrdup(name);
	k->origin = xstrdup(origin);
}

static void keys_from_records(struct prune *p)
{
	struct folded_key *rec;
	size_t n = config_records(p->m, &rec), i;

	for (i = 0; i < n; i++)
		if (is_driver_key(rec[i].key))
			add_driver_key(p, rec[i].key, rec[i].value,
				       rec[i].origin ? rec[i].origin
						     : "default");
	config_records_free(rec, n);
}

static void keys_from_config(struct prune *p, const struct unilink_config *c)
{
	struct strbuf full;
	size_t i;

	for (i = 0; c != NULL && i < c->n; i++) {
		if (strcmp(c->e[i].key, "driver") != 0 ||
		    cfg_section_ignored(c, c->e[i].section))
			continue;
		sb_init(&full);
		sb_printf(&full, "%s.driver", c->e[i].section);
		add_driver_key(p, full.s, c->e[i].value, c->e[i].origin);
		sb_free(&full);
	}
}

static void keys_from_defaults(struct prune *p)
{
	struct vals descs = {0};
	char *full, *value;
	size_t i;

	collect_section(p->m, UNI_SECTION_CONFIG, &descs);
	for (i = 0; i < descs.n; i++) {
		if (!config_key_current(p->m, descs.v[i], &full, &value))
			continue;
		if (is_driver_key(full))
			add_driver_key(p, full, value, "default");
		free(full);
		free(value);
	}
	vals_free(&descs);
}

/* Step 2, through abi_read.c; a bad descriptor is an error. */
static bool read_drivers(struct prune *p)
{
	struct unilink_driver_desc d;
	char err[UNILINK_ABI_ERR];
	size_t i;

	collect_section(p->m, UNI_SECTION_DRIVERS, &p->descs);
	p->names = xcalloc(p->descs.n, sizeof(*p->names));
	for (i = 0; i < p->descs.n; i++) {
		if (unilink_abi_driver(p->descs.v[i], &d, err) == 0) {
			p->names[i] = d.name;
			continue;
		}
		unilink_abi_driver_free(&d);
		report_error(p->r, PASS, "%s", err);
		p->errors++;
	}
	return p->errors == 0;
}

static bool driver_exists(const struct prune *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->descs.n; i++)
		if (strcmp(p->names[i], name) == 0)
			return true;
	return false;
}

/* A configured name (not a default) must be a driver the module has. */
static void check_names(struct prune *p)
{
	struct strbuf avail;
	char shown[SHOW_SIZE];
	size_t i, j;

	for (i = 0; i < p->ndk; i++) {
		if (strcmp(p->dk[i].origin, "default") == 0 ||
		    names_no_driver(p->dk[i].name) ||
		    driver_exists(p, p->dk[i].name))
			continue;
		sb_init(&avail);
		for (j = 0; j < p->descs.n; j++)
			sb_printf(&avail, "%s%s", j ? ", " : "", p->names[j]);
		report_error(
		    p->r, PASS,
		    "%s: %s = \"%s\": no driver of that name; the "
		    "available drivers are: %s",
		    p->dk[i].origin, p->dk[i].key,
		    show_value(shown, p->dk[i].name, strlen(p->dk[i].name)),
		    p->descs.n ? avail.s : "(none)");
		sb_free(&avail);
		p->errors++;
	}
}

/* The driver key that enables driver name, or NULL. */
static const struct driver_key *enabler(const struct prune *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->ndk; i++)
		if (strcmp(p->dk[i].name, name) == 0)
			return &p->dk[i];
	return NULL;
}

static bool mutate(struct prune *p)
{
	struct vals gone = {0};
	const struct driver_key *k;
	struct event ev = {.pass = PASS};
	struct strbuf why;
	size_t i;
	bool changed;

	for (i = 0; i < p->descs.n; i++) {
		k = enabler(p, p->names[i]);
		sb_init(&why);
		if (k != NULL)
			sb_printf(&why, "%s = %s", k->key, k->name);
		else
			sb_add(&why, "no config key \"driver\" names it");
		ev.event = k != NULL ? "keep" : "remove";
		ev.name = p->names[i];
		ev.origin = k != NULL ? k->origin : NULL;
		ev.reason = why.s;
		report_event(p->r, &ev);
		sb_free(&why);
		if (k == NULL)
			vals_push(&gone, p->descs.v[i]);
	}
	for (i = delete_descriptors(p->m, &gone, NULL); i > 0; i--)
		report_warning(p->r, PASS,
			       "a driver descriptor is still referenced: kept");
	changed = gone.n > 0;
	vals_free(&gone);
	return changed;
}

static void prune_free(struct prune *p)
{
	size_t i;

	for (i = 0; i < p->ndk; i++) {
		free(p->dk[i].key);
		free(p->dk[i].name);
		free(p->dk[i].origin);
	}
	for (i = 0; i < p->descs.n; i++)
		free(p->names[i]);
	free(p->dk);
	free(p->names);
	vals_free(&p->descs);
}

int unilink_driver_prune(LLVMModuleRef m, const struct unilink_config *c,
			 unsigned flags, struct unilink_report *r)
{
	struct prune p = {.m = m, .r = r};
	int rc = pass_begin(m, PASS, c, flags, r);

	if (rc <= 0)
		return rc;
	rc = -1;
	keys_from_records(&p);
	keys_from_config(&p, c);
	keys_from_defaults(&p);
	if (read_drivers(&p)) {
		check_names(&p);
		if (p.errors == 0) {
			rc = mutate(&p) ? 1 : 0;
			if (prune_platform_entries(m, c, r))
				rc = 1;
			pass_end(m, PASS, c, flags);
		}
	}
	prune_free(&p);
	return rc;
}
