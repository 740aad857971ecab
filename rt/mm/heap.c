/* SPDX-License-Identifier: ISC */
/*
 * malloc, calloc, realloc and free: one heap (heap_core.c) that takes its
 * arenas from the page allocator. Running out of memory prints what was
 * asked for and what is left, and returns NULL; a pointer that is not a live
 * block of the heap stops the VM, since the heap can no longer be trusted.
 * uni_mm_get_stats lives here, above the page allocator (mm.c) whose counts
 * it reports with the heap's.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "heap_core.h"
#include "mm_internal.h"
#include "uni/boot.h"
#include "uni/mm.h"
#include "uni/paging.h"

/* Pages per ordinary arena (256 KiB); larger requests get their own. */
#define HEAP_GROW_PAGES 64

static struct uni_heap heap;
static bool heap_ready;

/* Not cleared: the core writes its headers, calloc() clears its blocks. */
static void *heap_grow(void *ctx, size_t npages)
{
	return uni_page_alloc_uncleared(npages);
}

static void heap_release(void *ctx, void *p, size_t npages)
{
	uni_page_free(p, npages);
}

static struct uni_heap *the_heap(void)
{
	if (!heap_ready) {
		uni_heap_init(&heap, UNI_PAGE_SIZE, HEAP_GROW_PAGES, heap_grow,
			      heap_release, NULL);
		heap_ready = true;
	}
	return &heap;
}

static void report_exhausted(const char *fn, size_t size)
{
	uint64_t pages_total, pages_free, min_free;

	uni_mm_page_counts(&pages_total, &pages_free, &min_free);
	printf("%s: out of memory: %zu bytes requested, %llu bytes of heap in "
	       "use, %llu pages free\n",
	       fn, size, (unsigned long long)heap.bytes_used,
	       (unsigned long long)pages_free);
}

void *malloc(size_t size)
{
	void *p = uni_heap_alloc(the_heap(), size);

	if (p == NULL)
		report_exhausted("malloc", size);
	return p;
}

void *calloc(size_t n, size_t size)
{
	size_t total;
	void *p;

	if (__builtin_mul_overflow(n, size, &total)) {
		printf("calloc: %zu objects of %zu bytes overflow the size "
		       "range\n",
		       n, size);
		return NULL;
	}
	p = uni_heap_calloc(the_heap(), n, size);
	if (p == NULL)
		report_exhausted("calloc", total);
	return p;
}

void *realloc(void *p, size_t size)
{
	int status = UNI_HEAP_OK;
	void *q = uni_heap_realloc(the_heap(), p, size, &status);

	if (status != UNI_HEAP_OK)
		uni_panic("realloc(%p, %zu): %s", p, size,
			  uni_heap_error(status));
	if (q == NULL && size > 0)
		report_exhausted("realloc", size);
	return q;
}

void free(void *p)
{
	int status = uni_heap_free(the_heap(), p);

	if (status != UNI_HEAP_OK)
		uni_panic("free(%p): %s", p, uni_heap_error(status));
}

void uni_mm_print_stats(void)
{
	struct uni_mm_stats s;
	uint64_t pt_used, pt_pool;

	uni_mm_get_stats(&s);
	printf("mem.ram_kib %llu\n",
	       (unsigned long long)(uni_boot.ram_total >> 10));
	printf("mem.peak_kib %llu\n",
	       (unsigned long long)((uni_boot.ram_total -
				     s.pages_min_free * UNI_PAGE_SIZE) >>
				    10));
	printf("mem.heap_peak_bytes %llu\n",
	       (unsigned long long)s.heap_bytes_peak);
	uni_paging_counts(&pt_used, &pt_pool);
	printf("mem.page_tables %llu\nmem.page_table_pool %llu\n",
	       (unsigned long long)pt_used, (unsigned long long)pt_pool);
}

void uni_mm_get_stats(struct uni_mm_stats *s)
{
	uni_mm_page_counts(&s->pages_total, &s->pages_free, &s->pages_min_free);
	s->heap_bytes_used = heap.bytes_used;
	s->heap_bytes_peak = heap.bytes_peak;
}
