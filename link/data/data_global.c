/* SPDX-License-Identifier: ISC */
/* The constant globals the data sets are made of (data.h). */
#include <llvm-c/Core.h>

#include "data/data.h"

LLVMValueRef unilink_data_bytes_global(LLVMModuleRef m, const char *name,
				       const void *bytes, size_t n, int cstr)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMValueRef init =
	    LLVMConstStringInContext2(ctx, bytes, n, cstr ? 0 : 1);
	LLVMValueRef g = LLVMAddGlobal(m, LLVMTypeOf(init), name);

	LLVMSetInitializer(g, init);
	LLVMSetGlobalConstant(g, 1);
	LLVMSetLinkage(g, LLVMPrivateLinkage);
	LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
	LLVMSetAlignment(g, cstr ? 1 : 8);
	return g;
}
