/* SPDX-License-Identifier: ISC */
/* A small appliance for the command's tests: one key of its own. */
#include <stdio.h>

#include "uni/config.h"

UNI_CONFIG_INT(app, greeting_count, 1, 1, 10, "how many greetings");

int main(void)
{
	for (int64_t i = 0; i < UNI_CFG_VAR(app, greeting_count); i++)
		printf("greeting %d\n", (int)i);
	return 0;
}
