/* SPDX-License-Identifier: ISC */
/*
 * The page allocator core (rt/mm/pages.c) over fake RAM: ranges carved out
 * of one host buffer, with holes, unaligned edges and reserved ranges. Every
 * allocation must lie inside a range, outside every reserved range and the
 * bitmaps, never overlap another live one, and the free count must add up.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mm/pages.h"
#include "unit.h"

UNIT_COUNTERS;

#define PAGE 4096ULL
#define ARENA_PAGES 1024

static unsigned char *arena;
static uint64_t A; /* the arena's address */

/* Which arena pages are currently handed out (by this test's count). */
static bool owned[ARENA_PAGES];

static uint64_t page_index(const void *p)
{
	return ((uint64_t)(uintptr_t)p - A) / PAGE;
}

static bool in_range(uint64_t a, uint64_t n, const struct uni_memrange *r)
{
	return a >= r->base && a + n * PAGE <= r->base + r->size;
}

static bool overlaps(uint64_t a, uint64_t n, const struct uni_memrange *r)
{
	return a < r->base + r->size && r->base < a + n * PAGE;
}

static const struct uni_memrange *ram;
static unsigned nr_ram;
static const struct uni_memrange *rsv;
static unsigned nr_rsv;

/* An allocation of n pages at p must be legal and fresh. */
static void check_alloc(struct uni_pages *pg, void *p, uint64_t n)
{
	uint64_t a = (uint64_t)(uintptr_t)p, i;
	bool inside = false, clash = false;
	unsigned k;

	CHECK(a % PAGE == 0, "allocation %p is not page-aligned", p);
	for (k = 0; k < nr_ram; k++)
		inside = inside || in_range(a, n, &ram[k]);
	CHECK(inside, "%llu pages at +%#llx are not inside one RAM range",
	      (unsigned long long)n, (unsigned long long)(a - A));
	for (k = 0; k < nr_rsv; k++)
		clash = clash || overlaps(a, n, &rsv[k]);
	for (k = 0; k < pg->nr_regions; k++) {
		const struct uni_page_region *r = &pg->region[k];
		struct uni_memrange bm = {(uint64_t)(uintptr_t)r->bits,
					  (r->npages + 63) / 64 * 8};
		clash = clash || overlaps(a, n, &bm);
	}
	CHECK(!clash, "%llu pages at +%#llx overlap a reserved range or bitmap",
	      (unsigned long long)n, (unsigned long long)(a - A));
	for (i = page_index(p); i < page_index(p) + n && inside; i++) {
		CHECK(!owned[i], "page %llu handed out twice",
		      (unsigned long long)i);
		owned[i] = true;
	}
}

static void release(struct uni_pages *pg, void *p, uint64_t n)
{
	uint64_t i;

	CHECK(uni_pages_free(pg, p, n) == UNI_PAGES_OK, "free %p", p);
	for (i = page_index(p); i < page_index(p) + n; i++)
		owned[i] = false;
}

static void init_layout(struct uni_pages *pg, const struct uni_memrange *r,
			unsigned nr, const struct uni_memrange *rs,
			unsigned nrs)
{
	unsigned k;

	memset(owned, 0, sizeof(owned));
	ram = r;
	nr_ram = nr;
	rsv = rs;
	nr_rsv = nrs;
	uni_pages_setup(pg, PAGE);
	for (k = 0; k < nrs; k++)
		CHECK(uni_pages_reserve(pg, rs[k].base, rs[k].size) == 0,
		      "reserve %u", k);
	CHECK(uni_pages_init(pg, r, nr) == UNI_PAGES_OK, "init");
}

static void test_layout(void)
{
	/* Three ranges with holes; unaligned edges lose their partial pages. */
	const struct uni_memrange r[] = {
	    {A + 0 * PAGE, 100 * PAGE},
	    {A + 200 * PAGE + 123, 300 * PAGE}, /* pages 201..499 */
	    {A + 600 * PAGE, 400 * PAGE - 7},	/* pages 600..998 */
	};
	const struct uni_memrange rs[] = {
	    {A + 0 * PAGE, 10 * PAGE},	 /* like the first MiB */
	    {A + 250 * PAGE + 5, 20},	 /* a part of one page */
	    {A + 700 * PAGE, 50 * PAGE}, /* like the image */
	};
	struct uni_pages pg;
	uint64_t expect = 100 + 299 + 399 - 10 - 1 - 50;
	void *p[2000];
	unsigned n = 0, i;

	init_layout(&pg, r, 3, rs, 3);
	/* The bitmaps take one page (3 small bitmaps) of managed memory. */
	CHECK(pg.pages_total == expect - 1, "pages_total %llu, expected %llu",
	      (unsigned long long)pg.pages_total,
	      (unsigned long long)(expect - 1));
	CHECK(pg.pages_free == pg.pages_total, "all free at start");
	while ((p[n] = uni_pages_alloc(&pg, 1)) != NULL && n < 2000)
		check_alloc(&pg, p[n++], 1);
	CHECK(n == pg.pages_total, "single pages: %u of %llu", n,
	      (unsigned long long)pg.pages_total);
	CHECK(pg.pages_free == 0, "none left");
	CHECK(uni_pages_alloc(&pg, 1) == NULL, "exhausted");
	for (i = 0; i < n; i++)
		release(&pg, p[i], 1);
	CHECK(pg.pages_free == pg.pages_total, "all back");
}

static void test_runs(void)
{
	const struct uni_memrange r[] = {
	    {A + 0 * PAGE, 64 * PAGE},
	    {A + 100 * PAGE, 500 * PAGE},
	};
	const struct uni_memrange rs[] = {{A + 120 * PAGE, PAGE}};
	struct uni_pages pg;
	void *a, *b, *c, *big;

	init_layout(&pg, r, 2, rs, 1);
	big = uni_pages_alloc(&pg, 400);
	CHECK(big != NULL, "400 pages fit only in the second range");
	if (big != NULL) {
		check_alloc(&pg, big, 400);
		CHECK(page_index(big) >= 121, "and past the reserved page");
	}
	CHECK(uni_pages_alloc(&pg, 100) == NULL, "no run of 100 left");
	a = uni_pages_alloc(&pg, 20);
	b = uni_pages_alloc(&pg, 20);
	c = uni_pages_alloc(&pg, 20);
	check_alloc(&pg, a, 20);
	check_alloc(&pg, b, 20);
	check_alloc(&pg, c, 20);
	release(&pg, b, 20);
	CHECK(uni_pages_alloc(&pg, 21) != b, "a hole of 20 does not take 21");
	CHECK(uni_pages_alloc(&pg, 20) == b, "first fit reuses the hole");
	CHECK(uni_pages_free(&pg, (char *)a + 1, 1) == UNI_PAGES_NOT_MANAGED,
	      "unaligned free");
	CHECK(uni_pages_free(&pg, arena + 80 * PAGE, 1) ==
		  UNI_PAGES_NOT_MANAGED,
	      "free in a hole");
	CHECK(uni_pages_free(&pg, (char *)c + 19 * PAGE, 2) ==
		  UNI_PAGES_NOT_IN_USE,
	      "free past a run");
	release(&pg, a, 20);
	CHECK(uni_pages_free(&pg, a, 20) == UNI_PAGES_NOT_IN_USE,
	      "double free");
	CHECK(uni_pages_alloc(&pg, 0) == NULL, "zero pages");
	CHECK(uni_pages_reserve(&pg, A, PAGE) == UNI_PAGES_AFTER_INIT,
	      "reserve after init");
}

static void test_random(void)
{
	const struct uni_memrange r[] = {
	    {A + 3 * PAGE, 500 * PAGE},
	    {A + 510 * PAGE, 510 * PAGE},
	};
	const struct uni_memrange rs[] = {{A + 300 * PAGE, 7 * PAGE},
					  {A + 800 * PAGE, 3 * PAGE}};
	struct {
		void *p;
		uint64_t n;
	} live[64] = {{0}};
	struct uni_pages pg;
	uint64_t used = 0, seed = 12345;
	unsigned i, k;

	init_layout(&pg, r, 2, rs, 2);
	for (i = 0; i < 20000; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		k = (unsigned)(seed >> 33) % 64;
		if (live[k].p != NULL) {
			release(&pg, live[k].p, live[k].n);
			used -= live[k].n;
			live[k].p = NULL;
			continue;
		}
		live[k].n = 1 + (seed >> 45) % 40;
		live[k].p = uni_pages_alloc(&pg, live[k].n);
		if (live[k].p == NULL)
			continue;
		check_alloc(&pg, live[k].p, live[k].n);
		used += live[k].n;
		if (pg.pages_free != pg.pages_total - used)
			CHECK(0, "free count %llu, expected %llu",
			      (unsigned long long)pg.pages_free,
			      (unsigned long long)(pg.pages_total - used));
	}
	CHECK(pg.pages_free == pg.pages_total - used, "final free count");
}

static void test_no_room(void)
{
	const struct uni_memrange r[] = {{A, 2 * PAGE}};
	const struct uni_memrange rs[] = {{A, 2 * PAGE}};
	struct uni_pages pg;

	uni_pages_setup(&pg, PAGE);
	uni_pages_reserve(&pg, rs[0].base, rs[0].size);
	CHECK(uni_pages_init(&pg, r, 1) == UNI_PAGES_NO_ROOM_FOR_BITMAPS,
	      "all reserved: no room for the bitmap");
	CHECK(uni_pages_alloc(&pg, 1) == NULL, "and nothing to allocate");
}

int main(void)
{
	arena = aligned_alloc(PAGE, ARENA_PAGES * PAGE);
	A = (uint64_t)(uintptr_t)arena;
	test_layout();
	test_runs();
	test_random();
	test_no_room();
	free(arena);
	return unit_summary();
}
