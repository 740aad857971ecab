/* SPDX-License-Identifier: ISC */
/*
 * The bitcode room: the app's C sources compiled to bitcode (compile.c),
 * the library OS archive read member by member (archive.c) and linked with
 * them into one module (bclink.c), every global tagged with the component
 * its source file belongs to (component.c), for the size report.
 */
#ifndef UNILINK_BITCODE_H
#define UNILINK_BITCODE_H

#include <stddef.h>

#include <llvm-c/Core.h>

#include "base/base.h"
#include "config/config.h"

/* component.c: the component a source file belongs to. */
void unilink_component_of(const char *source, int app, char *out, size_t size);
/* "protocol:X" for X not a registered protocol becomes "net". */
void unilink_component_fixup(LLVMModuleRef m);
/* Tag every global object of m with its component (metadata). */
void unilink_tag_module(LLVMModuleRef m, const char *component);
/* The component tag of a global, or NULL. */
const char *unilink_component_tag(LLVMValueRef g, char *buf, size_t size);
/* Tag one global object with component; remove the tag of one. */
void unilink_tag_value(LLVMValueRef g, const char *component);
void unilink_untag_value(LLVMValueRef g);
/*
 * tag_stash.c: the tags leave the global variables for the time of LLVM's
 * pipeline and come back by name after it. ConstantMerge merges no
 * constant that carries metadata other than debug info, so tagged, the
 * command's module would keep equal strings apart that a plain LTO link
 * (whose modules carry no tags) merges: another image.
 */
struct tag_stash;
struct tag_stash *unilink_tags_stash(LLVMModuleRef m);
void unilink_tags_restore(LLVMModuleRef m, struct tag_stash *s);

/* compile.c: the app's C sources to bitcode files in tmpdir. */
int unilink_compile(const struct unilink_conf *c, const struct unilink_paths *p,
		    const char *tmpdir, char **objs);

/* archive.c: the members of an ar archive, in order. */
struct ar_member {
	const char *name;
	const char *data;
	size_t size;
};
/* Calls fn for each member; returns 0, or -1 when the archive is malformed. */
int unilink_ar_each(const char *data, size_t len, const char *path,
		    int (*fn)(void *ctx, const struct ar_member *m), void *ctx);

/* bclink.c: one module from the library OS archive and the app objects. */
LLVMModuleRef unilink_bitcode_link(LLVMContextRef ctx, const char *archive,
				   char **objs, int nobjs);

#endif
