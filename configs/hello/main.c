/* SPDX-License-Identifier: ISC */
/*
 * The hello appliance: a greeting, the time from the PVH entry to main(), a
 * one-line summary of the memory map, and exit status 0.
 */
#include <stdio.h>

#include "uni/boot.h"
#include "uni/mm.h"
#include "uni/time.h"

int main(void)
{
	struct uni_mm_stats mm;

	uni_mm_get_stats(&mm);
	printf("Hello from unilink!\n");
	uni_boot_print_time("main", uni_boot.tsc_at_main);
	printf("boot: TSC %llu Hz from %s\n", (unsigned long long)uni_tsc_hz(),
	       uni_tsc_source());
	printf("memory: %u RAM ranges, %llu KiB usable, %llu KiB free for "
	       "pages, image %#llx-%#llx\n",
	       uni_boot.nr_ram, (unsigned long long)(uni_boot.ram_total >> 10),
	       (unsigned long long)(mm.pages_free * UNI_PAGE_SIZE >> 10),
	       (unsigned long long)uni_boot.image_start,
	       (unsigned long long)uni_boot.image_end);
	return 0;
}
