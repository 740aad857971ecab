/* SPDX-License-Identifier: ISC */
/*
 * Unbounded recursion must run into the guard page under the boot stack and
 * be reported as a stack overflow (the dump runs on the exception stack).
 */
#include <stdio.h>

#include "uni/test.h"

__attribute__((noinline)) static int recurse(volatile int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	return recurse(depth + 1) + frame[0];
}

__attribute__((noinline)) void test_main(void)
{
	printf("stack-overflow: recursing without end\n");
	printf("stack-overflow: returned %d\n", recurse(0));
	test_fail("unbounded recursion returned");
}
