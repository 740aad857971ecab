/* SPDX-License-Identifier: ISC */
/*
 * The heap core (see heap_core.h). An arena is a run of pages:
 *
 *   [arena header][block][block]...[block][end tag]
 *
 * Every block starts with a 16-byte header: the size of the block before it
 * (0 for an arena's first block) and its own size, whose low bit says it is
 * in use. Free blocks also hold the free-list links. The end tag is a header
 * of size 0 marked in use, so no block ever merges past its arena.
 * Invariants: no two free blocks are adjacent; each header's prev_size is
 * the size of the block before it; the free list holds exactly the free
 * blocks. uni_heap_check() verifies all of them.
 */
#include <stdbool.h>

#include "heap_core.h"

struct uni_heap_block {
	size_t prev_size;
	size_t size; /* of the whole block, header included; bit 0: in use */
	struct uni_heap_block *next, *prev; /* free blocks only */
};

struct uni_heap_arena {
	struct uni_heap_arena *next;
	size_t npages;
	size_t pad[2]; /* keeps the first block 16-aligned */
};

#define HDR 16
#define MIN_BLOCK 32
#define IN_USE ((size_t)1)
#define ARENA_HDR sizeof(struct uni_heap_arena)

_Static_assert(ARENA_HDR % UNI_HEAP_ALIGN == 0, "arena header alignment");
_Static_assert(sizeof(struct uni_heap_block) == MIN_BLOCK, "block layout");

static size_t bsize(const struct uni_heap_block *b)
{
	return b->size & ~IN_USE;
}

static bool in_use(const struct uni_heap_block *b)
{
	return b->size & IN_USE;
}

static struct uni_heap_block *next_block(const struct uni_heap_block *b)
{
	return (struct uni_heap_block *)((char *)b + bsize(b));
}

static struct uni_heap_block *prev_block(const struct uni_heap_block *b)
{
	return (struct uni_heap_block *)((char *)b - b->prev_size);
}

static void *payload(struct uni_heap_block *b)
{
	return (char *)b + HDR;
}

static struct uni_heap_block *first_block(const struct uni_heap_arena *a)
{
	return (struct uni_heap_block *)((char *)a + ARENA_HDR);
}

static char *arena_end(const struct uni_heap *h, const struct uni_heap_arena *a)
{
	return (char *)a + a->npages * h->page_size;
}

/* Set b's size and flag, and tell the next block. */
static void set_block(struct uni_heap_block *b, size_t size, bool used)
{
	b->size = size | (used ? IN_USE : 0);
	next_block(b)->prev_size = size;
}

static void list_insert(struct uni_heap *h, struct uni_heap_block *b)
{
	b->prev = NULL;
	b->next = h->free_list;
	if (h->free_list != NULL)
		h->free_list->prev = b;
	h->free_list = b;
}

static void list_remove(struct uni_heap *h, struct uni_heap_block *b)
{
	if (b->prev != NULL)
		b->prev->next = b->next;
	else
		h->free_list = b->next;
	if (b->next != NULL)
		b->next->prev = b->prev;
}

void uni_heap_init(struct uni_heap *h, size_t page_size, size_t grow_pages,
		   uni_heap_grow_fn grow, uni_heap_release_fn release,
		   void *ctx)
{
	__builtin_memset(h, 0, sizeof(*h));
	h->page_size = page_size;
	h->grow_pages = grow_pages;
	h->grow = grow;
	h->release = release;
	h->ctx = ctx;
}

/* The block size that holds size bytes, or 0 when it cannot exist. */
static size_t block_size_for(size_t size)
{
	size_t need;

	if (size > SIZE_MAX / 2)
		return 0;
	need =
	    (size + HDR + UNI_HEAP_ALIGN - 1) & ~(size_t)(UNI_HEAP_ALIGN - 1);
	return need < MIN_BLOCK ? MIN_BLOCK : need;
}

/* A new arena with one free block of at least need bytes. */
static bool add_arena(struct uni_heap *h, size_t need)
{
	size_t bytes = need + ARENA_HDR + HDR;
	size_t npages = (bytes + h->page_size - 1) / h->page_size;
	struct uni_heap_arena *a;
	struct uni_heap_block *b, *end;

	if (npages < h->grow_pages)
		npages = h->grow_pages;
	a = h->grow(h->ctx, npages);
	if (a == NULL)
		return false;
	a->next = h->arenas;
	a->npages = npages;
	h->arenas = a;
	h->arena_bytes += npages * h->page_size;
	b = first_block(a);
	end = (struct uni_heap_block *)(arena_end(h, a) - HDR);
	end->size = 0 | IN_USE;
	b->prev_size = 0;
	set_block(b, (size_t)((char *)end - (char *)b), false);
	list_insert(h, b);
	return true;
}

static struct uni_heap_block *find_fit(struct uni_heap *h, size_t need)
{
	struct uni_heap_block *b;

	for (b = h->free_list; b != NULL; b = b->next)
		if (bsize(b) >= need)
			return b;
	return NULL;
}

/* Cut an in-use block b down to need bytes; the rest becomes free. */
static void trim_block(struct uni_heap *h, struct uni_heap_block *b,
		       size_t need)
{
	size_t size = bsize(b);
	struct uni_heap_block *rest, *after;

	if (size - need < MIN_BLOCK)
		return;
	set_block(b, need, true);
	rest = next_block(b);
	after = (struct uni_heap_block *)((char *)b + size);
	if (!in_use(after)) { /* merge the remainder with a free follower */
		list_remove(h, after);
		size += bsize(after);
	}
	set_block(rest, size - need, false);
	list_insert(h, rest);
}

static void account(struct uni_heap *h, size_t add, size_t sub)
{
	h->bytes_used = h->bytes_used + add - sub;
	if (h->bytes_used > h->bytes_peak)
		h->bytes_peak = h->bytes_used;
}

void *uni_heap_alloc(struct uni_heap *h, size_t size)
{
	size_t need = block_size_for(size);
	struct uni_heap_block *b;

	if (need == 0)
		return NULL;
	b = find_fit(h, need);
	if (b == NULL) {
		if (!add_arena(h, need))
			return NULL;
		b = h->free_list; /* the new arena's block */
	}
	list_remove(h, b);
	set_block(b, bsize(b), true);
	trim_block(h, b, need);
	account(h, bsize(b) - HDR, 0);
	return payload(b);
}

void *uni_heap_calloc(struct uni_heap *h, size_t n, size_t size)
{
	size_t total;
	void *p;

	if (__builtin_mul_overflow(n, size, &total))
		return NULL;
	p = uni_heap_alloc(h, total);
	if (p != NULL)
		__builtin_memset(p, 0, total);
	return p;
}

static struct uni_heap_arena *arena_of(const struct uni_heap *h, const void *p)
{
	struct uni_heap_arena *a;
	const char *c = p;

	for (a = h->arenas; a != NULL; a = a->next)
		if (c >= (char *)first_block(a) + HDR && c < arena_end(h, a))
			return a;
	return NULL;
}

/* The in-use block whose payload is p, after checking its tags. */
static int lookup(const struct uni_heap *h, const void *p,
		  struct uni_heap_block **out, struct uni_heap_arena **arena)
{
	struct uni_heap_arena *a = arena_of(h, p);
	struct uni_heap_block *b;
	size_t room;

	if (a == NULL || (uintptr_t)p % UNI_HEAP_ALIGN != 0)
		return UNI_HEAP_NOT_HEAP;
	b = (struct uni_heap_block *)((char *)p - HDR);
	room = (size_t)(arena_end(h, a) - HDR - (char *)b);
	if (bsize(b) < MIN_BLOCK || bsize(b) > room ||
	    bsize(b) % UNI_HEAP_ALIGN != 0)
		return UNI_HEAP_CORRUPT;
	if (next_block(b)->prev_size != bsize(b))
		return UNI_HEAP_CORRUPT;
	if (b->prev_size > (size_t)((char *)b - (char *)first_block(a)) ||
	    (b->prev_size != 0 && bsize(prev_block(b)) != b->prev_size))
		return UNI_HEAP_CORRUPT;
	if (!in_use(b))
		return UNI_HEAP_NOT_IN_USE;
	*out = b;
	if (arena != NULL)
		*arena = a;
	return UNI_HEAP_OK;
}

static void unlink_arena(struct uni_heap *h, struct uni_heap_arena *a)
{
	struct uni_heap_arena **pp = &h->arenas;

	while (*pp != a)
		pp = &(*pp)->next;
	*pp = a->next;
	h->arena_bytes -= a->npages * h->page_size;
}

/* Hand a large arena back once its one block is free. */
static void maybe_release(struct uni_heap *h, struct uni_heap_arena *a,
			  struct uni_heap_block *b)
{
	if (h->release == NULL || a->npages <= h->grow_pages)
		return;
	if (b != first_block(a) || !in_use(next_block(b)) ||
	    bsize(next_block(b)) != 0)
		return;
	list_remove(h, b);
	unlink_arena(h, a);
	h->release(h->ctx, a, a->npages);
}

int uni_heap_free(struct uni_heap *h, void *p)
{
	struct uni_heap_block *b, *n;
	struct uni_heap_arena *a;
	size_t size;
	int status;

	if (p == NULL)
		return UNI_HEAP_OK;
	status = lookup(h, p, &b, &a);
	if (status != UNI_HEAP_OK)
		return status;
	size = bsize(b);
	account(h, 0, size - HDR);
	n = next_block(b);
	if (!in_use(n)) {
		list_remove(h, n);
		size += bsize(n);
	}
	if (b->prev_size != 0 && !in_use(prev_block(b))) {
		b = prev_block(b);
		list_remove(h, b);
		size += bsize(b);
	}
	set_block(b, size, false);
	list_insert(h, b);
	maybe_release(h, a, b);
	return UNI_HEAP_OK;
}

/* Grow b in place by taking its free follower, when that is enough. */
static bool grow_in_place(struct uni_heap *h, struct uni_heap_block *b,
			  size_t need)
{
	struct uni_heap_block *n = next_block(b);

	if (in_use(n) || bsize(b) + bsize(n) < need)
		return false;
	list_remove(h, n);
	set_block(b, bsize(b) + bsize(n), true);
	return true;
}

void *uni_heap_realloc(struct uni_heap *h, void *p, size_t size, int *status)
{
	size_t need = block_size_for(size), old;
	struct uni_heap_block *b;
	void *q;
	int st;

	if (p == NULL)
		return uni_heap_alloc(h, size);
	st = lookup(h, p, &b, NULL);
	if (status != NULL)
		*status = st;
	if (st != UNI_HEAP_OK)
		return NULL;
	if (size == 0) {
		uni_heap_free(h, p);
		return NULL;
	}
	if (need == 0)
		return NULL;
	old = bsize(b);
	if (need <= old || grow_in_place(h, b, need)) {
		trim_block(h, b, need);
		account(h, bsize(b), old);
		return p;
	}
	q = uni_heap_alloc(h, size);
	if (q == NULL)
		return NULL;
	__builtin_memcpy(q, p, old - HDR);
	uni_heap_free(h, p);
	return q;
}

size_t uni_heap_usable_size(const struct uni_heap *h, const void *p)
{
	struct uni_heap_block *b;

	if (p == NULL || lookup(h, p, &b, NULL) != UNI_HEAP_OK)
		return 0;
	return bsize(b) - HDR;
}

/* Check one arena's chain of blocks; counts free blocks and used bytes. */
static int check_arena(const struct uni_heap *h, const struct uni_heap_arena *a,
		       size_t *nfree, size_t *used)
{
	const struct uni_heap_block *b = first_block(a), *end;
	size_t prev = 0;
	bool prev_free = false;

	end = (const struct uni_heap_block *)(arena_end(h, a) - HDR);
	while (b != end) {
		if ((const char *)b > (const char *)end - MIN_BLOCK)
			return -1; /* runs past the end tag */
		if (b->prev_size != prev || bsize(b) < MIN_BLOCK ||
		    bsize(b) % UNI_HEAP_ALIGN != 0)
			return -2;
		if (!in_use(b) && prev_free)
			return -3; /* two adjacent free blocks */
		prev_free = !in_use(b);
		if (prev_free)
			(*nfree)++;
		else
			*used += bsize(b) - HDR;
		prev = bsize(b);
		b = next_block(b);
	}
	if (end->prev_size != prev || end->size != IN_USE)
		return -4;
	return 0;
}

static int check_free_list(const struct uni_heap *h, size_t nfree)
{
	const struct uni_heap_block *b, *prev = NULL;
	size_t n = 0;

	for (b = h->free_list; b != NULL; b = b->next) {
		if (in_use(b) || b->prev != prev ||
		    arena_of(h, payload((struct uni_heap_block *)b)) == NULL)
			return -5;
		if (++n > nfree)
			return -6; /* more entries than free blocks, or a cycle
				    */
		prev = b;
	}
	return n == nfree ? 0 : -7;
}

int uni_heap_check(const struct uni_heap *h)
{
	const struct uni_heap_arena *a;
	size_t nfree = 0, used = 0, bytes = 0;
	int st;

	for (a = h->arenas; a != NULL; a = a->next) {
		st = check_arena(h, a, &nfree, &used);
		if (st < 0)
			return st;
		bytes += a->npages * h->page_size;
	}
	if (used != h->bytes_used)
		return -8;
	if (bytes != h->arena_bytes)
		return -9;
	return check_free_list(h, nfree);
}

const char *uni_heap_error(int status)
{
	switch (status) {
	case UNI_HEAP_OK:
		return "no error";
	case UNI_HEAP_NOT_HEAP:
		return "not a pointer returned by malloc";
	case UNI_HEAP_NOT_IN_USE:
		return "the block is already free (freed twice?)";
	case UNI_HEAP_CORRUPT:
		return "the block's header is overwritten (heap corruption)";
	}
	return "unknown error";
}
