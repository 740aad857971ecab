/* SPDX-License-Identifier: ISC */
/*
 * Hangs as a broken appliance would: no write, no wait, no exit. With
 * console.hold_boot = false the boot's own lines are out already; the
 * framework's "Test result:" line is never reached.
 */
#include "uni/test.h"

void test_main(void)
{
	for (;;)
		__asm__ volatile("pause");
}
