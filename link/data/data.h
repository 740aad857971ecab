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

/* One file, in its kind's compiled form. */
struct data_file {
	char *name; /* the path as the configuration gave it; for a
		       www-tree, the file's URL path ("/css/site.css") */
	uint8_t *bytes;
	size_t size;
};

/* The files of one key, section.key, of one kind. */
struct data_set {
	char *section, *key, *kind;
	struct data_file *files;
	size_t n;
};

/*
 * Loads the files that value names (separated by blanks or commas;
 * relative paths are relative to dir) as kind into set, whose section, key
 * and kind are already set. Returns 0, or -1 after a message.
 */
int unilink_data_load(struct data_set *set, const char *dir, const char *value);
void unilink_data_set_free(struct data_set *set);

/*
 * The www-tree kind (data_www.c): the regular files below the directory
 * path into set (set->files allocated here, set->n counting those read),
 * sorted by URL path. 0, or -1 after a message.
 */
int unilink_www_load(struct data_set *set, const char *path);

/*
 * The build hook, called once on the linked module before any variant is
 * made from it: for every descriptor in the section "uni_data", loads the
 * files its key names in the configuration c, defines
 * uni_data_<section>_<key> and deletes the descriptor. 0, or -1 after a
 * message (the build fails).
 */
int unilink_data_embed(LLVMModuleRef m, const struct unilink_conf *c);

#endif
