/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys a module declares: the descriptors UNI_CONFIG_*()
 * places in the "uni_config" section, read by the passes' ABI reader
 * (passes/unilink_abi.h) and kept as fixed-size text. Used for the
 * configuration reference (docs/configuration.md) and for the boot command
 * line of a generic image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitcode/bitcode.h"
#include "config/config.h"
#include "config/keys.h"
#include "unilink_abi.h"

const char *unilink_key_type_name(uint32_t type)
{
	return unilink_abi_type_name(type);
}

/* The enum names: "a, b, c". */
static void names_of(char *const *names, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; names != NULL && names[i] != NULL && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", n ? ", " : "",
				      names[i]);
}

/* An enum's default as its name: the var's initial index into names. */
static void enum_default(const struct unilink_config_desc *d, struct keyinfo *k)
{
	LLVMValueRef init = LLVMGetInitializer(d->var);
	int64_t ix, n = 0;

	if (init == NULL || !LLVMIsAConstantInt(init))
		return;
	ix = LLVMConstIntGetSExtValue(init);
	while (d->names[n] != NULL)
		n++;
	if (ix >= 0 && ix < n)
		snprintf(k->deftext, sizeof(k->deftext), "%s", d->names[ix]);
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s != NULL ? s : "");
}

/* The key of descriptor g (abi_read.c); -1 after a message. */
static int read_key(LLVMValueRef g, struct keyinfo *k)
{
	struct unilink_config_desc d;
	char err[UNILINK_ABI_ERR], buf[160];

	memset(k, 0, sizeof(*k));
	if (unilink_abi_config_key(g, &d, err) < 0) {
		unilink_error("%s", err);
		unilink_abi_config_key_free(&d);
		return -1;
	}
	copy(k->section, sizeof(k->section), d.section);
	copy(k->name, sizeof(k->name), d.name);
	copy(k->help, sizeof(k->help), d.help);
	copy(k->deftext, sizeof(k->deftext), d.default_text);
	k->min = d.min;
	k->max = d.max;
	names_of(d.names, k->names, sizeof(k->names));
	k->type = d.type;
	if (k->type == UNI_CFG_ENUM)
		enum_default(&d, k);
	if (unilink_component_tag(g, buf, sizeof(buf)) != NULL)
		snprintf(k->source, sizeof(k->source), "%s", buf);
	unilink_abi_config_key_free(&d);
	return 0;
}

static int by_key(const void *a, const void *b)
{
	const struct keyinfo *x = a, *y = b;
	int d = strcmp(x->section, y->section);

	return d ? d : strcmp(x->name, y->name);
}

int unilink_keys_read(LLVMModuleRef m, struct keylist *out)
{
	size_t n;
	LLVMValueRef *descs = unilink_abi_collect(m, UNI_SECTION_CONFIG, &n);
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->k = unilink_xmalloc((n + 1) * sizeof(*out->k));
	for (size_t i = 0; i < n; i++)
		if (read_key(descs[i], &out->k[out->n]) == 0)
			out->n++;
		else
			rc = -1;
	free(descs);
	qsort(out->k, (size_t)out->n, sizeof(*out->k), by_key);
	return rc;
}

void unilink_keys_free(struct keylist *l)
{
	free(l->k);
	memset(l, 0, sizeof(*l));
}
