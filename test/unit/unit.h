/* SPDX-License-Identifier: ISC */
/*
 * A tiny harness for the native unit tests: CHECK() counts a passed or a
 * failed check (printing what failed, where), unit_summary() prints the
 * closing "N passed, N failed" line and gives the process exit status;
 * unit_unhex() turns a golden hex string into bytes.
 */
#ifndef UNI_TEST_UNIT_H
#define UNI_TEST_UNIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/text.h"

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

/* The bytes of the hex digit pairs of hex, at most cap of them; their count. */
static inline size_t unit_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;

	for (; hex[0] != '\0' && hex[1] != '\0' && n < cap; hex += 2)
		out[n++] = (uint8_t)(uni_hex_digit(hex[0]) << 4 |
				     uni_hex_digit(hex[1]));
	return n;
}

#define UNIT_COUNTERS unsigned unit_passed, unit_failed

#endif
