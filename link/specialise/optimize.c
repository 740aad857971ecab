/* SPDX-License-Identifier: ISC */
/*
 * The optimisation stage: LLVM's pipeline after the specialisation passes
 * (specialised builds) or without them (generic builds). The pipeline and
 * the LLVMRunPasses wrapper are the passes' (unilink_opt_pipeline,
 * unilink_run_passes in passes/unilink_passes.h), so that the command,
 * unilink_specialize() and the plugin run the same: "internalize,lto<Os>"
 * by default, another level with `unilink build -O`; for Os and Oz every
 * function is marked optsize/minsize first, as clang marks them.
 * Internalize keeps what llvm.used names (the entry points the assembly
 * calls, and mem*, which code generation may call by itself), so that
 * globaldce can delete every function and object nothing reaches. The
 * component tags of the size report leave the global variables while the
 * pipeline runs (bitcode/tag_stash.c), so that it merges the constants a
 * plain LTO link merges.
 */
#include <stdlib.h>

#include "bitcode/bitcode.h"
#include "specialise/specialise.h"
#include "unilink_passes.h"

/* The build's level (-O), NULL for the default (UNILINK_OPT_LEVEL). */
static const char *level;

void unilink_set_opt_level(const char *opt_level)
{
	level = opt_level;
}

const char *unilink_pipeline_text(void)
{
	static char text[64];

	return unilink_opt_pipeline(level, text, sizeof(text));
}

int unilink_optimize(LLVMModuleRef m, LLVMTargetMachineRef tm)
{
	char *err = NULL;

	struct tag_stash *tags = unilink_tags_stash(m);
	int rc;

	unilink_opt_attributes(m, level);
	rc = unilink_run_passes(m, tm, unilink_pipeline_text(), &err);
	unilink_tags_restore(m, tags);
	if (rc == 0)
		return 0;
	unilink_error("%s", err);
	free(err);
	return -1;
}
