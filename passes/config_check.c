/* SPDX-License-Identifier: ISC */
/*
 * The checks of config-fold that come before any change: no code may write
 * a config global, and every configuration entry must name a key that the
 * module declares (or that an earlier run already folded).
 */
#include <stdlib.h>
#include <string.h>

#include "config_fold.h"

#define PASS PASS_CONFIG_FOLD

/* Whether call instruction i is memcpy/memmove/memset (dest: operand 0). */
static bool is_mem_write_call(LLVMValueRef i)
{
	static const char *const prefixes[] = {"llvm.memcpy", "llvm.memmove",
					       "llvm.memset"};
	static const char *const names[] = {"memcpy", "memmove", "memset"};
	LLVMValueRef callee = LLVMGetCalledValue(i);
	const char *name;
	size_t len, k;

	if (callee == NULL || !LLVMIsAFunction(callee))
		return false;
	name = LLVMGetValueName2(callee, &len);
	for (k = 0; k < 3; k++)
		if (strncmp(name, prefixes[k], strlen(prefixes[k])) == 0 ||
		    strcmp(name, names[k]) == 0)
			return true;
	return false;
}

/* What kind of write instruction i does to ptr, or NULL if none. */
static const char *write_kind(LLVMValueRef i, LLVMValueRef ptr)
{
	switch (LLVMGetInstructionOpcode(i)) {
	case LLVMStore:
		return LLVMGetOperand(i, 1) == ptr ? "a store" : NULL;
	case LLVMAtomicRMW:
		return LLVMGetOperand(i, 0) == ptr ? "an atomic update" : NULL;
	case LLVMAtomicCmpXchg:
		return LLVMGetOperand(i, 0) == ptr ? "a compare-and-exchange"
						   : NULL;
	case LLVMCall:
		return is_mem_write_call(i) && LLVMGetOperand(i, 0) == ptr
			   ? "a memcpy/memmove/memset into it"
			   : NULL;
	default:
		return NULL;
	}
}

/* Instructions that yield a pointer derived from their pointer operand. */
static bool derives_pointer(LLVMValueRef i)
{
	switch (LLVMGetInstructionOpcode(i)) {
	case LLVMGetElementPtr:
	case LLVMBitCast:
	case LLVMAddrSpaceCast:
	case LLVMPHI:
	case LLVMSelect:
		return true;
	default:
		return false;
	}
}

/* The first write through ptr or a pointer derived from it. */
static LLVMValueRef find_write(LLVMValueRef ptr, struct vals *seen,
			       const char **what)
{
	LLVMUseRef u;
	LLVMValueRef user, w;

	for (u = LLVMGetFirstUse(ptr); u != NULL; u = LLVMGetNextUse(u)) {
		user = LLVMGetUser(u);
		if (LLVMIsAGlobalValue(user) || vals_has(seen, user))
			continue;
		if (LLVMIsAInstruction(user)) {
			*what = write_kind(user, ptr);
			if (*what != NULL)
				return user;
			if (!derives_pointer(user))
				continue;
		} else if (!LLVMIsAConstantExpr(user)) {
			continue;
		}
		vals_push(seen, user);
		w = find_write(user, seen, what);
		if (w != NULL)
			return w;
	}
	return NULL;
}

static const char *function_of(LLVMValueRef inst)
{
	size_t len;
	LLVMValueRef fn =
	    LLVMGetBasicBlockParent(LLVMGetInstructionParent(inst));

	return LLVMGetValueName2(fn, &len);
}

void check_writes(struct fold *f, const struct cfg_key *key)
{
	struct vals seen = {0};
	const char *what = NULL;
	LLVMValueRef w = find_write(key->var, &seen, &what);

	vals_free(&seen);
	if (w == NULL)
		return;
	report_error(f->r, PASS,
		     "%s: expected a read-only config global, found %s to @%s "
		     "in function %s(); set the key in the configuration "
		     "instead",
		     key->full, what, global_name(key->var), function_of(w));
	f->errors++;
}

/* A sorted set of names (copies), for "known keys" lists and suggestions. */
struct names {
	char **v;
	size_t n;
};

static bool names_has(const struct names *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return true;
	return false;
}

static void names_add(struct names *s, const char *name, size_t len)
{
	char *copy = xstrndup(name, len);
	size_t i;

	if (names_has(s, copy)) {
		free(copy);
		return;
	}
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	for (i = s->n; i > 0 && strcmp(s->v[i - 1], copy) > 0; i--)
		s->v[i] = s->v[i - 1];
	s->v[i] = copy;
	s->n++;
}

static void names_free(struct names *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static void names_join(const struct names *s, struct strbuf *b)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		sb_printf(b, "%s%s", i ? ", " : "", s->v[i]);
}

/* Add "section.key" to the sections (section NULL) or keys of section. */
static void add_known(struct names *out, const char *section, const char *sec,
		      size_t seclen, const char *key)
{
	if (section == NULL)
		names_add(out, sec, seclen);
	else if (strlen(section) == seclen &&
		 strncmp(section, sec, seclen) == 0)
		names_add(out, key, strlen(key));
}

/* The sections (section NULL) or the keys of one section the module knows. */
static void known_names(const struct fold *f, const char *section,
			struct names *out)
{
	const struct uni_config_key *k;
	const char *dot;
	size_t i;

	for (i = 0; i < f->n; i++) {
		k = &f->keys[i].k;
		add_known(out, section, k->section, strlen(k->section),
			  k->name);
	}
	for (i = 0; i < f->nprev; i++) {
		dot = strchr(f->prev[i].key, '.');
		if (dot != NULL)
			add_known(out, section, f->prev[i].key,
				  (size_t)(dot - f->prev[i].key), dot + 1);
	}
}

static void suggest(struct strbuf *b, const char *fmt, const char *section,
		    const char *name, const struct names *known)
{
	const char *near =
	    nearest_name(name, (const char *const *)known->v, known->n);

	if (near != NULL)
		sb_printf(b, fmt, section, near);
}

static void unknown_entry(struct fold *f, const struct cfg_entry *e)
{
	struct names sections = {0}, keys = {0};
	struct strbuf b;
	char key[SHOW_SIZE];

	sb_init(&b);
	show_value(key, e->key, strlen(e->key));
	known_names(f, NULL, &sections);
	if (!names_has(&sections, e->section)) {
		sb_printf(&b,
			  "%s: unknown section [%s] (in %s.%s): the program "
			  "declares the sections: ",
			  e->origin, e->section, e->section, key);
		names_join(&sections, &b);
		suggest(&b, "; did you mean [%.0s%s]?", "", e->section,
			&sections);
	} else {
		known_names(f, e->section, &keys);
		sb_printf(&b, "%s: unknown key %s.%s: the keys of [%s] are: ",
			  e->origin, e->section, key, e->section);
		names_join(&keys, &b);
		suggest(&b, "; did you mean %s.%s?", e->section, e->key, &keys);
	}
	report_error(f->r, PASS, "%s", b.s);
	f->errors++;
	sb_free(&b);
	names_free(&sections);
	names_free(&keys);
}

static bool entry_is_key(const struct fold *f, const struct cfg_entry *e)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->keys[i].k.section, e->section) == 0 &&
		    strcmp(f->keys[i].k.name, e->key) == 0)
			return true;
	return false;
}

/* An entry for a key an earlier run folded: the value must not change. */
static const struct folded_key *earlier_fold(const struct fold *f,
					     const struct cfg_entry *e)
{
	size_t i, slen = strlen(e->section);

	for (i = 0; i < f->nprev; i++)
		if (strncmp(f->prev[i].key, e->section, slen) == 0 &&
		    f->prev[i].key[slen] == '.' &&
		    strcmp(f->prev[i].key + slen + 1, e->key) == 0)
			return &f->prev[i];
	return NULL;
}

void check_entries(struct fold *f)
{
	const struct cfg_entry *e;
	const struct folded_key *old;
	size_t i;

	for (i = 0; f->c != NULL && i < f->c->n; i++) {
		e = &f->c->e[i];
		if (cfg_section_ignored(f->c, e->section) || entry_is_key(f, e))
			continue;
		old = earlier_fold(f, e);
		if (old == NULL && f->per_file)
			continue; /* declared in another translation unit */
		if (old == NULL) {
			unknown_entry(f, e);
		} else if (strcmp(old->value, e->value) != 0) {
			char a[SHOW_SIZE], b[SHOW_SIZE];

			report_error(
			    f->r, PASS,
			    "%s: %s.%s = \"%s\": expected \"%s\", the "
			    "value an earlier run folded it to",
			    e->origin, e->section, e->key,
			    show_value(a, e->value, strlen(e->value)),
			    show_value(b, old->value, strlen(old->value)));
			f->errors++;
		}
	}
}
