/* SPDX-License-Identifier: ISC */
/* What the pieces of rt/mm tell each other. */
#ifndef UNI_MM_INTERNAL_H
#define UNI_MM_INTERNAL_H

#include <stdint.h>

/*
 * Pages handed to the page allocator at boot, free now, and the fewest
 * that were ever free (mm.c).
 */
void uni_mm_page_counts(uint64_t *total, uint64_t *nfree, uint64_t *min_free);

#endif
