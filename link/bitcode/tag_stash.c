/* SPDX-License-Identifier: ISC */
/*
 * The component tags of the global variables, out of the module while
 * LLVM's pipeline runs (bitcode.h says why) and back after it: a map from
 * each tagged variable's name to its component. A variable the pipeline
 * made (GlobalOpt splits "x" into "x.0", "x.1") gets the component of the
 * name it was made from; one it merged away needs none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"
#include "bitcode/bitcode.h"

struct tag_stash {
	struct strmap index;  /* variable name -> index into comps */
	struct strmap compix; /* component -> index */
	char **comps;
	long ncomps;
};

static long component_index(struct tag_stash *s, const char *comp)
{
	long ix = strmap_get(&s->compix, comp, -1);

	if (ix >= 0)
		return ix;
	char **grown = unilink_xmalloc((s->ncomps + 1) * sizeof(*grown));

	if (s->ncomps > 0)
		memcpy(grown, s->comps, s->ncomps * sizeof(*grown));
	free(s->comps);
	s->comps = grown;
	ix = s->ncomps++;
	s->comps[ix] = unilink_strdup(comp);
	strmap_put(&s->compix, comp, ix);
	return ix;
}

struct tag_stash *unilink_tags_stash(LLVMModuleRef m)
{
	struct tag_stash *s = unilink_xmalloc(sizeof(*s));
	char buf[160];

	memset(s, 0, sizeof(*s));
	for (LLVMValueRef g = LLVMGetFirstGlobal(m); g;
	     g = LLVMGetNextGlobal(g)) {
		size_t len;
		const char *name = LLVMGetValueName2(g, &len);
		const char *comp = unilink_component_tag(g, buf, sizeof(buf));

		if (comp == NULL)
			continue;
		if (len > 0)
			strmap_put(&s->index, name, component_index(s, comp));
		unilink_untag_value(g);
	}
	return s;
}

/* The component of name, or of the name it was derived from ("x.0"). */
static long lookup(const struct tag_stash *s, const char *name)
{
	char buf[1024];
	char *dot;
	long ix;

	snprintf(buf, sizeof(buf), "%s", name);
	while ((ix = strmap_get(&s->index, buf, -1)) < 0 &&
	       (dot = strrchr(buf, '.')) != NULL && dot != buf)
		*dot = '\0';
	return ix;
}

void unilink_tags_restore(LLVMModuleRef m, struct tag_stash *s)
{
	for (LLVMValueRef g = LLVMGetFirstGlobal(m); g;
	     g = LLVMGetNextGlobal(g)) {
		size_t len;
		const char *name = LLVMGetValueName2(g, &len);
		long ix = len > 0 ? lookup(s, name) : -1;

		if (ix >= 0)
			unilink_tag_value(g, s->comps[ix]);
	}
	for (long i = 0; i < s->ncomps; i++)
		free(s->comps[i]);
	free(s->comps);
	strmap_free(&s->index);
	strmap_free(&s->compix);
	free(s);
}
