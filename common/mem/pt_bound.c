/* SPDX-License-Identifier: ISC */
/*
 * The page-table bound (see pt_bound.h). Each level is counted per RAM
 * range, so ranges that share a table count it twice: an over-estimate of
 * a few pages, never an under-estimate.
 */
#include "mem/pt_bound.h"

#define GIB (1ULL << 30)
#define PML4E_SPAN (512ULL * GIB)

/* How many aligned blocks of size bytes [base, end) touches (end > base). */
static uint64_t blocks(uint64_t base, uint64_t end, uint64_t size)
{
	return (end - 1) / size - base / size + 1;
}

uint64_t uni_pt_pages_bound(const struct uni_memrange *ram, unsigned n,
			    bool huge)
{
	uint64_t pages = 1; /* the PML4 */
	uint64_t fixed, pool;

	for (unsigned i = 0; i < n; i++) {
		uint64_t base = ram[i].base, end = base + ram[i].size;

		if (ram[i].size == 0 || end < base)
			continue;
		pages += blocks(base, end, PML4E_SPAN);
		/* Page directories: all of them, or the two unaligned ends. */
		pages += huge ? 2 : blocks(base, end, GIB);
		/* Page tables: the two ends not aligned to 2 MiB. */
		pages += 2;
	}
	/* A split point may need a page directory and a page table. */
	fixed = pages + 2 * UNI_PT_IMAGE_SPLITS + UNI_PT_MAP_MARGIN;
	/*
	 * The pool itself is mapped read-only page by page at the seal: one
	 * page table per 2 MiB of it and its two ends (P/512 + 2 each level
	 * at most), so P = fixed + P/256 + 4 is enough.
	 */
	pool = fixed + 4;
	pool += pool / 255 + 1;
	return pool;
}
