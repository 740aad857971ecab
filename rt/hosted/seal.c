/* SPDX-License-Identifier: ISC */
/*
 * The seal of a hosted image, the analogue of uni_seal() in a VM: the
 * kernel already maps text R-X and rodata R-- (the segments of
 * link/hosted.ld, nothing writable and executable); what the boot path
 * wrote and must not change afterwards, the section .uni_sealed, becomes
 * read-only here, and uni_map() refuses from now on. A later write there
 * faults and is reported as a write to a sealed page (traps.c).
 */
#include <linux/mman.h>

#include "boot/internal.h"
#include "hosted/hosted.h"
#include "hosted/sys.h"
#include "uni/boot.h"

void uni_hosted_seal(void)
{
	uint64_t start = (uint64_t)(uintptr_t)__uni_sealed_start;
	uint64_t end = (uint64_t)(uintptr_t)__uni_sealed_end;
	long r;

	if (end <= start)
		return;
	r = sys_call3(__NR_mprotect, (long)start, (long)(end - start),
		      PROT_READ);
	if (r != 0)
		uni_panic("seal: mprotect(%#llx, %llu, PROT_READ): error %ld",
			  (unsigned long long)start,
			  (unsigned long long)(end - start), -r);
}
