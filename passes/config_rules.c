/* SPDX-License-Identifier: ISC */
/*
 * The rules between configuration keys, applied to the configuration
 * before config-fold reads it: the platform decides the drivers, and DHCP
 * and a static address exclude each other. One principle decides every
 * conflict: a setting of a later layer (default < file < -D) wins over an
 * earlier one and a one-line note says what changed; a conflict within one
 * layer is an error naming both settings and what to change.
 *
 *   - appliance.platform (kvm or xen): a "driver" key naming a driver of
 *     the other platform is mapped to its counterpart when the platform was
 *     set in a later layer than the driver key (`-D appliance.platform=xen`
 *     on a file that names uart; a default driver under `platform = xen` in
 *     the file). The driver descriptors say which platforms each driver
 *     serves (struct uni_driver's platforms); the counterpart is the driver
 *     of the same class that serves the configured platform (uart <->
 *     xencons, virtio-net <-> netfront). A driver without a counterpart
 *     (blkfront on kvm) is an error then.
 *   - S.dhcp = true with S.ipv4 or S.gateway: a later S.dhcp = true makes
 *     the static address unused (the entries are dropped, with a note).
 *   - net0.ipv4 = off (IPv6 only) needs net0.ipv6 on and net1 off.
 *
 * The rules change only the configuration and run once per build: the
 * unilink command resolves its configuration before the passes (its
 * generic image's boot command line and the files beside the image then
 * carry the mapped drivers), and config-fold resolves a copy only when it
 * is given a configuration that is not resolved yet (opt, clang and
 * ld.lld get the same result as the command).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_fold.h"

#define PASS "config"

enum layer { L_DEFAULT, L_FILE, L_DEFINE };

/* The module's keys and their defaults, for keys the file does not set. */
struct rules {
	struct unilink_config *c;
	struct unilink_report *r;
	LLVMModuleRef m;
	char **full, **def;
	size_t n;
	struct unilink_driver_desc *drv; /* the module's drivers */
	size_t ndrv;
	int errors;
};

static enum layer layer_of(const char *origin)
{
	if (origin == NULL || strcmp(origin, "default") == 0)
		return L_DEFAULT;
	return strcmp(origin, "-D") == 0 ? L_DEFINE : L_FILE;
}

static const struct unilink_driver_desc *driver_named(const struct rules *ru,
						      const char *name)
{
	size_t i;

	for (i = 0; i < ru->ndrv; i++)
		if (strcmp(ru->drv[i].name, name) == 0)
			return &ru->drv[i];
	return NULL;
}

/* The one platform driver serves ("kvm"), or NULL (both, none, unknown). */
static const char *platform_of(const struct rules *ru, const char *driver)
{
	const struct unilink_driver_desc *d = driver_named(ru, driver);

	return d != NULL ? unilink_abi_platform_name(d->platforms) : NULL;
}

/* The driver of driver's class that serves platform, or NULL. */
static const char *counterpart(const struct rules *ru, const char *driver,
			       const char *platform)
{
	const struct unilink_driver_desc *d = driver_named(ru, driver);
	uint32_t bit = unilink_abi_platform_bit(platform);
	size_t i;

	for (i = 0; d != NULL && i < ru->ndrv; i++)
		if (ru->drv[i].class == d->class &&
		    (ru->drv[i].platforms & bit) != 0)
			return ru->drv[i].name;
	return NULL;
}

/* The module's driver descriptors (abi_read.c); false after an error. */
static bool read_drivers(struct rules *ru)
{
	LLVMValueRef *descs = NULL;
	struct unilink_driver_desc *d;
	char err[UNILINK_ABI_ERR];
	size_t n = 0, i;

	if (ru->m != NULL)
		descs = unilink_abi_collect(ru->m, UNI_SECTION_DRIVERS, &n);
	ru->drv = xcalloc(n + 1, sizeof(*ru->drv));
	for (i = 0; i < n; i++) {
		d = &ru->drv[ru->ndrv];
		if (unilink_abi_driver(descs[i], d, err) == 0) {
			ru->ndrv++;
			continue;
		}
		unilink_abi_driver_free(d);
		report_error(ru->r, PASS, "%s", err);
		ru->errors++;
	}
	free(descs);
	return ru->errors == 0;
}

static void read_defaults(struct rules *ru, LLVMModuleRef m)
{
	struct vals descs = {0};
	char *full, *value;
	size_t i;

	if (m != NULL)
		collect_section(m, UNI_SECTION_CONFIG, &descs);
	ru->full = xcalloc(descs.n + 1, sizeof(char *));
	ru->def = xcalloc(descs.n + 1, sizeof(char *));
	for (i = 0; i < descs.n; i++) {
		if (!config_key_current(m, descs.v[i], &full, &value))
			continue;
		ru->full[ru->n] = full;
		ru->def[ru->n++] = value;
	}
	vals_free(&descs);
}

static void rules_free(struct rules *ru)
{
	size_t i;

	for (i = 0; i < ru->n; i++) {
		free(ru->full[i]);
		free(ru->def[i]);
	}
	free(ru->full);
	free(ru->def);
	for (i = 0; i < ru->ndrv; i++)
		unilink_abi_driver_free(&ru->drv[i]);
	free(ru->drv);
}

/* A setting: the configuration's entry, else the module's default. */
struct setting {
	const char *value, *origin; /* origin "default" for a default */
	bool declared;		    /* the module has the key */
};

static struct setting get(const struct rules *ru, const char *section,
			  const char *key)
{
	const struct cfg_entry *e = cfg_find(ru->c, section, key);
	struct setting s = {NULL, "default", false};
	size_t i, slen = strlen(section);

	for (i = 0; i < ru->n; i++) {
		if (strncmp(ru->full[i], section, slen) != 0 ||
		    ru->full[i][slen] != '.' ||
		    strcmp(ru->full[i] + slen + 1, key) != 0)
			continue;
		s.value = ru->def[i];
		s.declared = true;
	}
	if (e != NULL) {
		s.value = e->value;
		s.origin = e->origin;
	}
	return s;
}

/* Driver key section.driver = d (a driver of the other platform). */
static void map_driver(struct rules *ru, const char *section,
		       const struct setting *d, const struct setting *p,
		       const char *other)
{
	const char *to = counterpart(ru, d->value, p->value);
	struct event ev = {.pass = PASS, .event = "map", .origin = p->origin};
	char name[160];

	snprintf(name, sizeof(name), "%s.driver", section);
	if (to == NULL) {
		report_error(ru->r, PASS,
			     "%s: %s = %s is a %s driver without a %s "
			     "counterpart, but appliance.platform = %s (%s): "
			     "expected %s = none",
			     d->origin, name, d->value, other, p->value,
			     p->value, p->origin, name);
		ru->errors++;
		return;
	}
	if (layer_of(d->origin) >= layer_of(p->origin)) {
		report_error(ru->r, PASS,
			     "%s: %s = %s is a %s driver, but "
			     "appliance.platform = %s (%s): expected a %s "
			     "driver (%s) or none, or appliance.platform = %s",
			     d->origin, name, d->value, other, p->value,
			     p->origin, p->value, to, other);
		ru->errors++;
		return;
	}
	if (layer_of(d->origin) == L_DEFAULT) {
		ev.name = name;
		ev.value = to;
		ev.reason = "the counterpart on this platform of the default "
			    "driver";
		report_event(ru->r, &ev);
	} else {
		report_warning(ru->r, PASS,
			       "%s: %s = %s is a %s driver; appliance.platform "
			       "= %s (%s) takes its %s counterpart: %s = %s",
			       d->origin, name, d->value, other, p->value,
			       p->origin, p->value, name, to);
	}
	cfg_set(ru->c, section, "driver", to, strlen(to), p->origin);
}

/* The sections that have a "driver" key (declared or configured). */
static void driver_sections(const struct rules *ru, struct strbuf *out)
{
	const char *dot;
	size_t i;

	for (i = 0; i < ru->n; i++) {
		dot = strrchr(ru->full[i], '.');
		if (dot != NULL && strcmp(dot + 1, "driver") == 0)
			sb_printf(out, "%.*s\n", (int)(dot - ru->full[i]),
				  ru->full[i]);
	}
	for (i = 0; i < ru->c->n; i++)
		if (strcmp(ru->c->e[i].key, "driver") == 0 &&
		    !cfg_section_ignored(ru->c, ru->c->e[i].section) &&
		    !get(ru, ru->c->e[i].section, "driver").declared)
			sb_printf(out, "%s\n", ru->c->e[i].section);
}

static void platform_rule(struct rules *ru)
{
	struct setting p = get(ru, "appliance", "platform"), d;
	struct strbuf secs;
	const char *s, *nl, *other;
	char section[128];

	if (p.value == NULL || unilink_abi_platform_bit(p.value) == 0)
		return; /* no platform key, or a bad value config-fold reports
			 */
	if (!read_drivers(ru))
		return;
	sb_init(&secs);
	driver_sections(ru, &secs);
	for (s = secs.s; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		snprintf(section, sizeof(section), "%.*s", (int)(nl - s), s);
		d = get(ru, section, "driver");
		other = d.value ? platform_of(ru, d.value) : NULL;
		if (other != NULL && strcmp(other, p.value) != 0)
			map_driver(ru, section, &d, &p, other);
	}
	sb_free(&secs);
}

static bool is_true(const char *v)
{
	static const struct uni_config_key bool_key = {.type = UNI_CFG_BOOL};
	union uni_config_value val;

	return uni_config_parse_value(&bool_key, v, strlen(v), &val) == 0 &&
	       val.b;
}

/* S.dhcp = true and a static S.key from the configuration. */
static void dhcp_versus(struct rules *ru, const struct cfg_entry *dhcp,
			const char *key)
{
	const struct cfg_entry *e = cfg_find(ru->c, dhcp->section, key);
	char a[SHOW_SIZE], b[SHOW_SIZE];

	if (e == NULL)
		return;
	if (layer_of(dhcp->origin) <= layer_of(e->origin)) {
		report_error(ru->r, PASS,
			     "%s: %s.%s = %s is a static setting, but %s.dhcp "
			     "= %s (%s) takes the address from DHCP: expected "
			     "one of them (remove %s.%s, or set %s.dhcp = "
			     "false)",
			     e->origin, e->section, key,
			     show_value(a, e->value, strlen(e->value)),
			     dhcp->section,
			     show_value(b, dhcp->value, strlen(dhcp->value)),
			     dhcp->origin, e->section, key, dhcp->section);
		ru->errors++;
		return;
	}
	report_warning(ru->r, PASS,
		       "%s: %s.%s = %s is not used: %s.dhcp = %s (%s) takes "
		       "the address from DHCP",
		       e->origin, e->section, key,
		       show_value(a, e->value, strlen(e->value)), dhcp->section,
		       show_value(b, dhcp->value, strlen(dhcp->value)),
		       dhcp->origin);
	cfg_remove(ru->c, e->section, key);
}

static void dhcp_rule(struct rules *ru)
{
	const struct cfg_entry *e;
	struct strbuf secs;
	const char *s, *nl;
	char section[128];
	size_t i;

	sb_init(&secs);
	for (i = 0; i < ru->c->n; i++) {
		e = &ru->c->e[i];
		if (strcmp(e->key, "dhcp") == 0 && is_true(e->value) &&
		    !cfg_section_ignored(ru->c, e->section))
			sb_printf(&secs, "%s\n", e->section);
	}
	/* Entries move when one is removed: find the dhcp entry each time. */
	for (s = secs.s; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		snprintf(section, sizeof(section), "%.*s", (int)(nl - s), s);
		dhcp_versus(ru, cfg_find(ru->c, section, "dhcp"), "ipv4");
		dhcp_versus(ru, cfg_find(ru->c, section, "dhcp"), "gateway");
	}
	sb_free(&secs);
}

/*
 * net0.ipv4 = off (IPv6 only) removes IPv4 from the image: net0 then needs
 * IPv6, and net1 (IPv4 only, no IPv6) must be off. Errors, not notes: no
 * later layer can make either setting mean something else.
 */
static void ipv6_only_rule(struct rules *ru)
{
	struct setting v4 = get(ru, "net0", "ipv4");
	struct setting v6 = get(ru, "net0", "ipv6");
	struct setting n1 = get(ru, "net1", "driver");

	if (!v4.declared || v4.value == NULL || strcmp(v4.value, "off") != 0)
		return;
	if (v6.declared && v6.value != NULL && strcmp(v6.value, "off") == 0) {
		report_error(ru->r, PASS,
			     "%s: net0.ipv4 = off and net0.ipv6 = off (%s) "
			     "leave net0 without an address family: expected "
			     "net0.ipv6 = auto or static ADDR/LEN, or an IPv4 "
			     "address",
			     v4.origin, v6.origin);
		ru->errors++;
	}
	if (n1.declared && n1.value != NULL && strcmp(n1.value, "none") != 0) {
		report_error(ru->r, PASS,
			     "%s: net0.ipv4 = off removes IPv4 from the image, "
			     "but net1.driver = %s (%s) needs it (net1 has "
			     "IPv4 only): expected net1.driver = none, or an "
			     "IPv4 address for net0",
			     v4.origin, n1.value, n1.origin);
		ru->errors++;
	}
}

bool config_rules_may_change(const char *section, const char *key)
{
	static const char *const keys[] = {"driver", "dhcp", "ipv4", "gateway"};
	size_t i;

	if (strcmp(section, "appliance") == 0)
		return true;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

int unilink_config_resolve(struct unilink_config *c, LLVMModuleRef m,
			   struct unilink_report *r)
{
	struct rules ru = {.c = c, .r = r, .m = m};

	if (c == NULL || c->resolved)
		return 0;
	read_defaults(&ru, m);
	platform_rule(&ru);
	dhcp_rule(&ru);
	ipv6_only_rule(&ru);
	rules_free(&ru);
	c->resolved = ru.errors == 0;
	return ru.errors ? -1 : 0;
}
