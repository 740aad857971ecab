/* SPDX-License-Identifier: ISC */
/*
 * The optimisation levels of unilink's pipeline (unilink_opt_pipeline):
 * O1, O2, O3, Os and Oz. For the size levels the pipeline level is only
 * half of it: clang -Os and -Oz also mark every function optsize (and
 * minsize for Oz), and those attributes are what the inliner's thresholds,
 * the loop passes and code generation (instruction selection, the machine
 * outliner, alignment of loops and functions) read. unilink_opt_attributes
 * marks the functions the same way, so that "-Oz" here is clang's -Oz.
 */
#include <string.h>

#include "internal.h"

static const char *const levels[] = {"O1", "O2", "O3", "Os", "Oz", NULL};

const char *unilink_opt_level_name(const char *level)
{
	for (size_t i = 0; levels[i] != NULL; i++)
		if (strcmp(level, levels[i]) == 0)
			return levels[i];
	return NULL;
}

static void add_attr(LLVMContextRef ctx, LLVMValueRef f, const char *name)
{
	unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));

	if (LLVMGetEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, kind))
		return;
	LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
				LLVMCreateEnumAttribute(ctx, kind, 0));
}

static int has_attr(LLVMValueRef f, const char *name)
{
	unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));

	return LLVMGetEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex,
					   kind) != NULL;
}

int unilink_opt_attributes(LLVMModuleRef m, const char *opt_level)
{
	const char *level = opt_level != NULL ? opt_level : UNILINK_OPT_LEVEL;
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	int size = strcmp(level, "Os") == 0, min = strcmp(level, "Oz") == 0;
	int n = 0;

	if (!size && !min)
		return 0;
	for (LLVMValueRef f = LLVMGetFirstFunction(m); f;
	     f = LLVMGetNextFunction(f)) {
		/* optnone excludes both (the verifier refuses minsize). */
		if (LLVMIsDeclaration(f) || has_attr(f, "optnone"))
			continue;
		add_attr(ctx, f, "optsize");
		if (min)
			add_attr(ctx, f, "minsize");
		n++;
	}
	return n;
}
