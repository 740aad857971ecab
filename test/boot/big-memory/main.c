/* SPDX-License-Identifier: ISC */
/*
 * Page tables for a large memory on a CPU without 1 GiB pages: 20 GiB of
 * RAM, split by the memory map below and above 4 GiB, take a page
 * directory per GiB from the pool sized from the memory map (a large
 * image is the other way to need many tables: dns.appliance_scale_64mb).
 * Every RAM range must be mapped to its last page: a pattern is written
 * and read back at the first and the last page of each range above the
 * image.
 */
#include <stdint.h>
#include <stdio.h>

#include "uni/boot.h"
#include "uni/mm.h"
#include "uni/paging.h"
#include "uni/test.h"

#define LOW_END (1024 * 1024) /* below: loader structures, not touched */

static void probe(uint64_t addr)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)addr;
	uint64_t old = *p;

	*p = addr ^ 0x5a5a5a5a5a5a5a5aULL;
	if (*p != (addr ^ 0x5a5a5a5a5a5a5a5aULL))
		test_fail("the page at %#llx does not keep what was written",
			  (unsigned long long)addr);
	*p = old;
}

void test_main(void)
{
	uint64_t top = 0;

	for (unsigned i = 0; i < uni_boot.nr_ram; i++) {
		uint64_t base = uni_boot.ram[i].base;
		uint64_t end = (base + uni_boot.ram[i].size) & ~4095ULL;

		if (end <= LOW_END || end - base < 8192)
			continue;
		base = (base + 4095) & ~4095ULL;
		/* The image is below; its last page is above all of it. */
		if (base >= uni_boot.image_end)
			probe(base);
		probe(end - 4096);
		if (end > top)
			top = end;
	}
	printf("big-memory: %u RAM ranges, %llu MiB, top %#llx\n",
	       uni_boot.nr_ram, (unsigned long long)(uni_boot.ram_total >> 20),
	       (unsigned long long)top);
	if (uni_boot.ram_total < (19ULL << 30))
		test_fail("expected about 20 GiB of RAM, found %llu MiB",
			  (unsigned long long)(uni_boot.ram_total >> 20));
	if (!uni_sealed())
		test_fail("the image is not sealed when main() runs");
}
