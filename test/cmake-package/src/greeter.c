/* SPDX-License-Identifier: ISC */
/*
 * The appliance of the CMake package test: greets the name its
 * configuration gives (a key it declares itself), prints the files of its
 * data key greeter.motto (compiled into the image) and exits with status 0.
 */
#include <stdio.h>

#include "uni/config.h"
#include "uni/data.h"

UNI_CONFIG_STRING(greeter, name, "world", "who to greet");
UNI_CONFIG_DATA(greeter, motto, "raw", "files printed after the greeting");

int main(void)
{
	const struct uni_data_set *motto = &UNI_DATA_VAR(greeter, motto);

	printf("Hello, %s, from an outside project!\n",
	       UNI_CFG_VAR(greeter, name));
	for (uint64_t i = 0; i < motto->count; i++)
		printf("%.*s", (int)motto->files[i].size,
		       (const char *)motto->files[i].data);
	return 0;
}
