/* SPDX-License-Identifier: ISC */
/*
 * The boot-time configuration reader of the generic image: `section.key=value`
 * words on the PVH command line override the defaults of the keys declared
 * with UNI_CONFIG_*(). Every word must be understood: each unknown key, word
 * without '=' or bad value is reported, and then the whole command line is
 * refused (nothing is written), so the appliance never starts half-configured.
 *
 * The core (uni_config_read) works on an explicit key table and reports
 * through a callback, so native unit tests can drive it.
 */
#ifndef UNI_CONFIG_READER_H
#define UNI_CONFIG_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "uni/config.h"

struct uni_config_reader {
	const struct uni_config_key *begin, *end;    /* the key table */
	void (*report)(void *ctx, const char *line); /* one message, no '\n' */
	void *ctx;
	char *pool; /* where string values are copied, NUL-terminated */
	size_t pool_size, pool_used;
	unsigned errors; /* reported by the last uni_config_read */
};

/*
 * Check every word of cmdline against the table and report each problem;
 * when there is none, write the values through the keys' var pointers.
 * Returns the number of keys set, or -1 when anything was wrong.
 */
int uni_config_read(struct uni_config_reader *r, const char *cmdline);

/* The key section.name of the table [begin, end), or NULL. */
const struct uni_config_key *
uni_config_lookup(const struct uni_config_key *begin,
		  const struct uni_config_key *end, const char *section,
		  size_t section_len, const char *name, size_t name_len);

/*
 * The same over the image's own keys (__start_uni_config..__stop_uni_config),
 * printing messages on the console; -1 means the boot must stop.
 */
int uni_config_boot_read(const char *cmdline);

/*
 * True in a generic image; the config-fold pass makes it a constant false
 * when no key is left to read, and then uni_config_boot_read() only refuses
 * a command line that carries settings.
 */
extern bool uni_config_boot_reader_needed;
const struct uni_config_key *uni_config_find(const char *section,
					     size_t section_len,
					     const char *name, size_t name_len);

#endif
