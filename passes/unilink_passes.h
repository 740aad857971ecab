/* SPDX-License-Identifier: ISC */
/*
 * The public C API of the specialisation passes: the appliance configuration
 * (an INI file plus -D section.key=value overrides), the three passes
 * (config-fold, driver-prune, protocol-prune), unilink-specialize (the three
 * in order, then LLVM's own clean-up pipeline) and the report every pass
 * writes. The unilink command uses this API in-process; the plugin
 * (lib/unilink-passes.so) wraps the same functions for opt, clang and ld.lld.
 *
 * The passes read the descriptors that rt/include/uni/config.h, driver.h and
 * protocol.h place in the sections "uni_config", "uni_drivers" and
 * "uni_protocols" through one reader, whose public header unilink_abi.h
 * the command uses too; the layouts are defined once in rt/include/uni/.
 */
#ifndef UNILINK_PASSES_H
#define UNILINK_PASSES_H

#include <stddef.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The report. Every pass appends events to it; each event is also one line
 * of JSON (JSON Lines), for example
 *   {"pass":"config-fold","event":"fold","name":"net.mtu","value":"1500",
 *    "origin":"app.conf:3"}
 *   {"pass":"driver-prune","event":"remove","name":"virtio-net",
 *    "reason":"no driver key names it"}
 *   {"pass":"protocol-prune","event":"remove","name":"tcp",
 *    "reason":"no live reference to tcp_listen, tcp_connect"}
 * The fields: "pass" (config-fold, driver-prune, protocol-prune, specialize
 * or config), "event" (below), "name" (a key section.key, a driver, a
 * protocol or a symbol), and when they apply "value", "origin" (file:line of
 * the configuration entry, "-D" for an override, "default" when the key kept
 * its default) and "reason". Events:
 *   fold     a config key got its value and its global became constant
 *   dead     a symbol was folded to false so that code becomes dead
 *            (uni_config_boot_reader_needed once every descriptor is gone)
 *   keep     a driver or protocol descriptor stays, with the reason
 *   remove   a driver or protocol descriptor was deleted, with the reason
 *   skip     the pass did nothing: it already ran on this module
 *   note     a remark that changes nothing (a warning)
 *   map      the configuration rules changed a default (a driver key's
 *            default to its counterpart on the configured platform)
 *   error    the pass refused the module or the configuration; the module
 *            is unchanged by that pass
 */
enum unilink_severity {
	UNILINK_REMARK = 0, /* what a pass did (fold, keep, remove, skip) */
	UNILINK_WARNING = 1,
	UNILINK_ERROR = 2,
};

/* Called for every event as it happens, with a human-readable line. */
typedef void (*unilink_message_fn)(void *ctx, enum unilink_severity sev,
				   const char *pass, const char *text);

struct unilink_report;

/* A new, empty report; fn may be NULL (events are only recorded). */
struct unilink_report *unilink_report_new(unilink_message_fn fn, void *ctx);
void unilink_report_free(struct unilink_report *r);
/* The events so far as JSON Lines (one object per line); never NULL. */
const char *unilink_report_json(const struct unilink_report *r);
unsigned unilink_report_error_count(const struct unilink_report *r);

/*
 * The configuration: entries section.key = value, each with its origin.
 * Syntax of a file (the details: config_file.c):
 *   # a comment (also ';')
 *   [net]
 *   mtu = 1400            ; an inline comment follows a blank
 *   name = "a; string"    (quotes are optional and are removed)
 * A section or key is [A-Za-z0-9_]+. A key outside a section, a repeated
 * section header, a repeated key and a malformed line are errors naming
 * file:line. Whether a section or key exists is checked by config-fold
 * against the module's descriptors (unknown ones are errors there, with a
 * suggestion). An override "section.key=value" replaces the file's value;
 * a later override of the same key replaces an earlier one.
 */
struct unilink_config;

struct unilink_config *unilink_config_new(void);
void unilink_config_free(struct unilink_config *c);
/* Read an INI file; returns 0, or -1 after reporting errors to r. */
int unilink_config_load_file(struct unilink_config *c, const char *path,
			     struct unilink_report *r);
/* Parse INI text read from elsewhere; name is used in messages. */
int unilink_config_load_text(struct unilink_config *c, const char *name,
			     const char *text, size_t len,
			     struct unilink_report *r);
/* Apply one override "section.key=value"; returns 0 or -1. */
int unilink_config_define(struct unilink_config *c, const char *assignment,
			  struct unilink_report *r);
/*
 * Declare a section that belongs to the caller (the unilink command's own
 * settings): the passes ignore its entries instead of calling them unknown.
 */
void unilink_config_ignore_section(struct unilink_config *c,
				   const char *section);
/* The value of section.key, or NULL when the configuration does not set it. */
const char *unilink_config_get(const struct unilink_config *c,
			       const char *section, const char *key);
/*
 * Where section.key was set: "FILE:LINE" for the configuration file, "-D"
 * for an override; NULL when the configuration does not set it.
 */
const char *unilink_config_origin(const struct unilink_config *c,
				  const char *section, const char *key);

/*
 * The rules between keys (passes/config_rules.c), applied in place:
 * appliance.platform maps a driver key naming the other platform's driver
 * to its counterpart (the driver of the same class serving the configured
 * platform, by the drivers' descriptors in m: uart <-> xencons, virtio-net
 * <-> netfront) when the platform was set later (-D over the file, the file
 * over a default), and a later S.dhcp = true drops a static S.ipv4 /
 * S.gateway; a conflict within one layer is an error. m gives the defaults
 * and the drivers (may be NULL).
 *
 * The rules are resolved once per build: on success the configuration is
 * marked resolved, a second call does nothing, and config-fold (of this
 * configuration, in any module of the same program) uses it as it is; any
 * later change (a define, a file) clears the mark. Without a call,
 * config-fold resolves a copy itself (the plugin's path). The unilink
 * command calls it once, before its variants. Returns 0, or -1 after
 * reporting errors to r.
 */
int unilink_config_resolve(struct unilink_config *c, LLVMModuleRef m,
			   struct unilink_report *r);

/*
 * The passes. Each returns 1 when it changed the module, 0 when it did not
 * and -1 on an error (reported to r; the module is then unchanged by that
 * pass). The configuration may be NULL (every key keeps its default).
 *
 * A pass records its name, its scope (per file or whole program) and the
 * hash of its configuration in the named metadata !unilink.specialized and
 * does nothing (a "skip" event) when it finds a record of a whole-program
 * run there, so that a pass added twice to one pipeline runs once;
 * UNILINK_FORCE runs it again anyway (the passes are idempotent: a second
 * run changes nothing). Another configuration than the recorded one is an
 * error.
 */
enum unilink_flags {
	UNILINK_FORCE = 1,
	/*
	 * The module is the whole program and will be internalized keeping
	 * only llvm.used (the unilink command, unilink_specialize): its
	 * externally visible definitions are not roots of protocol-prune's
	 * reachability, only llvm.used and llvm.compiler.used are. Without
	 * it every external definition counts as used from outside.
	 */
	UNILINK_WHOLE_PROGRAM = 2,
	/*
	 * The module is one translation unit of a program (the plugin in a
	 * compile): config-fold folds the keys it declares, except those the
	 * rules between keys may change, leaves configuration entries for
	 * keys it cannot see unchecked and puts a marker in section
	 * UNILINK_SECTION_PENDING; driver-prune and protocol-prune do
	 * nothing. A later run without the flag, on the whole program,
	 * must still run every pass (and removes the markers): link/pvh.ld
	 * refuses an image that keeps one.
	 */
	UNILINK_PER_FILE = 4,
};
/* The section of the per-file marker (UNILINK_PER_FILE). */
#define UNILINK_SECTION_PENDING "uni_pending"

int unilink_config_fold(LLVMModuleRef m, const struct unilink_config *c,
			unsigned flags, struct unilink_report *r);
int unilink_driver_prune(LLVMModuleRef m, const struct unilink_config *c,
			 unsigned flags, struct unilink_report *r);
int unilink_protocol_prune(LLVMModuleRef m, const struct unilink_config *c,
			   unsigned flags, struct unilink_report *r);
/* config-fold, driver-prune and protocol-prune in order; stops at an error. */
int unilink_specialize_passes(LLVMModuleRef m, const struct unilink_config *c,
			      unsigned flags, struct unilink_report *r);

/*
 * LLVM's optimisation pipeline after the passes, defined once here and
 * used by the unilink command, unilink_specialize() and the plugin (as the
 * pipeline element "unilink-optimize"): "internalize,lto<Os>" by default
 * (`unilink build -O` picks another level). internalize keeps what
 * llvm.used names; lto<LEVEL> is the pipeline ld.lld runs for full LTO.
 * Os because it was measured (docs/size-report.md): 22 % fewer loaded
 * bytes than O2 on the DNS appliance at the same queries per second, where
 * Oz saves 6 % more but answers at a third of the rate. opt_level NULL
 * means UNILINK_OPT_LEVEL.
 */
#define UNILINK_OPT_LEVEL "Os"
const char *unilink_opt_pipeline(const char *opt_level, char *buf, size_t size);
/*
 * The level named level ("Oz"), as a static string, or NULL when it is not
 * one of O1, O2, O3, Os, Oz (opt_level.c).
 */
const char *unilink_opt_level_name(const char *level);
/*
 * What clang -Os and -Oz add to every function besides the pipeline level:
 * optsize (Os, Oz) and minsize (Oz) on each defined function without
 * optnone; nothing for the other levels. Run before the pipeline; returns
 * how many functions it marked. opt_level NULL means UNILINK_OPT_LEVEL.
 */
int unilink_opt_attributes(LLVMModuleRef m, const char *opt_level);
/*
 * The one wrapper of LLVMRunPasses: run pipeline (text) on m, then verify
 * the module. Returns 0, or -1 with *err a message to free() (the LLVM
 * error, or what the verifier found).
 */
int unilink_run_passes(LLVMModuleRef m, LLVMTargetMachineRef tm,
		       const char *pipeline, char **err);

/* What unilink_specialize runs after the three passes. */
struct unilink_pipeline {
	const char *opt_level;	 /* "Os" (the default when NULL), "Oz"... */
	const char *const *keep; /* NULL-terminated symbols to keep external
				    besides llvm.used: the entry point;
				    memcpy, memset, memmove, memcmp are
				    always kept */
	LLVMTargetMachineRef tm; /* may be NULL */
};

/*
 * The whole specialisation: the three passes, then the pipeline above
 * ("internalize,lto<OPT>", the unilink command's) with the keep list.
 * Returns 1 or 0 like the passes, -1 on an error.
 */
int unilink_specialize(LLVMModuleRef m, const struct unilink_config *c,
		       const struct unilink_pipeline *p, unsigned flags,
		       struct unilink_report *r);

/*
 * The reference walker of the passes (liveness.c): fn(ctx, target) for
 * every function, global variable or alias that g names, in the order they
 * appear: operands of g's instructions (and its personality function), g's
 * initializer or an alias's aliasee, looked through constant expressions
 * and aggregates. A target may come more than once.
 */
typedef void (*unilink_ref_fn)(void *ctx, LLVMValueRef target);
void unilink_references(LLVMValueRef g, unilink_ref_fn fn, void *ctx);

/*
 * The name in names[0..n) nearest to s by edit distance, or NULL when none
 * is close: the "did you mean" of the passes' messages, for the command's.
 */
const char *unilink_nearest_name(const char *s, const char *const *names,
				 size_t n);

#ifdef __cplusplus
}
#endif

#endif
