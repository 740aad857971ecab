/* SPDX-License-Identifier: ISC */
/*
 * The boot-test framework: main() runs the folder's test_main() and prints
 * exactly one "Test result:" line. The VM's status is 0 for SUCCESS and SKIP,
 * 1 for FAILURE, so the runner can check the line and the status agree.
 */
#include <stdarg.h>
#include <stdio.h>

#include "uni/test.h"

enum result { SUCCESS, SKIP, FAILURE };

static enum result result = SUCCESS;
static char skip_reason[160];

void test_fail(const char *fmt, ...)
{
	va_list ap;

	printf("test failure: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	result = FAILURE;
}

void test_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(skip_reason, sizeof(skip_reason), fmt, ap);
	va_end(ap);
	if (result == SUCCESS)
		result = SKIP;
}

int main(void)
{
	test_main();
	switch (result) {
	case SUCCESS:
		printf("Test result: SUCCESS\n");
		return 0;
	case SKIP:
		printf("Test result: SKIP (%s)\n", skip_reason);
		return 0;
	case FAILURE:
		break;
	}
	printf("Test result: FAILURE\n");
	return 1;
}
