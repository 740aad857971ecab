/* SPDX-License-Identifier: ISC */
/*
 * After boot the image is sealed: uni_map() must stop the VM with a panic
 * that says so, instead of changing the page tables.
 */
#include <stdio.h>

#include "uni/paging.h"
#include "uni/test.h"

#define SOME_DEVICE_PAGE 0xfed00000ULL /* the HPET's usual address */

__attribute__((noinline)) void test_main(void)
{
	if (!uni_sealed()) {
		test_fail("the image is not sealed when main() runs");
		return;
	}
	printf("seal-map: mapping a device page after the seal\n");
	uni_map(SOME_DEVICE_PAGE, 4096, UNI_MAP_W | UNI_MAP_UC);
	printf("seal-map: uni_map returned\n");
	test_fail("uni_map() after the seal did not stop the VM");
}
