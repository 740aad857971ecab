/* SPDX-License-Identifier: ISC */
/*
 * The build room: the state of one `unilink build` (build.c), shared by the
 * stages: the module linked from the library OS and the app, and the
 * variants built from it (specialised, generic; variant.c), each with what
 * the report, `why` and the descriptions beside the image need. build.c
 * and variant.c call the stage rooms in order; only the commands (cli/)
 * call them.
 */
#ifndef UNILINK_BUILD_H
#define UNILINK_BUILD_H

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "base/base.h"
#include "config/config.h"

struct sizes;
struct whydata;

struct variant {
	int specialised;
	char image[4096];
	struct symmap *symmap; /* symbol -> component */
	struct sizes *sizes;   /* per component, from the ELF */
	struct whydata *why;   /* reference graphs (specialised only) */
	long memory_mib;       /* the VM's memory (build/memory.c) */
	char memory_need[640]; /* "97 MiB: image 46.7 MiB, ..." */
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
	int config_folded;	 /* config-fold accepted the configuration */
	uint64_t zone_names;	 /* names of the compiled DNS zones */
	int keep_data;		 /* unilink data: keep data_defs */
	LLVMModuleRef data_defs; /* the data's definitions, or NULL */
};

int unilink_build_begin(struct build *b, const struct unilink_opts *o);
int unilink_build_front(struct build *b);
void unilink_build_end(struct build *b);

/* variant.c: passes, codegen, link and checks of one variant. */
const char *unilink_build_platform(const struct build *b);
LLVMModuleRef unilink_variant_module(struct build *b, struct variant *v);
int unilink_variant_build(struct build *b, struct variant *v);
void unilink_variant_free(struct variant *v);

/* `unilink build CONFIG`: the exit status of unilink. */
int unilink_cmd_build(const struct unilink_opts *o);

#endif
