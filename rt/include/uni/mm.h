/* SPDX-License-Identifier: ISC */
/*
 * Physical memory: a page allocator over the usable RAM of the memory map
 * (minus the image and the boot structures), identity-mapped; the heap
 * (malloc and friends in <stdlib.h>) takes its pages from here.
 */
#ifndef UNI_MM_H
#define UNI_MM_H

#include <stddef.h>
#include <stdint.h>

#define UNI_PAGE_SIZE 4096UL

struct uni_mm_stats {
	uint64_t pages_total; /* pages handed to the allocator at boot */
	uint64_t pages_free;
	uint64_t pages_min_free; /* the fewest free there ever were */
	uint64_t heap_bytes_used;
	uint64_t heap_bytes_peak;
};

/* Give the allocator every usable page of uni_boot.ram outside reserved. */
void uni_mm_init(void);

/* Mark [base, base+size) as not allocatable (before uni_mm_init only). */
void uni_mm_reserve(uint64_t base, uint64_t size);

/* n contiguous zeroed pages, page-aligned; NULL when memory is exhausted. */
void *uni_page_alloc(size_t n);
/*
 * The same without the clearing, for memory that is always written before
 * it is read (page tables cleared one by one as they are taken, device
 * buffers): its contents are whatever the pages last held.
 */
void *uni_page_alloc_uncleared(size_t n);
void uni_page_free(void *p, size_t n);

void uni_mm_get_stats(struct uni_mm_stats *s);

/*
 * Prints the memory counters, one "mem.NAME VALUE" a line: ram_kib (the
 * memory map's RAM), peak_kib (the high-water mark: RAM less the fewest
 * pages that were ever free, image and boot structures included; what the
 * VM needed so far), heap_peak_bytes, page_tables and page_table_pool
 * (table pages in use, and in the pool sized from the memory map).
 */
void uni_mm_print_stats(void);

#endif
