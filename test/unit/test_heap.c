/* SPDX-License-Identifier: ISC */
/*
 * The heap core (rt/mm/heap_core.c) on host pages: alignment, size 0,
 * coalescing, realloc in place and moving, calloc overflow, exhaustion,
 * release of large arenas, refusal of bad frees, and long random sequences
 * of alloc/free/realloc with a pattern check of every live block and the
 * heap's own invariant check after every step.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mm/heap_core.h"
#include "unit.h"

UNIT_COUNTERS;

#define PAGE 4096
#define GROW_PAGES 4

/* A page source with a budget, so tests can exhaust it. */
struct source {
	size_t pages_left;
	size_t grows, releases;
	size_t pages_out;
};

static void *src_grow(void *ctx, size_t n)
{
	struct source *s = ctx;
	void *p;

	if (n > s->pages_left)
		return NULL;
	p = aligned_alloc(PAGE, n * PAGE);
	if (p == NULL)
		return NULL;
	memset(p, 0xee, n * PAGE); /* the heap must not rely on zeroed pages */
	s->pages_left -= n;
	s->pages_out += n;
	s->grows++;
	return p;
}

static void src_release(void *ctx, void *p, size_t n)
{
	struct source *s = ctx;

	s->pages_left += n;
	s->pages_out -= n;
	s->releases++;
	free(p);
}

static void setup(struct uni_heap *h, struct source *s, size_t budget)
{
	memset(s, 0, sizeof(*s));
	s->pages_left = budget;
	uni_heap_init(h, PAGE, GROW_PAGES, src_grow, src_release, s);
}

/* Free every arena the heap still holds (the test's own cleanup). */
static void teardown(struct uni_heap *h)
{
	while (h->arenas != NULL) {
		void *a = h->arenas;

		h->arenas = *(void **)a;
		free(a);
	}
}

static void test_alignment_and_sizes(void)
{
	struct uni_heap h;
	struct source s;
	void *p[64];
	size_t i;

	setup(&h, &s, 1000);
	for (i = 0; i < 64; i++) {
		p[i] = uni_heap_alloc(&h, i * 7);
		CHECK(p[i] != NULL, "alloc %zu", i * 7);
		CHECK((uintptr_t)p[i] % 16 == 0, "alloc %zu gave %p", i * 7,
		      p[i]);
		CHECK(uni_heap_usable_size(&h, p[i]) >= i * 7,
		      "usable size of %zu bytes", i * 7);
		memset(p[i], (int)i, i * 7);
	}
	CHECK(p[0] != p[1], "two size-0 allocations are distinct");
	CHECK(uni_heap_check(&h) == 0, "check: %d", uni_heap_check(&h));
	for (i = 0; i < 64; i += 2)
		CHECK(uni_heap_free(&h, p[i]) == UNI_HEAP_OK, "free %zu", i);
	for (i = 1; i < 64; i += 2)
		CHECK(uni_heap_free(&h, p[i]) == UNI_HEAP_OK, "free %zu", i);
	CHECK(h.bytes_used == 0, "bytes_used %zu after freeing all",
	      h.bytes_used);
	CHECK(h.bytes_peak > 64 * 63 * 7 / 2, "peak %zu", h.bytes_peak);
	CHECK(uni_heap_check(&h) == 0, "check: %d", uni_heap_check(&h));
	teardown(&h);
}

/* After freeing everything, each arena is one free block again. */
static void test_coalescing(void)
{
	struct uni_heap h;
	struct source s;
	void *a, *b, *c, *big;

	setup(&h, &s, 1000);
	a = uni_heap_alloc(&h, 1000);
	b = uni_heap_alloc(&h, 1000);
	c = uni_heap_alloc(&h, 1000);
	CHECK(a && b && c && s.grows == 1, "three blocks in one arena");
	uni_heap_free(&h, a);
	uni_heap_free(&h, c);
	uni_heap_free(&h, b); /* merges with both neighbours */
	CHECK(uni_heap_check(&h) == 0, "check: %d", uni_heap_check(&h));
	/* The whole arena is one block: a near-arena-sized request fits. */
	big = uni_heap_alloc(&h, GROW_PAGES * PAGE - 128);
	CHECK(big != NULL && s.grows == 1, "coalesced arena reused (%zu grows)",
	      s.grows);
	CHECK(big == a, "the merged block starts at the first block");
	uni_heap_free(&h, big);
	teardown(&h);
}

static void test_realloc(void)
{
	struct uni_heap h;
	struct source s;
	unsigned char *p, *q, *fence;
	int st = 99;
	size_t i;

	setup(&h, &s, 1000);
	p = uni_heap_realloc(&h, NULL, 100, &st);
	CHECK(p != NULL, "realloc(NULL) allocates");
	for (i = 0; i < 100; i++)
		p[i] = (unsigned char)i;
	q = uni_heap_realloc(&h, p, 40, &st);
	CHECK(q == p && st == UNI_HEAP_OK, "shrinking stays in place");
	q = uni_heap_realloc(&h, p, 1000, &st);
	CHECK(q == p, "growing into the free space after it stays in place");
	for (i = 0; i < 40; i++)
		CHECK(q[i] == i, "byte %zu kept after growing in place", i);
	fence = uni_heap_alloc(&h, 16); /* blocks growth in place */
	p = uni_heap_realloc(&h, q, 5000, &st);
	CHECK(p != NULL && p != q, "growing past a neighbour moves");
	for (i = 0; i < 40; i++)
		CHECK(p[i] == i, "byte %zu kept after moving", i);
	CHECK(uni_heap_check(&h) == 0, "check: %d", uni_heap_check(&h));
	CHECK(uni_heap_realloc(&h, p, 0, &st) == NULL && st == UNI_HEAP_OK,
	      "realloc to 0 frees");
	CHECK(uni_heap_realloc(&h, fence, SIZE_MAX - 8, &st) == NULL,
	      "a huge realloc fails");
	CHECK(uni_heap_usable_size(&h, fence) >= 16, "and leaves p alone");
	uni_heap_free(&h, fence);
	CHECK(h.bytes_used == 0 && uni_heap_check(&h) == 0, "all free");
	teardown(&h);
}

static void test_calloc(void)
{
	struct uni_heap h;
	struct source s;
	unsigned char *p;
	size_t i;
	bool zero = true;

	setup(&h, &s, 1000);
	p = uni_heap_alloc(&h, 256);
	memset(p, 0xab, 256);
	uni_heap_free(&h, p);
	p = uni_heap_calloc(&h, 16, 16); /* reuses the dirty block */
	CHECK(p != NULL, "calloc 16x16");
	for (i = 0; i < 256; i++)
		zero = zero && p[i] == 0;
	CHECK(zero, "calloc memory is zeroed");
	CHECK(uni_heap_calloc(&h, SIZE_MAX / 2, 3) == NULL,
	      "calloc overflow gives NULL");
	CHECK(uni_heap_calloc(&h, (size_t)1 << 33, (size_t)1 << 31) == NULL,
	      "calloc overflow gives NULL");
	uni_heap_free(&h, p);
	teardown(&h);
}

static void test_exhaustion_and_release(void)
{
	struct uni_heap h;
	struct source s;
	void *p, *q;

	setup(&h, &s, 20);
	CHECK(uni_heap_alloc(&h, 21 * PAGE) == NULL, "more than the budget");
	CHECK(uni_heap_alloc(&h, SIZE_MAX) == NULL, "SIZE_MAX");
	CHECK(uni_heap_alloc(&h, SIZE_MAX - 15) == NULL, "SIZE_MAX - 15");
	CHECK(h.bytes_used == 0 && h.arenas == NULL, "failures leave no trace");
	p = uni_heap_alloc(&h, 10 * PAGE); /* a large arena of its own */
	CHECK(p != NULL && s.pages_out == 11, "large arena: %zu pages",
	      s.pages_out);
	q = uni_heap_alloc(&h, 10 * PAGE);
	CHECK(q == NULL, "a second one does not fit in 20 pages");
	uni_heap_free(&h, p);
	CHECK(s.releases == 1 && s.pages_out == 0,
	      "a large arena goes back when free (%zu released, %zu out)",
	      s.releases, s.pages_out);
	q = uni_heap_alloc(&h, 10 * PAGE);
	CHECK(q != NULL, "and its pages can be used again");
	uni_heap_free(&h, q);
	p = uni_heap_alloc(&h, 8);
	uni_heap_free(&h, p);
	CHECK(s.pages_out == GROW_PAGES, "ordinary arenas are kept");
	CHECK(uni_heap_check(&h) == 0, "check: %d", uni_heap_check(&h));
	teardown(&h);
}

static void test_bad_frees(void)
{
	struct uni_heap h;
	struct source s;
	char *p, *q;
	char local[32];

	setup(&h, &s, 100);
	p = uni_heap_alloc(&h, 64);
	q = uni_heap_alloc(&h, 64);
	CHECK(uni_heap_free(&h, local) == UNI_HEAP_NOT_HEAP, "stack pointer");
	CHECK(uni_heap_free(&h, p + 1) == UNI_HEAP_NOT_HEAP, "misaligned");
	CHECK(uni_heap_free(&h, p + 16) == UNI_HEAP_CORRUPT,
	      "inside a block: %s", uni_heap_error(uni_heap_free(&h, p + 16)));
	CHECK(uni_heap_free(&h, NULL) == UNI_HEAP_OK, "NULL is ignored");
	CHECK(uni_heap_free(&h, p) == UNI_HEAP_OK, "first free");
	CHECK(uni_heap_free(&h, p) == UNI_HEAP_NOT_IN_USE, "double free");
	memset(q - 8, 0x41, 8); /* overwrite q's size */
	CHECK(uni_heap_free(&h, q) == UNI_HEAP_CORRUPT, "smashed header");
	CHECK(uni_heap_check(&h) != 0, "the check sees the smashed header");
	teardown(&h);
}

/* A deterministic generator, so a failure can be replayed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

#define SLOTS 200

struct slot {
	unsigned char *p;
	size_t size;
	unsigned char tag;
};

static bool pattern_ok(const struct slot *s)
{
	size_t i;

	for (i = 0; i < s->size; i++)
		if (s->p[i] != (unsigned char)(s->tag + i))
			return false;
	return true;
}

static void fill(struct slot *s)
{
	size_t i;

	for (i = 0; i < s->size; i++)
		s->p[i] = (unsigned char)(s->tag + i);
}

static size_t random_size(void)
{
	switch (rng() % 4) {
	case 0:
		return rng() % 32;
	case 1:
		return rng() % 512;
	case 2:
		return rng() % 8192;
	default:
		return rng() % (40 * PAGE); /* a large arena */
	}
}

static void random_step(struct uni_heap *h, struct slot *s)
{
	int st = 0;
	size_t size = random_size();
	unsigned char *q;

	if (s->p != NULL && !pattern_ok(s)) {
		CHECK(0, "block %p of %zu bytes was overwritten", s->p,
		      s->size);
		return;
	}
	if (s->p == NULL) {
		q = uni_heap_alloc(h, size);
	} else if (rng() % 2) {
		CHECK(uni_heap_free(h, s->p) == UNI_HEAP_OK, "free");
		s->p = NULL;
		return;
	} else {
		q = uni_heap_realloc(h, s->p, size, &st);
		if (q != NULL && size > 0) {
			s->size = s->size < size ? s->size : size;
			s->p = q;
			CHECK(pattern_ok(s), "realloc kept %zu bytes", s->size);
		} else if (size == 0) {
			s->p = NULL;
			return;
		}
	}
	if (q == NULL)
		return; /* out of budget: the old block stays as it was */
	CHECK((uintptr_t)q % 16 == 0, "alignment of %p", q);
	s->p = q;
	s->size = size;
	s->tag = (unsigned char)rng();
	fill(s);
}

static void test_random(void)
{
	static struct slot slots[SLOTS];
	struct uni_heap h;
	struct source s;
	unsigned failed_before = unit_failed;
	int i, st;

	setup(&h, &s, 2000);
	for (i = 0; i < 40000 && unit_failed == failed_before; i++) {
		random_step(&h, &slots[rng() % SLOTS]);
		st = uni_heap_check(&h);
		if (st != 0)
			CHECK(st == 0, "heap check %d after step %d", st, i);
	}
	for (i = 0; i < SLOTS; i++) {
		if (slots[i].p != NULL)
			CHECK(pattern_ok(&slots[i]) &&
				  uni_heap_free(&h, slots[i].p) == 0,
			      "final free of slot %d", i);
	}
	CHECK(h.bytes_used == 0 && uni_heap_check(&h) == 0,
	      "empty after the random run (%zu bytes used)", h.bytes_used);
	CHECK(s.pages_out == h.arena_bytes / PAGE,
	      "pages out %zu, heap holds %zu", s.pages_out,
	      h.arena_bytes / PAGE);
	teardown(&h);
}

int main(void)
{
	test_alignment_and_sizes();
	test_coalescing();
	test_realloc();
	test_calloc();
	test_exhaustion_and_release();
	test_bad_frees();
	test_random();
	return unit_summary();
}
