/* SPDX-License-Identifier: ISC */
/*
 * The optimisation stage: LLVM's pipeline after the specialisation passes
 * (specialised builds) or without them (generic builds). The pipeline and
 * the LLVMRunPasses wrapper are the passes' (unilink_opt_pipeline,
 * unilink_run_passes in passes/unilink_passes.h), so that the command,
 * unilink_specialize() and the plugin run the same: "internalize,lto<O2>".
 * Internalize keeps what llvm.used names (the entry points the assembly
 * calls, and mem*, which code generation may call by itself), so that
 * globaldce can delete every function and object nothing reaches.
 */
#include <stdlib.h>

#include "specialise/specialise.h"
#include "unilink_passes.h"

const char *unilink_pipeline_text(void)
{
	static char text[64];

	if (text[0] == '\0')
		unilink_opt_pipeline(NULL, text, sizeof(text));
	return text;
}

int unilink_optimize(LLVMModuleRef m, LLVMTargetMachineRef tm)
{
	char *err = NULL;

	if (unilink_run_passes(m, tm, unilink_pipeline_text(), &err) == 0)
		return 0;
	unilink_error("%s", err);
	free(err);
	return -1;
}
