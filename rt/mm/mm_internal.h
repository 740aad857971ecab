/* SPDX-License-Identifier: ISC */
/* What the pieces of rt/mm tell each other. */
#ifndef UNI_MM_INTERNAL_H
#define UNI_MM_INTERNAL_H

#include <stdint.h>

/* Pages handed to the page allocator at boot, and free now (mm.c). */
void uni_mm_page_counts(uint64_t *total, uint64_t *nfree);

#endif
