/* SPDX-License-Identifier: ISC */
/*
 * The boot time, step by step: the TSC readings boot.c keeps at the end of
 * each step, turned into microseconds once the TSC rate is known. Only
 * appliances that report their boot time call this.
 */
#include <stdio.h>

#include "uni/boot.h"
#include "uni/time.h"

static const char *const step_names[UNI_BOOT_STEPS] = {
    [UNI_BOOT_STEP_ENTRY] = "entry",	 [UNI_BOOT_STEP_EARLY] = "early",
    [UNI_BOOT_STEP_MM] = "mm",		 [UNI_BOOT_STEP_PAGING] = "paging",
    [UNI_BOOT_STEP_CONFIG] = "config",	 [UNI_BOOT_STEP_TIME] = "time",
    [UNI_BOOT_STEP_DRIVERS] = "drivers", [UNI_BOOT_STEP_SEAL] = "seal",
};

/* "<us>.<tenth>" of the TSC ticks from a to b (0 if b is before a). */
static void print_us(const char *name, uint64_t a, uint64_t b, const char *sep)
{
	uint64_t ns = b > a ? uni_tsc_to_ns(b - a) : 0;

	printf("%s %llu.%llu%s", name, (unsigned long long)(ns / 1000),
	       (unsigned long long)(ns / 100 % 10), sep);
}

void uni_boot_print_time(const char *what, uint64_t tsc)
{
	uint64_t prev = uni_boot.tsc_at_entry;
	unsigned i;

	printf("boot: PVH entry to %s in %llu us (", what,
	       (unsigned long long)(uni_tsc_to_ns(tsc - prev) /
				    UNI_NSEC_PER_USEC));
	for (i = 0; i < UNI_BOOT_STEPS; i++) {
		print_us(step_names[i], prev, uni_boot.tsc_step_end[i], ", ");
		prev = uni_boot.tsc_step_end[i];
	}
	print_us("main", uni_boot.tsc_at_main, tsc, " us)\n");
}
