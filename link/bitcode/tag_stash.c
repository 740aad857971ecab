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

/*
 * The component of the first function that uses v (through at most one
 * level of constant expressions), or NULL: "first" is enough, since a
 * constant used by several components' code belongs to none of them more.
 */
static const char *user_component(LLVMValueRef v, char *buf, size_t size,
				  int depth)
{
	for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u);
		const char *c = NULL;

		if (LLVMIsAInstruction(user))
			c = unilink_component_tag(
			    LLVMGetBasicBlockParent(
				LLVMGetInstructionParent(user)),
			    buf, size);
		else if (LLVMIsAConstantExpr(user) && depth == 0)
			c = user_component(user, buf, size, 1);
		if (c != NULL)
			return c;
	}
	return NULL;
}

/*
 * ConstantMerge keeps one of equal unnamed_addr constants (a string
 * literal "none" in TCP's code and in the DNS server's): the survivor
 * keeps its own name, so its stashed component may be one whose code the
 * passes removed. Such a constant takes the component of the code that
 * uses it. Generated data ("data") has no code of its own and keeps its tag.
 */
static const char *merged_component(LLVMValueRef g, const char *stashed,
				    const struct strmap *with_code, char *buf,
				    size_t size)
{
	LLVMLinkage l = LLVMGetLinkage(g);
	const char *c;

	if (strmap_get(with_code, stashed, 0) || strcmp(stashed, "data") == 0 ||
	    !LLVMIsGlobalConstant(g) ||
	    LLVMGetUnnamedAddress(g) == LLVMNoUnnamedAddr ||
	    (l != LLVMPrivateLinkage && l != LLVMInternalLinkage))
		return stashed;
	c = user_component(g, buf, size, 0);
	return c != NULL ? c : stashed;
}

void unilink_tags_restore(LLVMModuleRef m, struct tag_stash *s)
{
	struct strmap with_code; /* components that still have a function */

	memset(&with_code, 0, sizeof(with_code));
	for (LLVMValueRef f = LLVMGetFirstFunction(m); f;
	     f = LLVMGetNextFunction(f)) {
		char buf[160];
		const char *c =
		    LLVMIsDeclaration(f)
			? NULL
			: unilink_component_tag(f, buf, sizeof(buf));

		if (c != NULL)
			strmap_put(&with_code, c, 1);
	}
	for (LLVMValueRef g = LLVMGetFirstGlobal(m); g;
	     g = LLVMGetNextGlobal(g)) {
		char buf[160];
		size_t len;
		const char *name = LLVMGetValueName2(g, &len);
		long ix = len > 0 ? lookup(s, name) : -1;

		if (ix >= 0)
			unilink_tag_value(g, merged_component(g, s->comps[ix],
							      &with_code, buf,
							      sizeof(buf)));
	}
	for (long i = 0; i < s->ncomps; i++)
		free(s->comps[i]);
	free(s->comps);
	strmap_free(&with_code);
	strmap_free(&s->index);
	strmap_free(&s->compix);
	free(s);
}
