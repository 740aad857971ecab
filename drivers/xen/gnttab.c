/* SPDX-License-Identifier: ISC */
/*
 * Grant tables, version 1: NR_FRAMES pages of struct grant_entry_v1 that
 * Xen places in our physical map (XENMAPSPACE_grant_table), and a free list
 * of references threaded through an array. A grant is written domid and
 * frame first, then its flags; ending one clears the flags only while the
 * other end neither reads nor writes the page (a compare-and-swap against
 * Xen's concurrent updates of GTF_reading/GTF_writing).
 */
#include <stdbool.h>
#include <stdint.h>

#include <xen/memory.h>

#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/mm.h"
#include "uni/xen.h"

#define NR_FRAMES 4
#define ENTRIES_PER_FRAME (UNI_PAGE_SIZE / sizeof(struct grant_entry_v1))
#define NR_ENTRIES (NR_FRAMES * ENTRIES_PER_FRAME)
#define LIST_END 0xffffu

static volatile struct grant_entry_v1 *table;
static uint16_t next_free[NR_ENTRIES];
static uint16_t free_head = LIST_END;
static unsigned free_count;

static void put_free(grant_ref_t ref)
{
	next_free[ref] = free_head;
	free_head = (uint16_t)ref;
	free_count++;
}

static int map_frames(void *pages)
{
	uint64_t gfn = (uint64_t)(uintptr_t)pages / UNI_PAGE_SIZE;
	unsigned i;

	for (i = 0; i < NR_FRAMES; i++)
		if (uni_xen_add_to_physmap(XENMAPSPACE_grant_table, i,
					   gfn + i) != UNI_XEN_OK)
			return UNI_XEN_EIO;
	return UNI_XEN_OK;
}

int uni_xen_gnttab_init(void)
{
	void *pages;
	grant_ref_t ref;
	int r;

	if (table != NULL)
		return UNI_XEN_OK;
	if (uni_boot.platform != UNI_PLATFORM_XEN)
		return UNI_XEN_ABSENT;
	pages = uni_page_alloc(NR_FRAMES);
	if (pages == NULL)
		return UNI_XEN_ENOSPC;
	r = map_frames(pages);
	if (r != UNI_XEN_OK)
		return r;
	table = pages;
	/* Hand out low references first; the reserved ones never. */
	for (ref = NR_ENTRIES - 1; ref >= GNTTAB_NR_RESERVED_ENTRIES; ref--)
		put_free(ref);
	return UNI_XEN_OK;
}

int uni_xen_gnttab_grant(domid_t domid, uint64_t gfn, bool readonly)
{
	grant_ref_t ref;
	int r = uni_xen_gnttab_init();

	if (r != UNI_XEN_OK)
		return r;
	if (gfn > UINT32_MAX)
		return UNI_XEN_EINVAL;
	if (free_head == LIST_END)
		return UNI_XEN_ENOSPC;
	ref = free_head;
	free_head = next_free[ref];
	free_count--;
	table[ref].domid = domid;
	table[ref].frame = (uint32_t)gfn;
	cpu_wmb(); /* the entry, then flags */
	table[ref].flags =
	    (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0));
	return (int)ref;
}

int uni_xen_gnttab_end(grant_ref_t ref)
{
	uint16_t flags;

	if (table == NULL || ref < GNTTAB_NR_RESERVED_ENTRIES ||
	    ref >= NR_ENTRIES)
		return UNI_XEN_EINVAL;
	flags = table[ref].flags;
	if ((flags & GTF_type_mask) == GTF_invalid)
		return UNI_XEN_EINVAL; /* not granted, or ended already */
	do {
		if (flags & (GTF_reading | GTF_writing))
			return UNI_XEN_EAGAIN;
	} while (!__atomic_compare_exchange_n(&table[ref].flags, &flags, 0,
					      false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	put_free(ref);
	return UNI_XEN_OK;
}

unsigned uni_xen_gnttab_free_count(void)
{
	return free_count;
}
