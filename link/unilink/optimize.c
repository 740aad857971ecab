/* SPDX-License-Identifier: ISC */
/*
 * The optimisation stage: the specialisation passes through the passes' C
 * API (specialised builds only), then LLVM's own pipeline through
 * LLVMRunPasses. Internalize keeps what llvm.used names (the entry points
 * the assembly calls, and mem*, which code generation may call by itself),
 * so that globaldce can delete every function and object nothing reaches.
 */
#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "unilink.h"

/*
 * The pipeline ld.lld runs for full LTO (lto<O2>), after internalize: so
 * an appliance linked by clang/ld.lld with the plugin gets the same code
 * as one built by this command. Measured on hello (.text bytes):
 * default<O2> 30788, lto<O2> 30516, lto<Os> 28500, default<Oz> 28420; Oz
 * is 7% smaller but ld.lld has no Oz LTO level, and the parity matters
 * more here (docs/size-report.md).
 */
const char *const unilink_opt_pipeline = "internalize,lto<O2>";

int unilink_run_pipeline(LLVMModuleRef m, LLVMTargetMachineRef tm,
			 const char *pipeline)
{
	LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
	LLVMErrorRef err = LLVMRunPasses(m, pipeline, tm, opts);
	char *msg = NULL;

	LLVMDisposePassBuilderOptions(opts);
	if (err != NULL) {
		msg = LLVMGetErrorMessage(err);
		unilink_error("LLVM pipeline \"%s\" failed: %s", pipeline, msg);
		LLVMDisposeErrorMessage(msg);
		return -1;
	}
	if (LLVMVerifyModule(m, LLVMReturnStatusAction, &msg)) {
		unilink_error("the module is invalid after \"%s\": %s",
			      pipeline, msg);
		LLVMDisposeMessage(msg);
		return -1;
	}
	LLVMDisposeMessage(msg);
	return 0;
}

int unilink_optimize(LLVMModuleRef m, LLVMTargetMachineRef tm)
{
	return unilink_run_pipeline(m, tm, unilink_opt_pipeline);
}
