/* SPDX-License-Identifier: ISC */
/*
 * The base of the unilink command, what every room uses: the options of
 * the command line, where the library OS and the tools are, running a
 * command, messages and progress lines, files. It calls no other room.
 * (docs/architecture.md: the rooms of link/ and the flow of a build.)
 */
#ifndef UNILINK_BASE_H
#define UNILINK_BASE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "common/text.h"

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
	const char *accel;     /* tcg (default) or kvm */
	const char *platform;  /* run: kvm, xen or linux (default: config's) */
	int timeout;	       /* run: seconds */
	const char *append;    /* run: the boot command line (NULL: the
				  image's own) */
	long memory;	       /* run: MiB (0: the image's, else 128) */
	const char *machine;   /* run: microvm (default) or q35 */
	const char *opt_level; /* -O: "O2", "Os", "Oz"... (NULL: default) */
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
	char archive[4096];	    /* libunilink-os.a */
	char asm_obj[4096];	    /* unilink-libos-asm.o */
	char ldscript[4096];	    /* pvh.ld */
	char hosted_ldscript[4096]; /* hosted.ld (appliance.platform = linux) */
	char hosted_asm_obj[4096];  /* unilink-hosted-asm.o (_start) */
	char include[4096];	    /* rt/include */
	char rt[4096];		    /* rt (private headers), may be empty */
	char common[4096];	    /* common (shared headers), may be empty */
	char top[4096];	   /* the tree's top, for common/; empty with rt */
	char libc[4096];   /* rt/include/libc */
	char xen[4096];	   /* a folder holding only Xen's public xen/ */
	char plugin[4096]; /* unilink-passes.so */
	const char *clang;
	const char *lld;
	const char *objcopy; /* llvm-objcopy: the debug file (codegen) */
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

/*
 * A value from the configuration, a file name or a token of a file, for a
 * message: control characters escaped, at most UNILINK_SHOW_BYTES bytes
 * (uni_text_show of common/text.h). Returns out. Every message of the
 * command is printed with its control characters escaped as well.
 */
#define UNILINK_SHOW_BYTES 200
#define UNILINK_SHOW_MAX UNI_TEXT_SHOW_SIZE(UNILINK_SHOW_BYTES)
const char *unilink_show(char out[UNILINK_SHOW_MAX], const char *s);
/* A message line from elsewhere (the passes) to stderr, escaped. */
void unilink_print_line(const char *prefix, const char *text);

/* files.c: the files beside an image, temporary folders. */
/* "out/NAME.elf" -> "out/NAME" + suffix. */
void unilink_sibling(const char *image, const char *suffix, char *out,
		     size_t size);
/* "$TMPDIR/NAME-XXXXXX" (/tmp without TMPDIR), for mkdtemp. */
void unilink_tmpdir_template(char *out, size_t size, const char *name);
/*
 * An output written whole or not at all: unilink_out_open creates a
 * temporary file beside path (o->f to write), unilink_out_commit renames it
 * over path; unilink_out_abort removes it. -1 after a message.
 */
struct unilink_out {
	FILE *f;
	char path[4096], tmp[4200];
};
int unilink_out_open(struct unilink_out *o, const char *path);
int unilink_out_commit(struct unilink_out *o);
void unilink_out_abort(struct unilink_out *o);
/* A finished file (in a temporary folder) to its place, whole. */
int unilink_install(const char *from, const char *to);
/* data into path, whole or not at all (0, or -1 after a message). */
int unilink_write_file(const char *path, const char *data, size_t len);

/*
 * signals.c: what is removed and ended when a signal stops the command
 * (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE): the registered temporary
 * files and folders, the process group of the child being waited for.
 */
void unilink_signals_init(void);
void unilink_temp_add(const char *path, int folder);
void unilink_temp_forget(const char *path);
void unilink_child_group(pid_t pid); /* 0: none */
/* Removes a temporary folder of ours and the files in it. */
void unilink_remove_dir(const char *dir);
const char *unilink_signal_name(int sig);
/* `run` owning a VM: handler for those signals, then the old back. */
#define UNILINK_NSIGNALS 5
void unilink_signals_divert(void (*handler)(int), struct sigaction *old);
void unilink_signals_restore(const struct sigaction *old);

/*
 * outputs.c: the outputs of a build (what: "-o", "--report-file", "the
 * image's NAME.why"...), none of which may be an input or another output
 * (the same file by device and inode, or by resolved path); each input is
 * checked as it is read (what: "the configuration", "the source"...).
 * 0, or -1 after a message.
 */
void unilink_outputs_reset(void);
int unilink_output_add(const char *path, const char *what);
/*
 * The same for an image; once the inputs known before the build are
 * checked, unilink_outputs_replace_images_only refuses an image output
 * where a file that is not an ELF file is (a header, notes, a zone).
 */
int unilink_output_image(const char *path, const char *what);
int unilink_outputs_replace_images_only(void);
int unilink_input_check(const char *path, const char *what);

#endif
