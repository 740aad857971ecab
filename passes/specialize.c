/* SPDX-License-Identifier: ISC */
/*
 * unilink-specialize: config-fold, driver-prune and protocol-prune in this
 * order (each one reads what the one before left), and for the in-process
 * use LLVM's own pipeline after them: the one pipeline of unilink
 * (unilink_opt_pipeline, "internalize,lto<Os>" by default), run by the one
 * wrapper of LLVMRunPasses (unilink_run_passes), which the command uses too.
 *
 * Algorithm of unilink_specialize:
 *   1. Put the keep list (the entry points, memcpy, memset, memmove,
 *      memcmp) in llvm.used for the time of the passes and the pipeline,
 *      because internalize keeps exactly what llvm.used names: so the
 *      module is a whole program whose roots are llvm.used, and
 *      protocol-prune is told so (UNILINK_WHOLE_PROGRAM).
 *   2. Run the three passes; stop at the first error.
 *   3. unilink_run_passes("internalize,lto<Os>"), the command's pipeline
 *      (the functions marked optsize first, as clang -Os marks them):
 *      nothing here re-implements an optimisation.
 *   4. Take the keep list out of llvm.used again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "internal.h"

#define PASS "specialize"

int unilink_specialize_passes(LLVMModuleRef m, const struct unilink_config *c,
			      unsigned flags, struct unilink_report *r)
{
	int (*const passes[])(LLVMModuleRef, const struct unilink_config *,
			      unsigned, struct unilink_report *) = {
	    unilink_config_fold, unilink_driver_prune, unilink_protocol_prune};
	int rc, changed = 0;
	size_t i;

	for (i = 0; i < sizeof(passes) / sizeof(passes[0]); i++) {
		rc = passes[i](m, c, flags, r);
		if (rc < 0)
			return -1;
		changed |= rc;
	}
	return changed;
}

static void keep_symbol(LLVMModuleRef m, const char *name, struct vals *keep)
{
	LLVMValueRef g = LLVMGetNamedFunction(m, name);

	if (g == NULL)
		g = LLVMGetNamedGlobal(m, name);
	if (g != NULL && !LLVMIsDeclaration(g) && !vals_has(keep, g))
		vals_push(keep, g);
}

/* The defined symbols of the keep list that llvm.used does not name yet. */
static void keep_list(LLVMModuleRef m, const struct unilink_pipeline *p,
		      struct vals *keep)
{
	static const char *const always[] = {"memcpy", "memset", "memmove",
					     "memcmp", NULL};
	struct vals used = {0};
	LLVMValueRef arr = LLVMGetNamedGlobal(m, "llvm.used");
	LLVMValueRef init = arr ? LLVMGetInitializer(arr) : NULL;
	struct vals all = {0};
	size_t i;

	for (i = 0; always[i] != NULL; i++)
		keep_symbol(m, always[i], &all);
	for (i = 0; p != NULL && p->keep != NULL && p->keep[i] != NULL; i++)
		keep_symbol(m, p->keep[i], &all);
	for (i = 0; init != NULL && i < (size_t)LLVMGetNumOperands(init); i++)
		vals_push(&used, const_base_global(LLVMGetOperand(init, i)));
	for (i = 0; i < all.n; i++)
		if (!vals_has(&used, all.v[i]))
			vals_push(keep, all.v[i]);
	vals_free(&used);
	vals_free(&all);
}

const char *unilink_opt_pipeline(const char *opt_level, char *buf, size_t size)
{
	snprintf(buf, size, "internalize,lto<%s>",
		 opt_level != NULL ? opt_level : UNILINK_OPT_LEVEL);
	return buf;
}

int unilink_run_passes(LLVMModuleRef m, LLVMTargetMachineRef tm,
		       const char *pipeline, char **err)
{
	LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
	LLVMErrorRef e = LLVMRunPasses(m, pipeline, tm, opts);
	struct strbuf b;
	char *msg = NULL;

	LLVMDisposePassBuilderOptions(opts);
	sb_init(&b);
	if (e != NULL) {
		msg = LLVMGetErrorMessage(e);
		sb_printf(&b, "LLVM pipeline \"%s\" failed: %s", pipeline, msg);
		LLVMDisposeErrorMessage(msg);
	} else if (LLVMVerifyModule(m, LLVMReturnStatusAction, &msg)) {
		sb_printf(&b, "the module is invalid after \"%s\": %s",
			  pipeline, msg);
	}
	if (e == NULL)
		LLVMDisposeMessage(msg);
	if (b.len == 0) {
		sb_free(&b);
		return 0;
	}
	*err = sb_take(&b);
	return -1;
}

static int run_pipeline(LLVMModuleRef m, const struct unilink_pipeline *p,
			struct unilink_report *r)
{
	char pipeline[160], *err = NULL;

	unilink_opt_pipeline(p != NULL ? p->opt_level : NULL, pipeline,
			     sizeof(pipeline));
	unilink_opt_attributes(m, p != NULL ? p->opt_level : NULL);
	if (unilink_run_passes(m, p != NULL ? p->tm : NULL, pipeline, &err) ==
	    0)
		return 0;
	report_error(r, PASS, "%s", err);
	free(err);
	return -1;
}

int unilink_specialize(LLVMModuleRef m, const struct unilink_config *c,
		       const struct unilink_pipeline *p, unsigned flags,
		       struct unilink_report *r)
{
	struct vals keep = {0};
	int rc;

	keep_list(m, p, &keep);
	if (keep.n > 0)
		used_add(m, "llvm.used", &keep);
	rc = unilink_specialize_passes(m, c, flags | UNILINK_WHOLE_PROGRAM, r);
	if (rc >= 0 && run_pipeline(m, p, r) < 0)
		rc = -1;
	if (keep.n > 0)
		used_remove(m, &keep);
	vals_free(&keep);
	return rc < 0 ? -1 : 1;
}
