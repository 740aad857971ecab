/* SPDX-License-Identifier: ISC */
/*
 * Code generation: the optimised module to one ELF object through
 * LLVMTargetMachineEmitToFile, with a section per function and per object
 * (sections.cpp: as ld.lld's LTO, so that a plain LTO link with the passes
 * plugin gives the same image; --gc-sections drops what nothing
 * references). Private objects (string literals) become internal and named
 * after their component, so that the final ELF's symbol table covers them
 * too and the size report can attribute every byte it can name; that
 * changes no loaded byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Target.h>

#include "base/strmap.h"
#include "bitcode/bitcode.h"
#include "codegen/codegen.h"

#define TRIPLE "x86_64-unknown-none-elf"

struct symmap {
	struct strmap names;  /* symbol -> index into comps */
	struct strmap compix; /* component -> index */
	char **comps;
	long ncomps;
};

LLVMTargetMachineRef unilink_target_machine(void)
{
	LLVMTargetRef t;
	LLVMTargetMachineRef tm;
	char *err = NULL;

	LLVMInitializeX86TargetInfo();
	LLVMInitializeX86Target();
	LLVMInitializeX86TargetMC();
	LLVMInitializeX86AsmPrinter();
	LLVMInitializeX86AsmParser();
	if (LLVMGetTargetFromTriple(TRIPLE, &t, &err)) {
		unilink_error("no LLVM target for %s: %s", TRIPLE, err);
		LLVMDisposeMessage(err);
		return NULL;
	}
	tm = LLVMCreateTargetMachine(t, TRIPLE, "x86-64", "",
				     LLVMCodeGenLevelDefault, LLVMRelocStatic,
				     LLVMCodeModelSmall);
	if (tm != NULL)
		unilink_target_sections(tm);
	return tm;
}

static const char *component_of(LLVMValueRef g, char *buf, size_t size)
{
	const char *c = unilink_component_tag(g, buf, size);

	return c != NULL ? c : "other";
}

/* A private object becomes internal and named, so it is in .symtab. */
static void name_private(LLVMValueRef g, const char *component)
{
	char name[256];
	size_t len;
	const char *old = LLVMGetValueName2(g, &len);

	if (LLVMGetLinkage(g) != LLVMPrivateLinkage)
		return;
	LLVMSetLinkage(g, LLVMInternalLinkage);
	if (len == 0 || old[0] == '.') {
		snprintf(name, sizeof(name), "%s.%s", component,
			 len ? old + 1 : "anon");
		for (char *p = name; *p; p++)
			if (*p == ':')
				*p = '.';
		LLVMSetValueName2(g, name, strlen(name));
	}
}

static void add_symbol(struct symmap *s, const char *name, const char *comp)
{
	long ix = strmap_get(&s->compix, comp, -1);

	if (ix < 0) {
		ix = s->ncomps++;
		s->comps = realloc(s->comps, s->ncomps * sizeof(*s->comps));
		s->comps[ix] = unilink_strdup(comp);
		strmap_put(&s->compix, comp, ix);
	}
	strmap_put(&s->names, name, ix);
}

/* Section, name and map entry of one defined global object. */
static void place(struct symmap *s, LLVMValueRef g)
{
	char buf[160];
	const char *comp, *name;
	size_t len;

	if (LLVMIsDeclaration(g))
		return;
	comp = component_of(g, buf, sizeof(buf));
	name_private(g, comp);
	name = LLVMGetValueName2(g, &len);
	add_symbol(s, name, comp);
}

struct symmap *unilink_symmap_from_module(LLVMModuleRef m)
{
	struct symmap *s = unilink_xmalloc(sizeof(*s));

	for (LLVMValueRef f = LLVMGetFirstFunction(m); f;
	     f = LLVMGetNextFunction(f))
		place(s, f);
	for (LLVMValueRef g = LLVMGetFirstGlobal(m); g;
	     g = LLVMGetNextGlobal(g)) {
		size_t len;
		const char *name = LLVMGetValueName2(g, &len);

		if (!strncmp(name, "llvm.", 5))
			continue;
		place(s, g);
	}
	return s;
}

const char *unilink_symmap_get(const struct symmap *s, const char *sym)
{
	long ix = strmap_get(&s->names, sym, -1);

	return ix < 0 ? NULL : s->comps[ix];
}

void unilink_symmap_free(struct symmap *s)
{
	if (s == NULL)
		return;
	for (long i = 0; i < s->ncomps; i++)
		free(s->comps[i]);
	free(s->comps);
	strmap_free(&s->names);
	strmap_free(&s->compix);
	free(s);
}

int unilink_codegen(LLVMModuleRef m, LLVMTargetMachineRef tm,
		    const char *objpath)
{
	char *err = NULL;

	if (LLVMTargetMachineEmitToFile(tm, m, (char *)objpath, LLVMObjectFile,
					&err)) {
		unilink_error("code generation into %s failed: %s", objpath,
			      err);
		LLVMDisposeMessage(err);
		return -1;
	}
	return 0;
}
