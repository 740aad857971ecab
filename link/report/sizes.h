/* SPDX-License-Identifier: ISC */
/* Per-component sizes of an image, read with libelf; see sizes.c. */
#ifndef UNILINK_SIZES_H
#define UNILINK_SIZES_H

#include <stdint.h>

enum size_kind { SZ_TEXT, SZ_RODATA, SZ_DATA, SZ_BSS, SZ_KINDS };

struct comp_size {
	char name[96];
	uint64_t v[SZ_KINDS];
};

struct sizes {
	struct comp_size *c;
	int n;
	uint64_t total[SZ_KINDS];
	uint64_t file; /* bytes of the shipped file (0: not measured) */
};

struct symmap;
struct sizes *unilink_sizes_read(const char *image, const struct symmap *m);
void unilink_sizes_free(struct sizes *s);
/* s->file from the shipped image; -1 after a message. */
int unilink_sizes_file(struct sizes *s, const char *image);
/* What a loader copies: text + rodata + data. */
uint64_t unilink_sizes_loaded(const struct sizes *s);
/* The entry for component name, or NULL. */
const struct comp_size *unilink_sizes_find(const struct sizes *s,
					   const char *name);
extern const char *const unilink_size_kind_names[SZ_KINDS];
/* The four kinds of c added up (0 for NULL). */
uint64_t report_total(const struct comp_size *c);

#endif
