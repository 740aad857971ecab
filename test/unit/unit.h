/* SPDX-License-Identifier: ISC */
/*
 * A tiny harness for the native unit tests: CHECK() counts a passed or a
 * failed check (printing what failed, where), unit_summary() prints the
 * closing "N passed, N failed" line and gives the process exit status.
 */
#ifndef UNI_TEST_UNIT_H
#define UNI_TEST_UNIT_H

#include <stdio.h>

extern unsigned unit_passed, unit_failed;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (cond) {                                                    \
			unit_passed++;                                         \
		} else {                                                       \
			unit_failed++;                                         \
			printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			printf(__VA_ARGS__);                                   \
			printf("\n");                                          \
		}                                                              \
	} while (0)

/* Prints the summary line; returns 0 when nothing failed, 1 otherwise. */
static inline int unit_summary(void)
{
	printf("%u passed, %u failed\n", unit_passed, unit_failed);
	return unit_failed == 0 && unit_passed > 0 ? 0 : 1;
}

#define UNIT_COUNTERS unsigned unit_passed, unit_failed

#endif
