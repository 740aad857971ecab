/* SPDX-License-Identifier: ISC */
/*
 * How many page-table pages the identity map of rt/arch/x86_64/paging.c can
 * take, from the memory map alone: the image computes it at boot to
 * allocate its tables from free memory (no fixed pool that a large image or
 * a large memory overflows), the unilink command to size the VM. The bound
 * is an upper one; paging.c stops the VM if it is ever exceeded.
 */
#ifndef UNI_MEM_PT_BOUND_H
#define UNI_MEM_PT_BOUND_H

#include <stdbool.h>
#include <stdint.h>

#include "uni/boot.h"

/*
 * Points where the image splits a large page of the RAM map: its segment
 * boundaries, the two stack guards and the sealed section (paging.c).
 */
#define UNI_PT_IMAGE_SPLITS 12
/* Tables for uni_map() after boot (device registers, Xen shared pages). */
#define UNI_PT_MAP_MARGIN 64

/*
 * Table pages for mapping ram[0..n) in the largest pages that fit (1 GiB
 * ones when huge), the image and the pool itself split to 4 KiB at their
 * edges, and the uni_map() margin.
 */
uint64_t uni_pt_pages_bound(const struct uni_memrange *ram, unsigned n,
			    bool huge);

#endif
