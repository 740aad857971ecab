/* SPDX-License-Identifier: ISC */
/*
 * The platform step of unilink-driver-prune: the entry points of the
 * platforms the image is not built for leave llvm.used (see
 * UNI_PLATFORM_ENTRY in uni/abi.h), so that globaldce removes their boot
 * paths: a VM image keeps no hosted boot code. The platform is
 * appliance.platform as
 * config-fold recorded it, else the configuration's, else the key's
 * default; without a platform key nothing changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_fold.h"

#define PASS PASS_DRIVER_PRUNE

/* appliance.platform's effective value (to free), or NULL. */
static char *platform_value(LLVMModuleRef m, const struct unilink_config *c)
{
	struct folded_key *rec;
	struct vals descs = {0};
	char *full, *value, *found = NULL;
	size_t n = config_records(m, &rec), i;

	for (i = 0; i < n && found == NULL; i++)
		if (strcmp(rec[i].key, "appliance.platform") == 0)
			found = xstrdup(rec[i].value);
	config_records_free(rec, n);
	for (i = 0; c != NULL && i < c->n && found == NULL; i++)
		if (strcmp(c->e[i].section, "appliance") == 0 &&
		    strcmp(c->e[i].key, "platform") == 0)
			found = xstrdup(c->e[i].value);
	if (found != NULL)
		return found;
	collect_section(m, UNI_SECTION_CONFIG, &descs);
	for (i = 0; i < descs.n && found == NULL; i++) {
		if (!config_key_current(m, descs.v[i], &full, &value))
			continue;
		if (strcmp(full, "appliance.platform") == 0)
			found = value;
		else
			free(value);
		free(full);
	}
	vals_free(&descs);
	return found;
}

/* Whether the "_"-separated list serves platform. */
static bool serves(const char *list, const char *platform)
{
	size_t len = strlen(platform);

	while (*list == '_') {
		list++;
		if (strncmp(list, platform, len) == 0 &&
		    (list[len] == '_' || list[len] == '\0'))
			return true;
		list = strchr(list, '_');
		if (list == NULL)
			break;
	}
	return false;
}

bool prune_platform_entries(LLVMModuleRef m, const struct unilink_config *c,
			    struct unilink_report *r)
{
	const size_t plen = strlen(UNI_SECTION_PLATFORM_ENTRY);
	char *platform = platform_value(m, c);
	struct event ev = {.pass = PASS, .event = "remove"};
	struct vals gone = {0};
	const char *sec;
	char why[256];
	bool changed;

	if (platform == NULL)
		return false;
	for (LLVMValueRef f = LLVMGetFirstFunction(m); f != NULL;
	     f = LLVMGetNextFunction(f)) {
		sec = LLVMGetSection(f);
		if (LLVMIsDeclaration(f) || sec == NULL ||
		    strncmp(sec, UNI_SECTION_PLATFORM_ENTRY, plen) != 0 ||
		    serves(sec + plen, platform))
			continue;
		size_t len;

		ev.name = LLVMGetValueName2(f, &len);
		/* ".text.uni_platform_linux": "linux" (a list: "kvm_xen"). */
		snprintf(why, sizeof(why),
			 "the entry point of platform %s; appliance.platform "
			 "= %s",
			 sec + plen + 1, platform);
		ev.reason = why;
		report_event(r, &ev);
		vals_push(&gone, f);
	}
	changed = gone.n > 0;
	if (changed)
		used_remove(m, &gone);
	vals_free(&gone);
	free(platform);
	return changed;
}
