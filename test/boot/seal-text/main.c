/* SPDX-License-Identifier: ISC */
/*
 * After boot the image is sealed: a write to the text of a function must
 * fault, and the dump must say that the image is sealed.
 */
#include <stdint.h>
#include <stdio.h>

#include "uni/paging.h"
#include "uni/test.h"

__attribute__((noinline)) static int victim(int x)
{
	return x * 3 + 1;
}

__attribute__((noinline)) void test_main(void)
{
	int (*volatile fn)(int) = victim;
	volatile uint8_t *text = (volatile uint8_t *)fn;

	if (!uni_sealed()) {
		test_fail("the image is not sealed when main() runs");
		return;
	}
	printf("seal-text: writing to the text of victim() at %p\n",
	       (void *)text);
	text[0] = 0xc3; /* ret */
	printf("seal-text: the write went through; victim(1) = %d\n", fn(1));
	test_fail("a write to sealed text did not fault");
}
