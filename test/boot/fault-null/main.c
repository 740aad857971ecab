/* SPDX-License-Identifier: ISC */
/*
 * A null pointer dereference must stop the VM with the page-fault dump:
 * CR2 0, the fault explained, and a backtrace that names test_main.
 */
#include <stdint.h>
#include <stdio.h>

#include "uni/test.h"

__attribute__((noinline)) void test_main(void)
{
	int *volatile p = NULL;

	printf("fault-null: reading through a null pointer\n");
	printf("fault-null: read %d (the read should have faulted)\n", *p);
	test_fail("a null dereference did not fault");
}
