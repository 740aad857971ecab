/* SPDX-License-Identifier: ISC */
/*
 * An appliance that takes every shared path with a branch per platform:
 * the clock, the event loop's halt, printf and the exit.
 */
#include <stdio.h>

#include "uni/time.h"

int main(void)
{
	uint64_t t0 = uni_now_ns();

	uni_sleep_ns(1000000);
	printf("slept %llu ns\n", (unsigned long long)(uni_now_ns() - t0));
	return 0;
}
