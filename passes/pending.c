/* SPDX-License-Identifier: ISC */
/*
 * The per-file marker: a per-file config-fold (UNILINK_PER_FILE) leaves one
 * small constant in section UNILINK_SECTION_PENDING, named in llvm.used so
 * that it survives every optimisation and LTO; the whole-program
 * config-fold deletes them all. An image that still holds one was folded
 * per file but never specialised as a whole (the link without the plugin
 * or without a configuration, a ThinLTO link), and link/pvh.ld refuses it:
 * such an image would keep every driver and protocol without saying so.
 */
#include <string.h>

#include "internal.h"

#define PENDING_TEXT                                                           \
	"unilink: folded per file; the whole-program run at link time is "     \
	"missing (docs/plugin.md)"

void pending_add(LLVMModuleRef m)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMValueRef init = LLVMConstStringInContext(
	    ctx, PENDING_TEXT, (unsigned)strlen(PENDING_TEXT), 0);
	LLVMValueRef g =
	    LLVMAddGlobal(m, LLVMTypeOf(init), "unilink.per_file_fold");
	struct vals add = {0};

	LLVMSetInitializer(g, init);
	LLVMSetGlobalConstant(g, 1);
	LLVMSetLinkage(g, LLVMPrivateLinkage);
	LLVMSetSection(g, UNILINK_SECTION_PENDING);
	LLVMSetAlignment(g, 1);
	vals_push(&add, g);
	used_add(m, "llvm.used", &add);
	vals_free(&add);
}

size_t pending_remove(LLVMModuleRef m)
{
	struct vals marks = {0};
	size_t n;

	collect_section(m, UNILINK_SECTION_PENDING, &marks);
	n = marks.n - delete_descriptors(m, &marks, NULL);
	vals_free(&marks);
	return n;
}
