/* SPDX-License-Identifier: ISC */
/*
 * The unilink command: shared declarations of its parts. One build is a
 * sequence of stages (compile, bitcode link, passes, codegen, link, report)
 * over one struct unilink_build; each part reads what earlier stages left in
 * it and adds its own results.
 */
#ifndef UNILINK_H
#define UNILINK_H

#include <stddef.h>
#include <stdint.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "unilink_passes.h"

#define UNILINK_MAX_DEFINES 64
#define UNILINK_MAX_HOSTFWD 16
#define UNILINK_MAX_SOURCES 64

enum report_format { REPORT_NONE, REPORT_TEXT, REPORT_JSON, REPORT_SVG };

/* The command line, as parsed by cli.c. */
struct unilink_opts {
	const char *command; /* build, run, why, config-reference */
	const char *input;   /* CONFIG or IMAGE */
	const char *output;  /* -o IMAGE */
	const char *symbol;  /* why: the symbol */
	const char *defines[UNILINK_MAX_DEFINES];
	int ndefines;
	const char *sources[UNILINK_MAX_SOURCES]; /* --source: instead of the
						    folder's *.c */
	int nsources;
	const char *hostfwd[UNILINK_MAX_HOSTFWD];
	int nhostfwd;
	enum report_format report;
	const char *report_file;
	const char *accel;    /* tcg (default) or kvm */
	const char *platform; /* run: kvm or xen (default: the config's) */
	int timeout;	      /* run: seconds */
	const char *append;   /* run: the boot command line (NULL: the
				 image's own) */
	long memory;	      /* run: MiB (0: the image's, else 128) */
	const char *machine;  /* run: microvm (default) or q35 */
	/* run: the arguments after "--", given to QEMU as they are */
	char *const *qemu_args;
	int nqemu_args;
	int generic;
	int verbose;
	int keep_temps;
	int quiet;
	int help; /* -h, --help: the command's usage */
};

/* Where the command finds the library OS, headers, tools (paths.c). */
struct unilink_paths {
	char archive[4096];  /* libunilink-os.a */
	char asm_obj[4096];  /* unilink-libos-asm.o */
	char ldscript[4096]; /* pvh.ld */
	char include[4096];  /* rt/include */
	char rt[4096];	     /* rt (private headers), may be empty */
	char common[4096];   /* common (shared headers), may be empty */
	char top[4096];	     /* the tree's top, for common/; empty with rt */
	char libc[4096];     /* rt/include/libc */
	char xen[4096];	     /* a folder holding only Xen's public xen/ */
	char plugin[4096];   /* unilink-passes.so */
	const char *clang;
	const char *lld;
	const char *qemu;
};

int unilink_find_paths(struct unilink_paths *p);

/* proc.c: run a command; -v prints it first. Returns its exit status. */
extern int unilink_verbose;
int unilink_run_cmd(const char *const argv[]);
/* Like unilink_run_cmd, stdout to the file out (NULL: inherited). */
int unilink_run_cmd_to(const char *const argv[], const char *out);
double unilink_now(void);
void unilink_stage(const char *stage, double start, const char *what);
void unilink_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void unilink_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *unilink_strdup(const char *s);
void *unilink_xmalloc(size_t n);
/* Read a whole file; *len gets its size. NULL (and a message) on failure. */
char *unilink_read_file(const char *path, size_t *len);
int unilink_write_file(const char *path, const char *data, size_t len);

/* files.c: the files beside an image, temporary folders. */
/* "out/NAME.elf" -> "out/NAME" + suffix. */
void unilink_sibling(const char *image, const char *suffix, char *out,
		     size_t size);
/* "$TMPDIR/NAME-XXXXXX" (/tmp without TMPDIR), for mkdtemp. */
void unilink_tmpdir_template(char *out, size_t size, const char *name);
/* Removes a temporary folder of ours and the files in it. */
void unilink_remove_dir(const char *dir);

/* conf.c: the appliance configuration through the passes API. */
struct unilink_conf {
	struct unilink_config *config;
	struct unilink_report *report;
	char path[4096]; /* the configuration file */
	char dir[4096];	 /* its folder */
	char name[256];	 /* NAME of configs/NAME/NAME.conf */
	const char *sources[UNILINK_MAX_SOURCES];
	int nsources;
};

int unilink_conf_load(struct unilink_conf *c, const struct unilink_opts *o);
void unilink_conf_free(struct unilink_conf *c);
const char *unilink_conf_get(const struct unilink_conf *c, const char *sec,
			     const char *key, const char *def);

/* component.c: the component a source file belongs to. */
void unilink_component_of(const char *source, int app, char *out, size_t size);
/* "protocol:X" for X not a registered protocol becomes "net". */
void unilink_component_fixup(LLVMModuleRef m);
/* Tag every global object of m with its component (metadata). */
void unilink_tag_module(LLVMModuleRef m, const char *component);
/* The component tag of a global, or NULL. */
const char *unilink_component_tag(LLVMValueRef g, char *buf, size_t size);

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

/* optimize.c: LLVM's pipeline, as text ("internalize,lto<O2>"), and run. */
const char *unilink_pipeline_text(void);
int unilink_optimize(LLVMModuleRef m, LLVMTargetMachineRef tm);

/* codegen.c */
LLVMTargetMachineRef unilink_target_machine(void);
/* Component of every defined symbol, for the size report. */
struct symmap;
struct symmap *unilink_symmap_from_module(LLVMModuleRef m);
const char *unilink_symmap_get(const struct symmap *s, const char *sym);
void unilink_symmap_free(struct symmap *s);
int unilink_codegen(LLVMModuleRef m, LLVMTargetMachineRef tm,
		    const char *objpath);

/* lld.c: the object and the asm objects to a PVH image, linked twice. */
int unilink_link(const struct unilink_paths *p, const char *obj,
		 const char *tmpdir, const char *image);

/* elfcheck.c: W+X, the PVH note, the entry point. */
int unilink_check_image(const char *image);

#endif
