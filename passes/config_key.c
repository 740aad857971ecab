/* SPDX-License-Identifier: ISC */
/*
 * One config key as the passes see it: a descriptor of section "uni_config"
 * read back (abi_read.c) into a struct cfg_key, and the value its global
 * holds now. Below config-fold, its checks (config_check.c) and the rules
 * between keys (config_rules.c): the three use it, it uses none of them.
 */
#include <stdlib.h>
#include <string.h>

#include "config_fold.h"

const char *global_name(LLVMValueRef g)
{
	size_t len;

	return LLVMGetValueName2(g, &len);
}

/* The key of descriptor desc (abi_read.c); *err when it is not one. */
bool cfg_key_read(LLVMValueRef desc, struct cfg_key *key,
		  char err[UNILINK_ABI_ERR])
{
	struct unilink_config_desc *d = &key->d;
	struct uni_config_key *k = &key->k;

	key->desc = desc;
	if (unilink_abi_config_key(desc, d, err) < 0)
		return false;
	key->var = d->var;
	*k = (struct uni_config_key){.section = d->section,
				     .name = d->name,
				     .help = d->help,
				     .default_text = d->default_text,
				     .min = d->min,
				     .max = d->max,
				     .names = (const char *const *)d->names,
				     .type = d->type};
	key->full = xcalloc(strlen(k->section) + strlen(k->name) + 2, 1);
	strcat(strcat(strcat(key->full, k->section), "."), k->name);
	return true;
}

void cfg_key_free(struct cfg_key *key)
{
	unilink_abi_config_key_free(&key->d);
	free(key->full);
	free(key->value_text);
}

bool config_key_current(LLVMModuleRef m, LLVMValueRef desc, char **full,
			char **value)
{
	struct cfg_key key = {0};
	char err[UNILINK_ABI_ERR];
	const char *why;
	bool ok = cfg_key_read(desc, &key, err) &&
		  LLVMGetInitializer(key.var) != NULL;

	if (ok)
		*value = value_text_of_init(m, &key, &why);
	ok = ok && *value != NULL;
	if (ok) {
		*full = key.full;
		key.full = NULL;
	}
	cfg_key_free(&key);
	return ok;
}
