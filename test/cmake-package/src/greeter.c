/* SPDX-License-Identifier: ISC */
/*
 * The appliance of the CMake package test: greets the name its
 * configuration gives (a key it declares itself) and exits with status 0.
 */
#include <stdio.h>

#include "uni/config.h"

UNI_CONFIG_STRING(greeter, name, "world", "who to greet");

int main(void)
{
	printf("Hello, %s, from an outside project!\n",
	       UNI_CFG_VAR(greeter, name));
	return 0;
}
