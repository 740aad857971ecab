/* SPDX-License-Identifier: ISC */
/*
 * The state of one `unilink build` (build.c), shared by the stages: the
 * module linked from the library OS and the app, and the variants built
 * from it (specialised, generic), each with what the report, `why` and the
 * descriptions beside the image need.
 */
#ifndef UNILINK_BUILD_H
#define UNILINK_BUILD_H

#include "unilink.h"

struct sizes;
struct whydata;

struct variant {
	int specialised;
	char image[4096];
	struct symmap *symmap; /* symbol -> component */
	struct sizes *sizes;   /* per component, from the ELF */
	struct whydata *why;   /* reference graphs (specialised only) */
};

struct build {
	const struct unilink_opts *opts;
	struct unilink_paths paths;
	struct unilink_conf conf;
	char tmpdir[4096];
	char image[4096];
	char *objs[UNILINK_MAX_SOURCES];
	int nobjs;
	LLVMContextRef ctx;
	LLVMTargetMachineRef tm;
	LLVMModuleRef linked; /* before any pass; variants clone it */
	struct variant spec, gen;
};

extern int unilink_quiet;
int unilink_check_paths(const struct unilink_paths *p);

int unilink_build_begin(struct build *b, const struct unilink_opts *o);
int unilink_build_front(struct build *b);
void unilink_build_end(struct build *b);

/* variant.c: passes, codegen, link and checks of one variant. */
LLVMModuleRef unilink_variant_module(struct build *b, struct variant *v);
int unilink_variant_build(struct build *b, struct variant *v);
void unilink_variant_free(struct variant *v);

/* report.c: the size report after the variants are built. */
int unilink_build_report(struct build *b);

/* symtab_use.c: the embedded symbol table (link/symtab). */
int unilink_symtab_object(const struct unilink_paths *p, const char *pass1,
			  const char *tmpdir, const char *obj);
int unilink_symtab_verify(const char *pass1, const char *image);

/* describe.c: NAME.xl.cfg and NAME.qemu.sh beside the image. */
int unilink_describe(struct build *b, const struct variant *v);

/* The commands. */
int unilink_cmd_build(const struct unilink_opts *o);
int unilink_cmd_run(const struct unilink_opts *o);
int unilink_cmd_why(const struct unilink_opts *o);
int unilink_cmd_reference(const struct unilink_opts *o);
int unilink_cmd_flags(const struct unilink_opts *o, int link);

#endif
