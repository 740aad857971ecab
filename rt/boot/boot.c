/* SPDX-License-Identifier: ISC */
/*
 * The boot sequence, from the first C instruction to main(). entry.S calls
 * uni_boot_main() in long mode on the boot stack, with the early 4 GiB
 * identity map; each step below may use only what the steps before it set
 * up. When main() returns, its value is the VM's exit status.
 */
#include <stdio.h>

#include "arch/x86_64/trap.h"
#include "boot/internal.h"
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/paging.h"

struct uni_boot_info uni_boot;

__attribute__((used, retain, noreturn)) void uni_boot_main(uint32_t start_info);

void uni_boot_main(uint32_t start_info)
{
	uni_boot.tsc_at_entry = uni_entry_tsc;
	uni_boot.image_start = (uint64_t)(uintptr_t)__image_start;
	uni_boot.image_end = (uint64_t)(uintptr_t)__image_end;

	uni_boot_detect_platform();
	uni_console_early_init();
	uni_trap_init();
	if (uni_boot.platform == UNI_PLATFORM_XEN)
		uni_xen_hypercall_init();
	uni_boot_read_start_info(start_info);
	uni_paging_init();
	uni_seal();

	uni_boot.tsc_at_main = rdtsc();
	uni_exit(main());
}
