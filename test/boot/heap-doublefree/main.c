/* SPDX-License-Identifier: ISC */
/*
 * Freeing a block twice: the heap refuses it and stops the VM with a panic
 * naming the pointer and the reason, instead of corrupting its free list.
 */
#include <stdio.h>
#include <stdlib.h>

#include "uni/test.h"

void test_main(void)
{
	void *keep = malloc(48);
	void *p = malloc(48);

	printf("heap-doublefree: freeing %p twice\n", p);
	free(p);
	free(p);
	test_fail("the second free(%p) returned", p);
	free(keep);
}
