/* SPDX-License-Identifier: ISC */
/*
 * unilink-config-fold: give every config key its value and make its global
 * constant, so that loads of it fold and code it disables becomes dead.
 *
 * Algorithm:
 *   1. Read each descriptor of section "uni_config" (struct uni_config_key,
 *      see rt/include/uni/config.h) back through abi_read.c.
 *   2. Refuse a program that writes a config global (a store, an atomic,
 *      a memcpy/memset into it, directly or through a GEP or a cast).
 *   0. Unless the caller resolved the configuration already (the unilink
 *      command does, once per build), apply the rules between keys
 *      (config_rules.c) to a copy of it: the platform maps drivers, DHCP
 *      excludes a static address.
 *   3. Refuse configuration entries for unknown sections or keys, with the
 *      known ones and the nearest as a suggestion.
 *   4. Parse each configured value with the boot reader's own parser
 *      (common/config/value.c); a key without one keeps its initializer, the
 *      default.
 *   5. Only when all of that succeeded: set the initializers, mark the
 *      globals constant, record key = value in !unilink.config, delete the
 *      descriptors (and their llvm.used / llvm.compiler.used entries). When
 *      the section is then empty, uni_config_boot_reader_needed (if the
 *      module defines it) is folded to false: the boot reader is dead code.
 *      The markers of per-file runs (pending.c) are deleted, and so are
 *      the data-set descriptors (section uni_data), as the command's data
 *      step deletes them.
 *
 * A per-file run (UNILINK_PER_FILE) sees one translation unit: it skips
 * step 0 and the keys the rules may change (a driver key, the platform,
 * DHCP and the static address), does not call entries for keys it cannot
 * see unknown (their units are checked at link time), leaves the boot
 * reader alone and, when it folded a key, leaves its marker.
 */
#include <stdlib.h>
#include <string.h>

#include "config_fold.h"

#define PASS PASS_CONFIG_FOLD

/* A per-file run leaves the keys the rules between keys may change. */
static bool left_for_program(struct fold *f, const struct cfg_key *key)
{
	struct event ev = {.pass = PASS,
			   .event = "defer",
			   .name = key->full,
			   .reason = "the rules between keys may change it: "
				     "the whole-program run folds it"};

	if (!f->per_file ||
	    !config_rules_may_change(key->k.section, key->k.name))
		return false;
	report_event(f->r, &ev);
	return true;
}

static void read_keys(struct fold *f)
{
	struct vals descs = {0};
	char err[UNILINK_ABI_ERR];
	size_t i;

	collect_section(f->m, UNI_SECTION_CONFIG, &descs);
	f->keys = xcalloc(descs.n, sizeof(*f->keys));
	for (i = 0; i < descs.n; i++) {
		if (cfg_key_read(descs.v[i], &f->keys[f->n], err)) {
			if (!left_for_program(f, &f->keys[f->n]))
				f->n++;
			else
				cfg_key_free(&f->keys[f->n]);
			continue;
		}
		report_error(f->r, PASS, "%s", err);
		f->errors++;
		cfg_key_free(&f->keys[f->n]);
		memset(&f->keys[f->n], 0, sizeof(f->keys[f->n]));
	}
	vals_free(&descs);
}

static void compute_value(struct fold *f, struct cfg_key *key)
{
	union uni_config_value v;
	const char *why = NULL;
	char expected[256];

	key->entry = cfg_find(f->c, key->k.section, key->k.name);
	if (LLVMGetInitializer(key->var) == NULL) {
		report_error(f->r, PASS,
			     "%s: expected the definition of its global @%s in "
			     "this module, found only a declaration",
			     key->full, global_name(key->var));
		f->errors++;
		return;
	}
	if (key->entry == NULL) {
		key->value_text = value_text_of_init(f->m, key, &why);
		if (key->value_text == NULL) {
			report_error(f->r, PASS,
				     "%s: the initializer of @%s is not a "
				     "valid default: expected %s",
				     key->full, global_name(key->var), why);
			f->errors++;
		}
		return;
	}
	if (uni_config_parse_value(&key->k, key->entry->value,
				   strlen(key->entry->value), &v) < 0) {
		char shown[SHOW_SIZE];

		report_error(
		    f->r, PASS, "%s: %s = \"%s\": expected %s (%s key)",
		    key->entry->origin, key->full,
		    show_value(shown, key->entry->value,
			       strlen(key->entry->value)),
		    uni_config_expected(&key->k, expected, sizeof(expected)),
		    uni_config_type_name(key->k.type));
		f->errors++;
		return;
	}
	key->init = init_for_value(f->m, key, &v, &why);
	if (key->init == NULL) {
		report_error(f->r, PASS, "%s: global @%s: expected %s",
			     key->full, global_name(key->var), why);
		f->errors++;
		return;
	}
	key->value_text = value_text(key, &v);
}

/*
 * Keys folded by a per-file run: code of another file, which that run
 * could not see, must not write them either.
 */
static void check_earlier_writes(struct fold *f)
{
	struct cfg_key key;
	size_t i;

	for (i = 0; i < f->nprev && !f->per_file; i++) {
		memset(&key, 0, sizeof(key));
		key.full = f->prev[i].key;
		key.var = f->prev[i].global != NULL
			      ? LLVMGetNamedGlobal(f->m, f->prev[i].global)
			      : NULL;
		if (key.var != NULL)
			check_writes(f, &key);
	}
}

/* Everything mutates only after this returned true. */
static bool validate(struct fold *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		check_writes(f, &f->keys[i]);
	check_earlier_writes(f);
	check_entries(f);
	for (i = 0; i < f->n; i++)
		compute_value(f, &f->keys[i]);
	return f->errors == 0;
}

static void fold_key(struct fold *f, struct cfg_key *key)
{
	const char *origin = key->entry ? key->entry->origin : "default";
	struct event ev = {.pass = PASS,
			   .event = "fold",
			   .name = key->full,
			   .value = key->value_text,
			   .origin = origin};

	if (key->init != NULL)
		LLVMSetInitializer(key->var, key->init);
	LLVMSetGlobalConstant(key->var, 1);
	config_record(f->m, key->full, key->value_text, origin,
		      global_name(key->var));
	report_event(f->r, &ev);
}

/* When no descriptor is left, tell rt that the boot reader is not needed. */
static bool fold_reader_flag(struct fold *f)
{
	LLVMValueRef g =
	    LLVMGetNamedGlobal(f->m, "uni_config_boot_reader_needed");
	struct vals left = {0};
	struct event ev = {.pass = PASS,
			   .event = "dead",
			   .name = "uni_config_boot_reader_needed",
			   .value = "false",
			   .reason =
			       "every config key is folded: the boot-time "
			       "config reader is dead code"};
	LLVMTypeRef t;
	size_t nleft;

	collect_section(f->m, UNI_SECTION_CONFIG, &left);
	nleft = left.n;
	vals_free(&left);
	if (nleft > 0 || g == NULL || LLVMGetInitializer(g) == NULL)
		return false;
	t = LLVMGlobalGetValueType(g);
	if (LLVMGetTypeKind(t) != LLVMIntegerTypeKind)
		return false;
	if (LLVMIsGlobalConstant(g) && LLVMIsNull(LLVMGetInitializer(g)))
		return false;
	LLVMSetInitializer(g, LLVMConstInt(t, 0, 0));
	LLVMSetGlobalConstant(g, 1);
	report_event(f->r, &ev);
	return true;
}

/*
 * The data-set descriptors (section uni_data, rt/include/uni/data.h) only
 * tell the unilink command and `unilink data` which files to embed, which
 * happened before the whole program is specialised: deleted here as the
 * command's data step deletes them, so that an image linked with the
 * plugin carries them no more than the command's does.
 */
static bool drop_data_descriptors(struct fold *f)
{
	struct vals descs = {0};
	size_t n;

	collect_section(f->m, UNI_SECTION_DATA, &descs);
	n = descs.n - delete_descriptors(f->m, &descs, NULL);
	vals_free(&descs);
	return n > 0;
}

static bool mutate(struct fold *f)
{
	struct vals descs = {0};
	bool *kept, changed;
	size_t i;

	for (i = 0; i < f->n; i++) {
		fold_key(f, &f->keys[i]);
		vals_push(&descs, f->keys[i].desc);
	}
	kept = xcalloc(descs.n + 1, sizeof(*kept));
	delete_descriptors(f->m, &descs, kept);
	for (i = 0; i < descs.n; i++)
		if (kept[i])
			report_warning(f->r, PASS,
				       "descriptor of %s is still referenced: "
				       "kept",
				       f->keys[i].full);
	free(kept);
	vals_free(&descs);
	if (f->per_file) {
		/* Other units' keys and the boot reader: at link time. */
		if (f->n > 0)
			pending_add(f->m);
		return f->n > 0;
	}
	changed = pending_remove(f->m) > 0;
	changed |= drop_data_descriptors(f);
	changed |= fold_reader_flag(f);
	return changed || f->n > 0;
}

static void fold_free(struct fold *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		cfg_key_free(&f->keys[i]);
	free(f->keys);
	config_records_free(f->prev, f->nprev);
}

int unilink_config_fold(LLVMModuleRef m, const struct unilink_config *c,
			unsigned flags, struct unilink_report *r)
{
	struct fold f = {
	    .m = m, .r = r, .per_file = (flags & UNILINK_PER_FILE) != 0};
	struct unilink_config *own;
	int rc = pass_begin(m, PASS, c, flags, r);

	if (rc <= 0)
		return rc;
	rc = -1;
	/*
	 * The rules run once: here only for a configuration not resolved,
	 * and not per file, which folds no key they may change.
	 */
	own = c != NULL && !c->resolved && !f.per_file ? config_copy(c) : NULL;
	if (own != NULL && unilink_config_resolve(own, m, r) < 0) {
		unilink_config_free(own);
		return -1;
	}
	f.c = own != NULL ? own : c;
	f.nprev = config_records(m, &f.prev);
	read_keys(&f);
	if (validate(&f)) {
		rc = mutate(&f) ? 1 : 0;
		if (!f.per_file || f.n > 0)
			pass_end(m, PASS, c, flags);
	}
	fold_free(&f);
	unilink_config_free(own);
	return rc;
}
