/* SPDX-License-Identifier: ISC */
/*
 * The heap in the VM: malloc/calloc/realloc/free with pattern checks and
 * alignment, the statistics, a large allocation whose pages go back to the
 * page allocator when freed, allocation until memory runs out (which must
 * print the exhaustion message and return NULL) and the same amount again
 * after freeing it all; an impossible size fails cleanly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uni/mm.h"
#include "uni/test.h"

#define CHUNK (1024 * 1024)
#define MAX_CHUNKS 1024

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

static int check(const unsigned char *p, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 7))
			return -1;
	return 0;
}

static void small_blocks(void)
{
	unsigned char *p[100];
	size_t i;

	for (i = 0; i < 100; i++) {
		p[i] = malloc(i * 13 + 1);
		if (p[i] == NULL || (uintptr_t)p[i] % 16 != 0) {
			test_fail("malloc(%zu) gave %p", i * 13 + 1, p[i]);
			return;
		}
		fill(p[i], i * 13 + 1, (unsigned)i);
	}
	for (i = 0; i < 100; i += 2)
		free(p[i]);
	for (i = 1; i < 100; i += 2) {
		if (check(p[i], i * 13 + 1, (unsigned)i) < 0)
			test_fail("block %zu was overwritten", i);
		p[i] = realloc(p[i], i * 40 + 8);
		if (p[i] == NULL || check(p[i], i * 13 + 1, (unsigned)i) < 0)
			test_fail("realloc of block %zu lost its contents", i);
		free(p[i]);
	}
}

static void zeroed_and_stats(void)
{
	struct uni_mm_stats before, during;
	unsigned char *p;
	size_t i;

	uni_mm_get_stats(&before);
	p = calloc(1000, 10);
	uni_mm_get_stats(&during);
	if (p == NULL) {
		test_fail("calloc(1000, 10) failed");
		return;
	}
	for (i = 0; i < 10000; i++)
		if (p[i] != 0)
			test_fail("calloc byte %zu is %#x", i, p[i]);
	if (during.heap_bytes_used < before.heap_bytes_used + 10000)
		test_fail("heap in use %llu, before %llu: calloc not counted",
			  (unsigned long long)during.heap_bytes_used,
			  (unsigned long long)before.heap_bytes_used);
	free(p);
	if (calloc((size_t)1 << 40, (size_t)1 << 40) != NULL)
		test_fail("calloc with an overflowing size succeeded");
}

/* A large block has its own pages, which go back when it is freed. */
static void large_block(void)
{
	struct uni_mm_stats s0, s1, s2;
	size_t size = 8 * CHUNK;
	unsigned char *p;

	uni_mm_get_stats(&s0);
	p = malloc(size);
	uni_mm_get_stats(&s1);
	if (p == NULL) {
		test_fail("malloc of 8 MiB failed");
		return;
	}
	fill(p, size, 3);
	if (check(p, size, 3) < 0)
		test_fail("8 MiB block does not keep its pattern");
	free(p);
	uni_mm_get_stats(&s2);
	if (s0.pages_free - s1.pages_free < size / UNI_PAGE_SIZE)
		test_fail("8 MiB took only %llu pages",
			  (unsigned long long)(s0.pages_free - s1.pages_free));
	if (s2.pages_free != s0.pages_free)
		test_fail("pages free %llu after freeing, %llu before",
			  (unsigned long long)s2.pages_free,
			  (unsigned long long)s0.pages_free);
}

static size_t fill_memory(unsigned char **chunks)
{
	size_t n = 0;

	while (n < MAX_CHUNKS && (chunks[n] = malloc(CHUNK)) != NULL) {
		fill(chunks[n], CHUNK, (unsigned)n);
		n++;
	}
	return n;
}

static void exhaustion(void)
{
	static unsigned char *chunks[MAX_CHUNKS];
	size_t n, again, i;

	n = fill_memory(chunks);
	printf("heap: %zu chunks of 1 MiB before memory ran out\n", n);
	if (n < 64 || n == MAX_CHUNKS)
		test_fail("%zu chunks of 1 MiB in a 128 MiB VM", n);
	for (i = 0; i < n; i++) {
		if (check(chunks[i], CHUNK, (unsigned)i) < 0)
			test_fail("chunk %zu was overwritten", i);
		free(chunks[i]);
	}
	again = fill_memory(chunks);
	if (again != n)
		test_fail("%zu chunks the second time, %zu the first", again,
			  n);
	for (i = 0; i < again; i++)
		free(chunks[i]);
	if (malloc((size_t)1 << 40) != NULL)
		test_fail("malloc of 1 TiB succeeded");
	if (malloc(SIZE_MAX) != NULL)
		test_fail("malloc(SIZE_MAX) succeeded");
}

void test_main(void)
{
	small_blocks();
	zeroed_and_stats();
	large_block();
	exhaustion();
	small_blocks(); /* the heap still works after running out */
}
