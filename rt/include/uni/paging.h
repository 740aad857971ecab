/* SPDX-License-Identifier: ISC */
/*
 * Page tables and sealing. Boot builds the tables from the image layout
 * (text R-X, rodata R--, data/bss RW- NX, RAM RW- NX, a guard page under
 * each stack) after the page allocator is up: they come from a pool sized
 * from the memory map. uni_seal() then makes text and the page tables
 * read-only and sets CR0.WP; from then on uni_map() refuses and a write to
 * text faults with a message naming the seal.
 */
#ifndef UNI_PAGING_H
#define UNI_PAGING_H

#include <stdbool.h>
#include <stdint.h>

enum uni_map_flags {
	UNI_MAP_R = 0, /* read-only, no execute */
	UNI_MAP_W = 1 << 0,
	UNI_MAP_X = 1 << 1,
	UNI_MAP_UC = 1 << 2, /* uncached (device memory) */
};

/* After uni_mm_init(): the pool of tables comes from the page allocator. */
void uni_paging_init(void);

/* Table pages in use and in the pool (uni_pt_pages_bound at boot). */
void uni_paging_counts(uint64_t *used, uint64_t *pool);

/* Whether addr lies in a page-table page (for the page-fault message). */
bool uni_paging_is_table(uint64_t addr);

/*
 * Identity-map [phys, phys+size) with flags (W and X together are refused).
 * Returns 0; after uni_seal() it stops the VM: the image is sealed.
 */
int uni_map(uint64_t phys, uint64_t size, unsigned flags);

void uni_seal(void);
bool uni_sealed(void);

#endif
