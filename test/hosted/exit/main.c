/* SPDX-License-Identifier: ISC */
/*
 * Returns exit.status from main(): on the hosted platform the process's
 * exit status (exit_group), read from the arguments by a generic image.
 */
#include <stdio.h>

#include "uni/config.h"

UNI_CONFIG_INT(exit, status, 0, 0, 255, "the status main() returns");

int main(void)
{
	printf("exit: main returns %lld\n",
	       (long long)UNI_CFG_VAR(exit, status));
	return (int)UNI_CFG_VAR(exit, status);
}
