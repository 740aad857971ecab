/* SPDX-License-Identifier: ISC */
/*
 * What the boot code learnt about the machine, and the ways out of it.
 * Filled in once, before main(); read-only afterwards.
 */
#ifndef UNI_BOOT_H
#define UNI_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum uni_platform {
	UNI_PLATFORM_KVM = 0, /* anything that is not Xen: QEMU TCG/KVM, ... */
	UNI_PLATFORM_XEN = 1,
	UNI_PLATFORM_LINUX = 2, /* hosted: a static Linux executable */
};

#define UNI_MAX_RAM_RANGES 32

/*
 * The steps of the boot sequence, in order (rt/boot/boot.c); the TSC at the
 * end of each is kept so that boot time can be told apart step by step.
 */
enum uni_boot_step {
	UNI_BOOT_STEP_ENTRY,   /* entry.S: .bss, early map, long mode */
	UNI_BOOT_STEP_EARLY,   /* platform, console, traps, start info */
	UNI_BOOT_STEP_MM,      /* the page allocator */
	UNI_BOOT_STEP_PAGING,  /* the page tables */
	UNI_BOOT_STEP_CONFIG,  /* the boot-time configuration */
	UNI_BOOT_STEP_TIME,    /* TSC, LAPIC timer, wall clock */
	UNI_BOOT_STEP_DRIVERS, /* every driver's init, ACPI */
	UNI_BOOT_STEP_SEAL,    /* the seal */
	UNI_BOOT_STEPS
};

struct uni_memrange {
	uint64_t base, size;
};

struct uni_boot_info {
	uint64_t tsc_at_entry; /* TSC read by the first PVH instructions */
	uint64_t tsc_at_main;  /* TSC just before main() */
	uint64_t tsc_step_end[UNI_BOOT_STEPS]; /* TSC at each step's end */
	uint32_t platform;		       /* enum uni_platform */
	uint32_t xen_cpuid_base;	       /* 0x40000000 + n*0x100, or 0 */
	const char *cmdline; /* PVH command line ("" when none) */
	struct uni_memrange
	    ram[UNI_MAX_RAM_RANGES]; /* usable RAM (E820 type 1) */
	unsigned nr_ram;
	uint64_t ram_total;		 /* bytes of usable RAM */
	uint64_t image_start, image_end; /* physical extent of the image */
	uint64_t rsdp_paddr;
	uint32_t nr_modules;
	bool xen_initial_domain; /* start info's SIF_INITDOMAIN (dom0: tests) */
	uint64_t modlist_paddr;
};

extern struct uni_boot_info uni_boot;

/*
 * Whether this image may run on Xen: a generic image may (it reads its
 * configuration after the platform is known), and so may one specialised
 * for appliance.platform = xen. In an image specialised for kvm it is the
 * constant false, so that Xen's hypercall page and the paths that would
 * call through it are not in the image (rt/boot/platform.c).
 */
bool uni_boot_xen_possible(void);

/*
 * The platform the image runs on (uni_boot.platform), as a constant where
 * appliance.platform decides it: kvm and linux images keep only their own
 * entry, so a kvm image carries no hosted branch and a linux image no VM
 * one. A generic image and a Xen image (which also boots on QEMU/KVM) read
 * it at run time. rt/ asks this, never uni_boot.platform directly (Xen's
 * drivers, only ever in Xen and generic images, may read the field).
 */
enum uni_platform uni_boot_platform(void);

/* Whether the image runs as a Linux process (appliance.platform = linux). */
bool uni_boot_hosted(void);

/* The appliance's entry point: its return value is the VM's exit status. */
int main(void);

/*
 * Print one line "boot: PVH entry to WHAT in N us (entry A, early B, ...,
 * main M us)": the time from the PVH entry to the TSC reading tsc, then
 * each boot step's share and main()'s up to tsc.
 */
void uni_boot_print_time(const char *what, uint64_t tsc);

/* End the VM with a status (isa-debug-exit on QEMU, SCHEDOP_shutdown on Xen).
 */
__attribute__((noreturn)) void uni_exit(int status);

/* Print "panic: ..." with a backtrace and end the VM with a failure status. */
__attribute__((noreturn, format(printf, 1, 2))) void uni_panic(const char *fmt,
							       ...);

/* Print a frame-pointer backtrace starting at frame pointer fp. */
void uni_backtrace(uint64_t fp);

/* The name of the function containing addr, and addr's offset in it. */
const char *uni_symbol_name(uint64_t addr, uint64_t *offset);

#define UNI_EXIT_FAILURE 1
/* Status used when the CPU faults or the appliance panics. */
#define UNI_EXIT_CRASH 3

#endif
