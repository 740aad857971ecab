/* SPDX-License-Identifier: ISC */
/*
 * The heap core behind malloc and friends: first-fit over one free list,
 * blocks with boundary tags so that a freed block merges with free
 * neighbours at once. Memory comes in arenas of whole pages from a grow
 * callback; an arena that becomes entirely free is handed back through the
 * release callback when it was a large one. The state is explicit, so the
 * native unit tests run it on host pages; rt/mm/heap.c wraps one instance
 * under the libc names.
 */
#ifndef UNI_MM_HEAP_CORE_H
#define UNI_MM_HEAP_CORE_H

#include <stddef.h>
#include <stdint.h>

#define UNI_HEAP_ALIGN 16

/* npages contiguous pages of page_size bytes, or NULL. */
typedef void *(*uni_heap_grow_fn)(void *ctx, size_t npages);
typedef void (*uni_heap_release_fn)(void *ctx, void *p, size_t npages);

struct uni_heap_block;
struct uni_heap_arena;

struct uni_heap {
	uni_heap_grow_fn grow;
	uni_heap_release_fn release;
	void *ctx;
	size_t page_size;
	size_t grow_pages;		  /* the usual arena size */
	struct uni_heap_block *free_list; /* doubly linked, first fit */
	struct uni_heap_arena *arenas;
	size_t bytes_used; /* payload bytes of blocks in use */
	size_t bytes_peak;
	size_t arena_bytes; /* bytes of all arenas */
};

/* What uni_heap_free reports. */
enum uni_heap_status {
	UNI_HEAP_OK = 0,
	UNI_HEAP_NOT_HEAP = -1,	  /* the pointer is not a block of this heap */
	UNI_HEAP_NOT_IN_USE = -2, /* the block is already free */
	UNI_HEAP_CORRUPT = -3,	  /* a header or boundary tag is overwritten */
};

void uni_heap_init(struct uni_heap *h, size_t page_size, size_t grow_pages,
		   uni_heap_grow_fn grow, uni_heap_release_fn release,
		   void *ctx);

/* 16-byte aligned memory, or NULL (size 0 gives a unique pointer). */
void *uni_heap_alloc(struct uni_heap *h, size_t size);

/* Zeroed memory for n objects, or NULL (also when n * size overflows). */
void *uni_heap_calloc(struct uni_heap *h, size_t n, size_t size);

/*
 * Resize keeping the contents; NULL p allocates; size 0 frees and returns
 * NULL; on failure returns NULL and p is untouched. A bad p gives NULL and
 * *status (when status is not NULL) says why.
 */
void *uni_heap_realloc(struct uni_heap *h, void *p, size_t size, int *status);

/* Free p (NULL is ignored). Returns UNI_HEAP_OK or why p was refused. */
int uni_heap_free(struct uni_heap *h, void *p);

/* The usable bytes of the block p (at least what was asked for). */
size_t uni_heap_usable_size(const struct uni_heap *h, const void *p);

/*
 * Walk every arena and the free list and check the invariants: tags agree,
 * no two free blocks are adjacent, the free list holds exactly the free
 * blocks, bytes_used matches. Returns 0 or a negative line-specific code.
 */
int uni_heap_check(const struct uni_heap *h);

const char *uni_heap_error(int status);

#endif
