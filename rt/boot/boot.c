/* SPDX-License-Identifier: ISC */
/*
 * The boot sequence, from the first C instruction to main(). entry.S calls
 * uni_boot_main() in long mode on the boot stack, with the early 4 GiB
 * identity map; each step below may use only what the steps before it set
 * up. When initialisation ends the image is sealed, then main() runs; its
 * return value is the VM's exit status.
 */
#include <stdint.h> /* before Xen's headers, which need it */
#include <stdio.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "arch/x86_64/trap.h"
#include "boot/internal.h"
#include "config/reader.h"
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/driver.h"
#include "uni/mm.h"
#include "uni/paging.h"
#include "uni/time.h"

#define PAGE_SIZE 4096
#define MAX_MODULES 64

/* PVH modules and their list stay where the loader put them. */
static void reserve_modules(void)
{
	const struct hvm_modlist_entry *m;
	uint32_t i;

	if (uni_boot.nr_modules == 0)
		return;
	if (uni_boot.nr_modules > MAX_MODULES)
		uni_panic("PVH start info: %u modules, at most %d expected",
			  uni_boot.nr_modules, MAX_MODULES);
	m = (const struct hvm_modlist_entry *)(uintptr_t)uni_boot.modlist_paddr;
	uni_mm_reserve(uni_boot.modlist_paddr,
		       uni_boot.nr_modules * sizeof(*m));
	for (i = 0; i < uni_boot.nr_modules; i++)
		if (m[i].size != 0)
			uni_mm_reserve(m[i].paddr, m[i].size);
}

/* What the page allocator must not hand out: page 0, the image, modules. */
static void reserve_boot_memory(void)
{
	uni_mm_reserve(0, PAGE_SIZE);
	uni_mm_reserve(uni_boot.image_start,
		       uni_boot.image_end - uni_boot.image_start);
	reserve_modules();
}

static void read_config(void)
{
	if (uni_config_boot_read(uni_boot.cmdline) < 0)
		uni_exit(UNI_EXIT_FAILURE);
}

static void step_done(enum uni_boot_step step)
{
	uni_boot.tsc_step_end[step] = rdtsc();
}

__attribute__((used, retain, noreturn)) void uni_boot_main(uint32_t start_info);

void uni_boot_main(uint32_t start_info)
{
	/*
	 * A hosted image starts at _start (rt/hosted/main.c); the PVH entry
	 * it still links (entry.S's notes name it) is never taken, and this
	 * makes everything only the PVH boot reaches fold away there.
	 */
	if (uni_boot_hosted())
		__builtin_trap();
	uni_boot.tsc_at_entry = uni_entry_tsc;
	step_done(UNI_BOOT_STEP_ENTRY);
	uni_boot.image_start = (uint64_t)(uintptr_t)__image_start;
	uni_boot.image_end = (uint64_t)(uintptr_t)__image_end;

	uni_boot_detect_platform();
	if (uni_boot_platform() == UNI_PLATFORM_KVM)
		uni_console_hold(); /* until the first useful work (console.c)
				     */
	uni_console_early_init();
	uni_trap_init();
	if (uni_boot_platform() == UNI_PLATFORM_XEN)
		uni_xen_hypercall_init();
	uni_boot_read_start_info(start_info);
	step_done(UNI_BOOT_STEP_EARLY);
	/* The page allocator runs on the early map; the tables come from it. */
	reserve_boot_memory();
	uni_mm_init();
	step_done(UNI_BOOT_STEP_MM);
	uni_paging_init();
	step_done(UNI_BOOT_STEP_PAGING);
	read_config();
	step_done(UNI_BOOT_STEP_CONFIG);
	uni_time_init();
	step_done(UNI_BOOT_STEP_TIME);
	uni_drivers_init();
	if (uni_boot_platform() == UNI_PLATFORM_KVM)
		uni_acpi_init();
	step_done(UNI_BOOT_STEP_DRIVERS);
	uni_seal();
	step_done(UNI_BOOT_STEP_SEAL);

	uni_boot.tsc_at_main = uni_boot.tsc_step_end[UNI_BOOT_STEP_SEAL];
	/* Held output waits 50 ms at most for main() to wait or exit. */
	uni_console_boot_done(rdtsc() + uni_tsc_hz() / 20);
	uni_exit(main());
}
