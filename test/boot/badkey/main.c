/* SPDX-License-Identifier: ISC */
/*
 * An unknown key on the command line: boot must print the message naming it
 * and end the VM with a failure status before the test runs at all.
 */
#include "uni/test.h"

void test_main(void)
{
	test_fail("the appliance started despite an unknown command-line key");
}
