/* SPDX-License-Identifier: ISC */
/*
 * The page allocator core (see pages.h). Invariant: a page of a region is
 * free exactly when its bit is clear, and pages_free counts the clear bits.
 * Pages that are reserved, that hold the bitmaps, or that lie in the
 * rounding slack of a range are set at init and never freed.
 */
#include "pages.h"

#define BITS_PER_WORD 64
#define NONE UINT64_MAX

static bool bit_test(const struct uni_page_region *r, uint64_t i)
{
	return (r->bits[i / BITS_PER_WORD] >> (i % BITS_PER_WORD)) & 1;
}

static void bit_assign(struct uni_page_region *r, uint64_t i, bool v)
{
	uint64_t mask = (uint64_t)1 << (i % BITS_PER_WORD);

	if (v)
		r->bits[i / BITS_PER_WORD] |= mask;
	else
		r->bits[i / BITS_PER_WORD] &= ~mask;
}

static uint64_t bitmap_words(uint64_t npages)
{
	return (npages + BITS_PER_WORD - 1) / BITS_PER_WORD;
}

void uni_pages_setup(struct uni_pages *pg, uint64_t page_size)
{
	__builtin_memset(pg, 0, sizeof(*pg));
	pg->page_size = page_size;
}

int uni_pages_reserve(struct uni_pages *pg, uint64_t base, uint64_t size)
{
	if (pg->ready)
		return UNI_PAGES_AFTER_INIT;
	if (pg->nr_reserved == UNI_PAGES_MAX_RESERVED)
		return UNI_PAGES_TOO_MANY_RESERVED;
	if (size == 0)
		return UNI_PAGES_OK;
	pg->reserved[pg->nr_reserved].base = base;
	pg->reserved[pg->nr_reserved].size = size;
	pg->nr_reserved++;
	return UNI_PAGES_OK;
}

/* Whether page address a overlaps a reserved range. */
static bool page_reserved(const struct uni_pages *pg, uint64_t a)
{
	unsigned i;

	for (i = 0; i < pg->nr_reserved; i++) {
		const struct uni_memrange *rs = &pg->reserved[i];

		if (a < rs->base + rs->size && rs->base < a + pg->page_size)
			return true;
	}
	return false;
}

/* The whole pages inside [base, base+size), as a region without bitmap. */
static bool trim_range(const struct uni_pages *pg, uint64_t base, uint64_t size,
		       struct uni_page_region *r)
{
	uint64_t mask = pg->page_size - 1;
	uint64_t start = (base + mask) & ~mask;
	uint64_t end = (base + size) & ~mask;

	if (base + size < base || start < base || end <= start)
		return false;
	r->base = start;
	r->npages = (end - start) / pg->page_size;
	r->bits = NULL;
	return true;
}

/* The first run of n unreserved pages in r (bitmaps not yet there). */
static uint64_t find_unreserved_run(const struct uni_pages *pg,
				    const struct uni_page_region *r, uint64_t n)
{
	uint64_t i, run = 0;

	for (i = 0; i < r->npages; i++) {
		run = page_reserved(pg, r->base + i * pg->page_size) ? 0
								     : run + 1;
		if (run == n)
			return i + 1 - n;
	}
	return NONE;
}

/*
 * Place all bitmaps in one run of unreserved pages of some region, and
 * reserve that run. Returns false when no run fits.
 */
static bool place_bitmaps(struct uni_pages *pg, uint64_t bytes, uint64_t *at)
{
	uint64_t n = (bytes + pg->page_size - 1) / pg->page_size;
	unsigned i;

	for (i = 0; i < pg->nr_regions; i++) {
		struct uni_page_region *r = &pg->region[i];
		uint64_t first = find_unreserved_run(pg, r, n);

		if (first == NONE)
			continue;
		*at = r->base + first * pg->page_size;
		return uni_pages_reserve(pg, *at, n * pg->page_size) == 0;
	}
	return false;
}

/* Set the bits of r's pages that overlap [base, base+size). */
static void mark_range(const struct uni_pages *pg, struct uni_page_region *r,
		       uint64_t base, uint64_t size)
{
	uint64_t end = base + size, rend = r->base + r->npages * pg->page_size;
	uint64_t first, last, i;

	if (end < base)
		end = UINT64_MAX; /* a range to the end of the address space */
	if (size == 0 || end <= r->base || base >= rend)
		return;
	first = base <= r->base ? 0 : (base - r->base) / pg->page_size;
	last = end >= rend
		   ? r->npages
		   : (end - r->base + pg->page_size - 1) / pg->page_size;
	for (i = first; i < last; i++)
		bit_assign(r, i, true);
}

/* All pages free but the reserved ones; the slack past npages in use. */
static void mark_initial(struct uni_pages *pg, struct uni_page_region *r)
{
	uint64_t i, nwords = bitmap_words(r->npages);

	for (i = 0; i < nwords; i++)
		r->bits[i] = 0;
	if (r->npages % BITS_PER_WORD != 0)
		r->bits[nwords - 1] = ~(uint64_t)0
				      << (r->npages % BITS_PER_WORD);
	for (i = 0; i < pg->nr_reserved; i++)
		mark_range(pg, r, pg->reserved[i].base, pg->reserved[i].size);
	for (i = 0; i < nwords; i++)
		pg->pages_free +=
		    BITS_PER_WORD - (uint64_t)__builtin_popcountll(r->bits[i]);
}

int uni_pages_init(struct uni_pages *pg, const struct uni_memrange *ram,
		   unsigned n)
{
	uint64_t bytes = 0, at = 0;
	unsigned i;

	if (pg->ready)
		return UNI_PAGES_AFTER_INIT;
	for (i = 0; i < n && i < UNI_MAX_RAM_RANGES; i++) {
		struct uni_page_region *r = &pg->region[pg->nr_regions];

		if (!trim_range(pg, ram[i].base, ram[i].size, r))
			continue;
		bytes += bitmap_words(r->npages) * sizeof(uint64_t);
		pg->nr_regions++;
	}
	if (bytes > 0 && !place_bitmaps(pg, bytes, &at)) {
		pg->nr_regions = 0;
		return UNI_PAGES_NO_ROOM_FOR_BITMAPS;
	}
	for (i = 0; i < pg->nr_regions; i++) {
		struct uni_page_region *r = &pg->region[i];

		r->bits = (uint64_t *)(uintptr_t)at;
		at += bitmap_words(r->npages) * sizeof(uint64_t);
		mark_initial(pg, r);
	}
	pg->pages_total = pg->pages_free;
	pg->pages_min_free = pg->pages_free;
	pg->ready = true;
	return UNI_PAGES_OK;
}

/* The first run of n free pages in r, skipping words that are all in use. */
static uint64_t find_free_run(const struct uni_page_region *r, uint64_t n)
{
	uint64_t i = 0, run = 0;

	while (i < r->npages) {
		if (run == 0 && i % BITS_PER_WORD == 0 &&
		    r->bits[i / BITS_PER_WORD] == ~(uint64_t)0) {
			i += BITS_PER_WORD;
			continue;
		}
		run = bit_test(r, i) ? 0 : run + 1;
		i++;
		if (run == n)
			return i - n;
	}
	return NONE;
}

static void assign_run(struct uni_page_region *r, uint64_t first, uint64_t n,
		       bool v)
{
	uint64_t i;

	for (i = first; i < first + n; i++)
		bit_assign(r, i, v);
}

void *uni_pages_alloc(struct uni_pages *pg, uint64_t n)
{
	unsigned i;

	if (n == 0 || n > pg->pages_free)
		return NULL;
	for (i = 0; i < pg->nr_regions; i++) {
		struct uni_page_region *r = &pg->region[i];
		uint64_t first = n <= r->npages ? find_free_run(r, n) : NONE;

		if (first == NONE)
			continue;
		assign_run(r, first, n, true);
		pg->pages_free -= n;
		if (pg->pages_free < pg->pages_min_free)
			pg->pages_min_free = pg->pages_free;
		return (void *)(uintptr_t)(r->base + first * pg->page_size);
	}
	return NULL;
}

int uni_pages_free(struct uni_pages *pg, void *p, uint64_t n)
{
	uint64_t a = (uint64_t)(uintptr_t)p, first, i;
	unsigned k;

	for (k = 0; k < pg->nr_regions; k++) {
		struct uni_page_region *r = &pg->region[k];

		if (a < r->base || (a - r->base) % pg->page_size != 0)
			continue;
		first = (a - r->base) / pg->page_size;
		if (first >= r->npages || n > r->npages - first)
			continue;
		for (i = first; i < first + n; i++)
			if (!bit_test(r, i))
				return UNI_PAGES_NOT_IN_USE;
		assign_run(r, first, n, false);
		pg->pages_free += n;
		return UNI_PAGES_OK;
	}
	return UNI_PAGES_NOT_MANAGED;
}

const char *uni_pages_error(int status)
{
	switch (status) {
	case UNI_PAGES_OK:
		return "no error";
	case UNI_PAGES_TOO_MANY_RESERVED:
		return "too many reserved ranges";
	case UNI_PAGES_AFTER_INIT:
		return "the page allocator is already initialised";
	case UNI_PAGES_NO_ROOM_FOR_BITMAPS:
		return "no free run of RAM is large enough for the page "
		       "bitmaps";
	case UNI_PAGES_NOT_MANAGED:
		return "the pages are not all in one RAM range of the "
		       "allocator";
	case UNI_PAGES_NOT_IN_USE:
		return "a page is already free (freed twice?)";
	}
	return "unknown error";
}
