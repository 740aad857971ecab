/* SPDX-License-Identifier: ISC */
/*
 * A known key with a value out of its range, next to a good word: boot
 * must print what was given and what was expected and end the VM with a
 * failure status before the test runs.
 */
#include "uni/config.h"
#include "uni/test.h"

UNI_CONFIG_INT(badvalue, level, 1, 0, 3, "a key of this test, 0 to 3");

void test_main(void)
{
	test_fail("the appliance started with badvalue.level=%lld",
		  (long long)UNI_CFG_VAR(badvalue, level));
}
