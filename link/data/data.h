/* SPDX-License-Identifier: ISC */
/*
 * Data compiled into the image (issue #4 §2, rt/include/uni/data.h): the
 * files that a UNI_CONFIG_DATA key names are read at build time, validated
 * and compiled by kind (data_load.c), and become constant data with an
 * index in the linked module (data.c). Content that does not parse fails
 * the build with its own file:line.
 */
#ifndef UNILINK_DATA_H
#define UNILINK_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "www/etag.h"

/* One file, in its kind's compiled form. */
struct data_file {
	char *name; /* the path as the configuration gave it; for a
		       www-tree, the file's URL path ("/css/site.css") */
	uint8_t *bytes;
	size_t size;
};

/* The web tree's bytes in the image, its files' and the gzip variants the
   build makes: 64 MiB. */
#define WWW_TOTAL_CAP (64ull << 20)

/*
 * What the www-tree kind knows of file i of its set beyond its bytes
 * (data_www_meta.c), written into the image as the table of www/index.h.
 */
struct data_www_file {
	char etag[WWW_ETAG_SIZE];
	int64_t last_modified; /* seconds since 1970 */
	char *head;	       /* the memoised 200 head */
	uint32_t head_len, head_split;
	const uint8_t *gz; /* the gzip variant, or NULL */
	size_t gz_size;
	long gz_sibling; /* the variant is file gz_sibling of the set (NAME.gz),
			    or -1: made by the build, owned here */
	char gz_etag[WWW_ETAG_SIZE];
	char *gz_head;
	uint32_t gz_head_len, gz_head_split;
};

struct data_www {
	struct data_www_file *files; /* the set's n */
	size_t made, made_bytes;     /* gzip variants the build made */
	size_t sibling;		     /* NAME.gz files of the tree used */
};

/* The files of one key, section.key, of one kind. */
struct data_set {
	char *section, *key, *kind;
	struct data_file *files;
	size_t n;
	const struct unilink_conf *conf; /* for the kind's own keys */
	struct data_www *www;		 /* www-tree: the table, or NULL */
};

/*
 * Where the files of one key may be (data_scope.c). A path from the
 * configuration file must resolve (symbolic links followed) inside the
 * configuration's folder, and so must each file it $INCLUDEs, unless the
 * configuration sets data.allow_outside = true. A path given with -D on
 * the command line is the user's own: it may be anywhere, and the files it
 * $INCLUDEs must be inside its folder.
 */
struct data_scope {
	char root[4096]; /* a resolved folder */
	int anywhere;	 /* data.allow_outside = true */
	int from_define; /* the key was set by -D */
};

/* The scope of section.key in c; -1 after a message (a bad allow_outside). */
int unilink_data_scope(const struct unilink_conf *c, const char *section,
		       const char *key, struct data_scope *scope);
/*
 * Whether path, named by key ("dns.zone") or by a file of it that
 * $INCLUDEs it (include), may be read in scope; -1 after a message naming
 * the path, where it leads and how to allow it.
 */
int unilink_data_allowed(const struct data_scope *scope, const char *key,
			 const char *path, int include);

/*
 * Loads the files that value names (separated by blanks or commas;
 * relative paths are relative to dir) as kind into set, whose section, key
 * and kind are already set, each within scope and none an output of the
 * build. Returns 0, or -1 after a message.
 */
int unilink_data_load(struct data_set *set, const char *dir, const char *value,
		      const struct data_scope *scope);
void unilink_data_set_free(struct data_set *set);

/*
 * The www-tree kind (data_www.c): the regular files below the directory
 * path into set (set->files allocated here, set->n counting those read),
 * sorted by URL path. 0, or -1 after a message.
 */
int unilink_www_load(struct data_set *set, const char *path);

/*
 * The www-tree kind's table (data_www_meta.c) for set, whose files are
 * read and sorted: validators (mtime[i] is file i's, clamped to
 * SOURCE_DATE_EPOCH when set), gzip variants (section.gzip,
 * section.gzip_min_size; total: the tree's bytes, which the variants
 * count towards the cap) and the 200 heads. 0, or -1 after a message.
 */
int unilink_www_meta(struct data_set *set, const int64_t *mtime,
		     unsigned long long total);
void unilink_www_meta_free(struct data_www *www, size_t n);

/*
 * The gzip member (RFC 1952) of in[0..n), deflated by zlib at its best
 * level, with a fixed header (no name, MTIME 0, OS 3) so that the same
 * bytes give the same member in every build (data_www_gzip.c). Allocated;
 * NULL after a message.
 */
uint8_t *unilink_gzip(const uint8_t *in, size_t n, size_t *out_len);

/*
 * A private constant global of m named name holding bytes[0..n) (a NUL
 * added when cstr; aligned to 8 otherwise) (data.c).
 */
LLVMValueRef unilink_data_bytes_global(LLVMModuleRef m, const char *name,
				       const void *bytes, size_t n, int cstr);

/*
 * Defines uni_www_index_<section>_<key> (www/index.h) in m for set, whose
 * uni_data_<section>_<key> is set_var and whose file i's bytes are
 * data_vars[i] (data_www_index.c).
 */
void unilink_www_define_index(LLVMModuleRef m, const struct data_set *set,
			      LLVMValueRef set_var, LLVMValueRef *data_vars);

/*
 * The build hook, called once on the linked module before any variant is
 * made from it: for every descriptor in the section "uni_data", loads the
 * files its key names in the configuration c, defines
 * uni_data_<section>_<key> and deletes the descriptor; *zone_names counts
 * the names of the zones among them. With defs, *defs is a copy of the
 * module of the definitions (NULL without descriptors), for `unilink
 * data`. 0, or -1 after a message (the build fails).
 */
int unilink_data_embed(LLVMModuleRef m, const struct unilink_conf *c,
		       uint64_t *zone_names, LLVMModuleRef *defs);

/* The names in the dns-zone blobs of set (the memory estimate's input). */
uint64_t unilink_data_zone_names(const struct data_set *set);

#endif
