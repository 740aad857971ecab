/* SPDX-License-Identifier: ISC */
/*
 * The run note as a constant of a module (run/note.h): the ELF note layout
 * (namesz, descsz, type, the name and the descriptor, each padded to 4
 * bytes) in the section .note.unilink.run, which LLVM makes SHT_NOTE and
 * link/pvh.ld places in the PT_NOTE segment after the Xen notes.
 */
#include <stdlib.h>

#include "base/base.h"
#include "run/note.h"

_Static_assert(sizeof(UNILINK_NOTE_NAME) % 4 == 0 && UNILINK_NOTE_DESC % 4 == 0,
	       "the note's name and descriptor need no padding");

/* Appends g to the array llvm.used of m. */
static void add_used(LLVMModuleRef m, LLVMValueRef g)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
	LLVMValueRef old = LLVMGetNamedGlobal(m, "llvm.used"), used, *v;
	unsigned n = 0;

	if (old != NULL && LLVMGetInitializer(old) != NULL)
		n = LLVMGetNumOperands(LLVMGetInitializer(old));
	v = unilink_xmalloc((n + 1) * sizeof(*v));
	for (unsigned i = 0; i < n; i++)
		v[i] = LLVMGetOperand(LLVMGetInitializer(old), i);
	v[n] = g;
	if (old != NULL)
		LLVMDeleteGlobal(old);
	used = LLVMAddGlobal(m, LLVMArrayType2(ptr, n + 1), "llvm.used");
	LLVMSetInitializer(used, LLVMConstArray2(ptr, v, n + 1));
	LLVMSetLinkage(used, LLVMAppendingLinkage);
	LLVMSetSection(used, "llvm.metadata");
	free(v);
}

void unilink_note_add(LLVMModuleRef m, const struct run_note *n)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
	char desc[UNILINK_NOTE_DESC];
	LLVMValueRef f[5], init, g;

	unilink_note_format(n, desc);
	f[0] = LLVMConstInt(i32, sizeof(UNILINK_NOTE_NAME), 0);
	f[1] = LLVMConstInt(i32, UNILINK_NOTE_DESC, 0);
	f[2] = LLVMConstInt(i32, UNILINK_NOTE_RUN, 0);
	f[3] = LLVMConstStringInContext(ctx, UNILINK_NOTE_NAME,
					sizeof(UNILINK_NOTE_NAME), 1);
	f[4] = LLVMConstStringInContext(ctx, desc, UNILINK_NOTE_DESC, 1);
	init = LLVMConstStructInContext(ctx, f, 5, 1);
	g = LLVMAddGlobal(m, LLVMTypeOf(init), "uni_run_note");
	LLVMSetInitializer(g, init);
	LLVMSetGlobalConstant(g, 1);
	LLVMSetLinkage(g, LLVMPrivateLinkage);
	LLVMSetSection(g, UNILINK_NOTE_SECTION);
	LLVMSetAlignment(g, 4);
	add_used(m, g);
}
