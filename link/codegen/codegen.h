/* SPDX-License-Identifier: ISC */
/*
 * The codegen room: a module to an object (codegen.c), the object and the
 * library OS's assembly objects to a PVH image linked twice with the
 * symbol table embedded (lld.c, symtab_use.c), and the checks of every
 * image (elfcheck.c); the debug file beside the image (debugfile.c) and the
 * packing of the shipped file (pack.c).
 */
#ifndef UNILINK_CODEGEN_H
#define UNILINK_CODEGEN_H

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "base/base.h"

/* codegen.c */
LLVMTargetMachineRef unilink_target_machine(void);
/* sections.cpp: a section per function and object, as ld.lld's LTO. */
void unilink_target_sections(LLVMTargetMachineRef tm);
/* Component of every defined symbol, for the size report. */
struct symmap;
struct symmap *unilink_symmap_from_module(LLVMModuleRef m);
const char *unilink_symmap_get(const struct symmap *s, const char *sym);
void unilink_symmap_free(struct symmap *s);
int unilink_codegen(LLVMModuleRef m, LLVMTargetMachineRef tm,
		    const char *objpath);

/*
 * lld.c: the object and the asm objects to a PVH image, or with hosted to
 * a static Linux executable, linked twice.
 */
int unilink_link(const struct unilink_paths *p, int hosted, const char *obj,
		 const char *tmpdir, const char *image);

/* symtab_use.c: the embedded symbol table (link/symtab). */
int unilink_symtab_object(const struct unilink_paths *p, const char *pass1,
			  const char *tmpdir, const char *obj);
int unilink_symtab_verify(const char *pass1, const char *image);

/*
 * elfcheck.c: W+X, the PVH note, the entry point; for platform "linux" a
 * static Linux executable instead of the note; NULL takes either kind.
 */
int unilink_check_image(const char *image, const char *platform);

/*
 * debugfile.c: the debug file of NAME.elf is NAME.debug (unilink_sibling).
 * Move image's DWARF and symbol table into debug (whose base name the
 * image then names in .gnu_debuglink); the image keeps its build-id note.
 */
int unilink_split_debug(const struct unilink_paths *p, const char *image,
			const char *debug);

/* pack.c: no page padding in the file (after unilink_split_debug). */
int unilink_pack_image(const char *image);

#endif
