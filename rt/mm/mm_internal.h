/* SPDX-License-Identifier: ISC */
/* What the pieces of rt/mm tell each other. */
#ifndef UNI_MM_INTERNAL_H
#define UNI_MM_INTERNAL_H

#include <stddef.h>

/* Bytes of the malloc heap in use now and at most so far (heap.c). */
void uni_malloc_usage(size_t *used, size_t *peak);

#endif
