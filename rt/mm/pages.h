/* SPDX-License-Identifier: ISC */
/*
 * The page allocator core: one bitmap per RAM range (a set bit is a page in
 * use), first-fit search for runs of contiguous pages. It works on an explicit
 * state and on addresses that are directly usable as pointers (identity
 * mapping in the VM, host memory in the unit tests); its bitmaps live in the
 * managed memory itself, in pages it marks as used.
 */
#ifndef UNI_MM_PAGES_H
#define UNI_MM_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uni/boot.h"

#define UNI_PAGES_MAX_RESERVED 16

struct uni_page_region {
	uint64_t base; /* page-aligned */
	uint64_t npages;
	uint64_t *bits; /* npages bits, set = in use */
};

struct uni_pages {
	uint64_t page_size;
	struct uni_page_region region[UNI_MAX_RAM_RANGES];
	unsigned nr_regions;
	struct uni_memrange reserved[UNI_PAGES_MAX_RESERVED];
	unsigned nr_reserved;
	bool ready;
	uint64_t pages_total; /* usable pages, after reserved and bitmaps */
	uint64_t pages_free;
	uint64_t pages_min_free; /* the fewest free pages there ever were */
};

/* What the calls report; each has a message in uni_pages_error(). */
enum uni_pages_status {
	UNI_PAGES_OK = 0,
	UNI_PAGES_TOO_MANY_RESERVED = -1,
	UNI_PAGES_AFTER_INIT = -2,
	UNI_PAGES_NO_ROOM_FOR_BITMAPS = -3,
	UNI_PAGES_NOT_MANAGED = -4, /* free: not pages of any region */
	UNI_PAGES_NOT_IN_USE = -5,  /* free: a page was already free */
};

/* Start with no regions; page_size is a power of two. */
void uni_pages_setup(struct uni_pages *pg, uint64_t page_size);

/* Exclude [base, base+size) from allocation (before uni_pages_init). */
int uni_pages_reserve(struct uni_pages *pg, uint64_t base, uint64_t size);

/* Take the ranges ram[0..n) (at most UNI_MAX_RAM_RANGES, non-overlapping). */
int uni_pages_init(struct uni_pages *pg, const struct uni_memrange *ram,
		   unsigned n);

/* n contiguous pages (not cleared), or NULL. */
void *uni_pages_alloc(struct uni_pages *pg, uint64_t n);

int uni_pages_free(struct uni_pages *pg, void *p, uint64_t n);

const char *uni_pages_error(int status);

#endif
