/* SPDX-License-Identifier: ISC */
/*
 * appliance.memory (docs/configuration.md, "Memory"): the memory a built
 * image needs (common/mem/sizing.c, from the image's extent, its zones and
 * the keys that size its buffers), and the size the VM gets: the need with
 * `auto`, else the configured size, refused when it is below the need.
 */
#ifndef UNILINK_BUILD_MEMORY_H
#define UNILINK_BUILD_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include "mem/sizing.h"

struct build;
struct run_note;
struct sizes;

/*
 * A value of appliance.memory into *mib: 0 for "auto", else MiB from a
 * whole number with an optional unit (64, 64M, 64MiB, 2G, 2GiB). 0, or -1
 * with the expected form in err.
 */
int unilink_memory_parse(const char *v, long *mib, char *err, size_t size);

/*
 * The VM size for the image at path, whose component sizes are sz, into
 * *mib, its need into *need and the configured size (0: auto) and the
 * estimate's inputs into *note (run/note.h). 0, or -1 after a message (a
 * configured size below the need names both).
 */
int unilink_memory_size(struct build *b, const char *path,
			const struct sizes *sz, long *mib,
			struct uni_mem_need *need, struct run_note *note);

#endif
