/* SPDX-License-Identifier: ISC */
/*
 * What the pass files share and the public API does not show: the
 * configuration's entries, the report's helpers, growable strings and the
 * IR helpers (descriptor sections, llvm.used arrays, safe deletion of
 * globals, the !unilink.* metadata).
 */
#ifndef UNILINK_PASSES_INTERNAL_H
#define UNILINK_PASSES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "unilink_passes.h"

/* One configuration entry: section.key = value, from origin ("f.conf:3"). */
struct cfg_entry {
	char *section, *key, *value;
	char *origin;
};

struct unilink_config {
	struct cfg_entry *e;
	size_t n, cap;
	char **ignored;
	size_t nignored;
	bool resolved; /* the rules were applied; any change clears it */
};

bool cfg_section_ignored(const struct unilink_config *c, const char *section);
const struct cfg_entry *cfg_find(const struct unilink_config *c,
				 const char *section, const char *key);

/* A growable NUL-terminated string; s is never NULL after sb_init. */
struct strbuf {
	char *s;
	size_t len, cap;
};

void sb_init(struct strbuf *b);
void sb_add(struct strbuf *b, const char *s);
void sb_addn(struct strbuf *b, const char *s, size_t n);
void sb_printf(struct strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sb_add_json_string(struct strbuf *b, const char *s);
char *sb_take(struct strbuf *b); /* hands the string over */
void sb_free(struct strbuf *b);

char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/*
 * A value of the configuration (or a line of its file) for a message:
 * control characters escaped, at most SHOW_MAX bytes of it shown
 * (uni_text_show of common/text.h); buf has SHOW_SIZE bytes. Returns buf.
 */
#define SHOW_MAX 200
#define SHOW_SIZE (4 * SHOW_MAX + 64)
const char *show_value(char *buf, const char *s, size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Levenshtein distance between a and b. */
size_t edit_distance(const char *a, const char *b);
/* The name in names[0..n) nearest to s, or NULL when none is close. */
const char *nearest_name(const char *s, const char *const *names, size_t n);

/* One event for the report (see unilink_passes.h); NULL fields are left out. */
struct event {
	const char *pass, *event, *name, *value, *origin, *reason;
};

void report_event(struct unilink_report *r, const struct event *ev);
void report_error(struct unilink_report *r, const char *pass, const char *fmt,
		  ...) __attribute__((format(printf, 3, 4)));
void report_warning(struct unilink_report *r, const char *pass, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

/* A growable array of LLVM values. */
struct vals {
	LLVMValueRef *v;
	size_t n, cap;
};

void vals_push(struct vals *a, LLVMValueRef v);
bool vals_has(const struct vals *a, LLVMValueRef v);
void vals_free(struct vals *a);

/* The global variables whose section is name, in module order. */
void collect_section(LLVMModuleRef m, const char *name, struct vals *out);
/*
 * The C string a constant pointer points to (a global holding a constant
 * string, or a constant GEP into one), copied; NULL for a null pointer or
 * anything else. *ok is false when it was neither a string nor null.
 */
char *const_cstring(LLVMValueRef v, bool *ok);
/* The global a constant pointer names (through casts), or NULL. */
LLVMValueRef const_base_global(LLVMValueRef v);

/*
 * Whether v is used by an instruction or a global's initializer, directly or
 * through constant expressions; uses from the globals in ignore do not count.
 */
bool has_live_use(LLVMValueRef v, const struct vals *ignore);

/* A set of LLVM values (a hash set of pointers; valset.c). */
struct valset {
	LLVMValueRef *slot;
	size_t n, cap;
};

bool valset_add(struct valset *s, LLVMValueRef v); /* true when new */
bool valset_has(const struct valset *s, LLVMValueRef v);
void valset_free(struct valset *s);

/* reachable.c: the blocks of fn that can run, given branches on constants
 * (a folded configuration); as values (LLVMBasicBlockAsValue) into out. */
void reachable_blocks(LLVMValueRef fn, struct valset *out);

/*
 * The live global values of a module (liveness.c): reachable from the
 * roots, and the subset that live code refers to. tables are descriptors
 * under decision: not roots, and their initializers refer to nothing.
 */
struct live {
	struct valset live, referenced;
	struct valset walked[2]; /* constants done, per "counts" */
	const struct vals *tables;
	struct vals work;
};

/*
 * Roots: the appending arrays' members except tables; unless whole_program,
 * also every externally visible definition except tables.
 */
void live_init(struct live *l, LLVMModuleRef m, const struct vals *tables,
	       bool whole_program);
/* Make g a root too (a kept descriptor) and propagate. */
void live_add(struct live *l, LLVMValueRef g);
bool live_has(const struct live *l, LLVMValueRef g);
/* Whether a live value other than a table or llvm.used names g. */
bool live_referenced(const struct live *l, LLVMValueRef g);
/* The functions and globals that name g and are live (or, not live). */
void live_referrers(const struct live *l, LLVMValueRef g, bool live,
		    struct vals *out);
void live_free(struct live *l);

/* Drop the globals in gone from llvm.used and llvm.compiler.used. */
void used_remove(LLVMModuleRef m, const struct vals *gone);
/* Add globals to llvm.used (or another appending array, by name). */
void used_add(LLVMModuleRef m, const char *array, const struct vals *add);
/*
 * Delete global g whose remaining uses are all dead constants (the old
 * llvm.used arrays): they are pointed at poison first, so that no constant
 * keeps a dangling operand. Returns false, deleting nothing, when g is
 * still used for real.
 */
bool delete_global(LLVMValueRef g);
/*
 * Drop the descriptors in descs from llvm.used/llvm.compiler.used and delete
 * them. A descriptor the program still uses for real is kept: kept[i] says
 * so for descs->v[i] (kept may be NULL). Returns how many were kept.
 */
size_t delete_descriptors(LLVMModuleRef m, const struct vals *descs,
			  bool *kept);

/*
 * The !unilink.specialized guard (ir_util.c): one record per run, with its
 * scope (a per-file run of one translation unit, or a run on the whole
 * program) and the hash of the configuration it ran with (config_hash).
 * Linking modules appends their records.
 */
#define SCOPE_FILE "file"
#define SCOPE_PROGRAM "program"
struct pass_record {
	char *pass, *scope, *hash; /* hash NULL: not recorded */
};
size_t pass_records(LLVMModuleRef m, struct pass_record **out);
void pass_records_free(struct pass_record *p, size_t n);
void mark_pass_run(LLVMModuleRef m, const char *pass, const char *scope,
		   const char *hash);
/* The scope of a run with these flags (SCOPE_FILE with UNILINK_PER_FILE). */
const char *run_scope(unsigned flags);
/*
 * The hash of a configuration's entries (pass_guard.c): 16 hex digits of
 * FNV-1a over its sorted "section.key=value" lines, ignored sections left
 * out; the same entries from another file or order give the same hash.
 */
#define CONFIG_HASH_SIZE 17
const char *config_hash(const struct unilink_config *c,
			char out[CONFIG_HASH_SIZE]);
/*
 * The start of every pass (pass_guard.c). A per-file run (UNILINK_PER_FILE):
 * only config-fold runs, once per module (0 and a "defer" or "skip" event
 * otherwise). A whole-program run: refuses (-1) a module that holds
 * per-file folds of another configuration, or a whole-program run of
 * another one; 0 (a "skip" event) when a whole-program run of this pass
 * is recorded and flags has no UNILINK_FORCE; else the protocols' API
 * lists are moved into metadata (unilink_abi_detach_apis) and 1 says run.
 */
int pass_begin(LLVMModuleRef m, const char *pass,
	       const struct unilink_config *c, unsigned flags,
	       struct unilink_report *r);
/* The end of a run that succeeded: its record (mark_pass_run). */
void pass_end(LLVMModuleRef m, const char *pass, const struct unilink_config *c,
	      unsigned flags);

/*
 * pending.c: the marker of a per-file fold (section UNILINK_SECTION_PENDING,
 * in llvm.used); pending_remove deletes every marker, returns how many.
 */
void pending_add(LLVMModuleRef m);
size_t pending_remove(LLVMModuleRef m);

/* !unilink.config: one node !{key, value, origin, global} per folded key. */
void config_record(LLVMModuleRef m, const char *key, const char *value,
		   const char *origin, const char *global);
struct folded_key {
	char *key, *value, *origin, *global;
};
/* Read !unilink.config; returns how many records, *out to be freed. */
size_t config_records(LLVMModuleRef m, struct folded_key **out);
void config_records_free(struct folded_key *f, size_t n);

/* Section and key parts of "section.key" (the key part is after the dot). */
bool split_key(const char *full, char **section, char **key);

#define PASS_CONFIG_FOLD "config-fold"
#define PASS_DRIVER_PRUNE "driver-prune"
#define PASS_PROTOCOL_PRUNE "protocol-prune"

#endif
