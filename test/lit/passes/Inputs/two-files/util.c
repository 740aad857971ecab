/* SPDX-License-Identifier: ISC */
/* The second file of the two-file program: [greet] is declared here only. */
#include <stdio.h>

#include "uni/config.h"

UNI_CONFIG_STRING(greet, text, "hello", "the greeting printed at boot");
UNI_CONFIG_INT(greet, times, 1, 0, 10, "how many times");

void greet(void)
{
	for (long i = 0; i < UNI_CFG_VAR(greet, times); i++)
		printf("%s\n", UNI_CFG_VAR(greet, text));
}
