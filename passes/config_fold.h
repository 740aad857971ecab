/* SPDX-License-Identifier: ISC */
/*
 * The config-fold pass's view of one key (a descriptor of section
 * "uni_config" read back into a struct uni_config_key) and the conversions
 * between key values and LLVM constants (config_value.c).
 */
#ifndef UNILINK_CONFIG_FOLD_H
#define UNILINK_CONFIG_FOLD_H

#include "internal.h"
#include "unilink_abi.h"
#include "value.h"

struct cfg_key {
	LLVMValueRef desc, var;
	struct unilink_config_desc d; /* as read (owns the strings) */
	struct uni_config_key k;      /* the same, as value.c takes it */
	char *full;		      /* "section.key" */
	const struct cfg_entry *entry;
	char *value_text;  /* the effective value, as the report shows it */
	LLVMValueRef init; /* the new initializer; NULL keeps the old one */
};

/* The state of one run of config-fold. */
struct fold {
	LLVMModuleRef m;
	const struct unilink_config *c;
	struct unilink_report *r;
	struct cfg_key *keys;
	size_t n;
	struct folded_key *prev; /* keys folded by an earlier run */
	size_t nprev;
	int errors;
	bool per_file; /* UNILINK_PER_FILE: one translation unit */
};

/* config_key.c: the name of global g. */
const char *global_name(LLVMValueRef g);
/* config_key.c: the key of descriptor desc; *err when it is not one. */
bool cfg_key_read(LLVMValueRef desc, struct cfg_key *key,
		  char err[UNILINK_ABI_ERR]);
/* config_key.c: the strings cfg_key_read and config-fold allocated. */
void cfg_key_free(struct cfg_key *key);

/*
 * config_key.c: the key of descriptor desc as "section.key" in *full and
 * its value as its global holds it now (the default before config-fold);
 * false when desc is not a readable struct uni_config_key.
 */
bool config_key_current(LLVMModuleRef m, LLVMValueRef desc, char **full,
			char **value);

/*
 * platform_entry.c (driver-prune): drop from llvm.used the platform entries
 * that do not serve appliance.platform; true when it dropped one.
 */
bool prune_platform_entries(LLVMModuleRef m, const struct unilink_config *c,
			    struct unilink_report *r);

/* config_file.c: the configuration's entries, changed by config_rules.c. */
void cfg_set(struct unilink_config *c, const char *section, const char *key,
	     const char *value, size_t vlen, const char *origin);
void cfg_remove(struct unilink_config *c, const char *section, const char *key);
struct unilink_config *config_copy(const struct unilink_config *c);

/*
 * config_rules.c: whether the rules between keys may change section.key
 * (a driver key, the platform, S.dhcp, S.ipv4, S.gateway): a per-file run,
 * which cannot apply them without the whole program, leaves it.
 */
bool config_rules_may_change(const char *section, const char *key);

/* config_check.c: report a write to the key's global (an error). */
void check_writes(struct fold *f, const struct cfg_key *key);
/* config_check.c: report entries for unknown sections and keys. */
void check_entries(struct fold *f);

/*
 * The value of k's global as text ("true", "1500", "uart", "10.0.0.2/24",
 * "52:54:00:12:34:56"), or NULL with *why set when the initializer is not a
 * value of the key's type.
 */
char *value_text_of_init(LLVMModuleRef m, const struct cfg_key *k,
			 const char **why);
/*
 * The initializer for k's global holding v (a STRING gets a new private
 * constant string global); NULL with *why set when the global's type cannot
 * hold the key's type.
 */
LLVMValueRef init_for_value(LLVMModuleRef m, const struct cfg_key *k,
			    const union uni_config_value *v, const char **why);
/* The text of a parsed value, as value_text_of_init writes it. */
char *value_text(const struct cfg_key *k, const union uni_config_value *v);

#endif
