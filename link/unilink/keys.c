/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys a module declares, read from the initializers of
 * the descriptors UNI_CONFIG_*() places in the "uni_config" section (the
 * layout of struct uni_config_key in rt/include/uni/config.h: section,
 * name, help, default_text, var, min, max, names, type). Used for the
 * configuration reference (docs/configuration.md) and for the boot command
 * line of a generic image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "keys.h"
#include "unilink.h"

const char *unilink_key_type_name(uint32_t type)
{
	static const char *const names[] = {"?",    "bool", "int", "string",
					    "enum", "ipv4", "mac"};

	return type < 7 ? names[type] : "?";
}

/* The C string a pointer constant points to, into out ("" if none). */
static void string_of(LLVMValueRef v, char *out, size_t size)
{
	LLVMValueRef init;
	const char *p;
	size_t len;

	out[0] = '\0';
	while (v && LLVMIsAConstantExpr(v))
		v = LLVMGetOperand(v, 0);
	if (v == NULL || !LLVMIsAGlobalVariable(v))
		return;
	init = LLVMGetInitializer(v);
	if (init == NULL || !LLVMIsAConstantDataSequential(init))
		return;
	p = LLVMGetAsString(init, &len);
	snprintf(out, size, "%.*s", (int)strnlen(p, len), p);
}

static int64_t int_of(LLVMValueRef v)
{
	return v && LLVMIsAConstantInt(v) ? LLVMConstIntGetSExtValue(v) : 0;
}

/* The enum names array: "a, b, c". */
static void names_of(LLVMValueRef v, char *out, size_t size)
{
	LLVMValueRef arr;
	size_t n = 0;
	char one[128];

	out[0] = '\0';
	while (v && LLVMIsAConstantExpr(v))
		v = LLVMGetOperand(v, 0);
	if (v == NULL || !LLVMIsAGlobalVariable(v) ||
	    (arr = LLVMGetInitializer(v)) == NULL)
		return;
	for (int i = 0; i < LLVMGetNumOperands(arr); i++) {
		string_of(LLVMGetOperand(arr, i), one, sizeof(one));
		if (one[0] && n < size)
			n += snprintf(out + n, size - n, "%s%s", n ? ", " : "",
				      one);
	}
}

/* An enum's default as its name: the var's initial index into names. */
static void enum_default(LLVMValueRef var, struct keyinfo *k)
{
	LLVMValueRef init;
	const char *p = k->names;
	int64_t ix;

	while (var && LLVMIsAConstantExpr(var))
		var = LLVMGetOperand(var, 0);
	if (var == NULL || !LLVMIsAGlobalVariable(var) ||
	    (init = LLVMGetInitializer(var)) == NULL)
		return;
	ix = int_of(init);
	for (int64_t i = 0; i < ix && p; i++)
		if ((p = strstr(p, ", ")) != NULL)
			p += 2;
	if (p != NULL)
		snprintf(k->deftext, sizeof(k->deftext), "%.*s",
			 (int)strcspn(p, ","), p);
}

static void read_key(LLVMValueRef g, struct keyinfo *k)
{
	LLVMValueRef s = LLVMGetInitializer(g);
	char buf[160];

	memset(k, 0, sizeof(*k));
	string_of(LLVMGetOperand(s, F_SECTION), k->section, sizeof(k->section));
	string_of(LLVMGetOperand(s, F_NAME), k->name, sizeof(k->name));
	string_of(LLVMGetOperand(s, F_HELP), k->help, sizeof(k->help));
	string_of(LLVMGetOperand(s, F_DEFAULT), k->deftext, sizeof(k->deftext));
	k->min = int_of(LLVMGetOperand(s, F_MIN));
	k->max = int_of(LLVMGetOperand(s, F_MAX));
	names_of(LLVMGetOperand(s, F_NAMES), k->names, sizeof(k->names));
	k->type = (uint32_t)int_of(LLVMGetOperand(s, F_TYPE));
	if (k->type == 4)
		enum_default(LLVMGetOperand(s, F_VAR), k);
	if (unilink_component_tag(g, buf, sizeof(buf)) != NULL)
		snprintf(k->source, sizeof(k->source), "%s", buf);
}

static int by_key(const void *a, const void *b)
{
	const struct keyinfo *x = a, *y = b;
	int d = strcmp(x->section, y->section);

	return d ? d : strcmp(x->name, y->name);
}

void unilink_keys_read(LLVMModuleRef m, struct keylist *out)
{
	memset(out, 0, sizeof(*out));
	for (LLVMValueRef g = LLVMGetFirstGlobal(m); g;
	     g = LLVMGetNextGlobal(g)) {
		const char *sec = LLVMGetSection(g);
		LLVMValueRef init = LLVMGetInitializer(g);

		if (sec == NULL || strcmp(sec, "uni_config") != 0 ||
		    init == NULL || LLVMGetNumOperands(init) <= F_TYPE)
			continue;
		out->k = realloc(out->k, (out->n + 1) * sizeof(*out->k));
		read_key(g, &out->k[out->n++]);
	}
	qsort(out->k, out->n, sizeof(*out->k), by_key);
}

void unilink_keys_free(struct keylist *l)
{
	free(l->k);
	memset(l, 0, sizeof(*l));
}
