/* SPDX-License-Identifier: ISC */
/*
 * The base of the unilink command, what every room uses: the options of
 * the command line, where the library OS and the tools are, running a
 * command, messages and progress lines, files. It calls no other room.
 * (docs/architecture.md: the rooms of link/ and the flow of a build.)
 */
#ifndef UNILINK_BASE_H
#define UNILINK_BASE_H

#include <stddef.h>
#include <stdint.h>

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
/* A missing part of the library OS: -1 after a message. */
int unilink_check_paths(const struct unilink_paths *p);

/* proc.c: run a command; -v prints it first. Returns its exit status. */
extern int unilink_verbose;
extern int unilink_quiet; /* -q: no progress lines */
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

#endif
