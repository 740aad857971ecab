/* SPDX-License-Identifier: ISC */
/*
 * The page allocator of the VM: one instance of the core in pages.c over
 * uni_boot.ram, with the ranges boot reserved taken out. RAM is identity
 * mapped, so page addresses are pointers. A broken promise (freeing pages
 * that are not allocated, reserving after init) stops the VM.
 */
#include <string.h>

#include "mm_internal.h"
#include "pages.h"
#include "uni/boot.h"
#include "uni/mm.h"

static struct uni_pages pages;
static bool pages_setup_done;

static void setup_once(void)
{
	if (pages_setup_done)
		return;
	uni_pages_setup(&pages, UNI_PAGE_SIZE);
	pages_setup_done = true;
}

void uni_mm_reserve(uint64_t base, uint64_t size)
{
	int st;

	setup_once();
	st = uni_pages_reserve(&pages, base, size);
	if (st != UNI_PAGES_OK)
		uni_panic("mm: cannot reserve %#llx-%#llx: %s",
			  (unsigned long long)base,
			  (unsigned long long)(base + size),
			  uni_pages_error(st));
}

/*
 * The first MiB stays out of the allocator whatever boot reserved: loaders
 * put their structures there (PVH start info, command line, memory map,
 * module list) and the BIOS its own, and without it no heap pointer is a
 * small number that a NULL-plus-offset bug could reach.
 */
#define LOW_MEMORY (1024 * 1024)

void uni_mm_init(void)
{
	int st;

	setup_once();
	uni_mm_reserve(0, LOW_MEMORY);
	st = uni_pages_init(&pages, uni_boot.ram, uni_boot.nr_ram);
	if (st != UNI_PAGES_OK)
		uni_panic("mm: cannot manage %u RAM ranges (%llu KiB): %s",
			  uni_boot.nr_ram,
			  (unsigned long long)(uni_boot.ram_total >> 10),
			  uni_pages_error(st));
}

void *uni_page_alloc_uncleared(size_t n)
{
	setup_once();
	return uni_pages_alloc(&pages, n);
}

void *uni_page_alloc(size_t n)
{
	void *p = uni_page_alloc_uncleared(n);

	if (p != NULL)
		memset(p, 0, n * UNI_PAGE_SIZE);
	return p;
}

void uni_page_free(void *p, size_t n)
{
	int st = uni_pages_free(&pages, p, n);

	if (st != UNI_PAGES_OK)
		uni_panic("uni_page_free(%p, %zu pages): %s", p, n,
			  uni_pages_error(st));
}

void uni_mm_page_counts(uint64_t *total, uint64_t *nfree, uint64_t *min_free)
{
	*total = pages.pages_total;
	*nfree = pages.pages_free;
	*min_free = pages.pages_min_free;
}
