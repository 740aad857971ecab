/* SPDX-License-Identifier: ISC */
/* A division by zero must stop the VM with the divide-error dump. */
#include <stdio.h>

#include "uni/test.h"

__attribute__((noinline)) void test_main(void)
{
	/* Both volatile: LLVM rewrites 1 / x as a compare, which cannot trap.
	 */
	volatile int dividend = 7, zero = 0;
	volatile int q;

	printf("fault-div0: dividing by zero\n");
	q = dividend / zero;
	printf("fault-div0: got %d (the division should have faulted)\n", q);
	test_fail("a division by zero did not fault");
}
