/* SPDX-License-Identifier: ISC */
/*
 * What the pieces of rt/boot and rt/arch share and nothing else needs: the
 * image layout from link/pvh.ld and entry.S, the PVH start-info reader,
 * platform detection, Xen's hypercall page, and raw output for the moments
 * when printf cannot be trusted.
 */
#ifndef UNI_BOOT_INTERNAL_H
#define UNI_BOOT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Boundaries defined by link/pvh.ld (all page-aligned but the bss end). */
extern char __image_start[], __image_end[];
extern char __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[];
extern char __bss_start[], __bss_end[];
extern char __uni_sealed_start[], __uni_sealed_end[];
extern const char __uni_symtab_start[], __uni_symtab_end[];

/* Defined by rt/arch/x86_64/entry.S. */
extern uint64_t uni_entry_tsc;
extern uint32_t uni_entry_start_info;
extern char uni_boot_stack_guard[], uni_boot_stack_bottom[],
    uni_boot_stack_top[];
extern char uni_trap_stack_guard[], uni_trap_stack_bottom[],
    uni_trap_stack_top[];

#define UNI_GUARD_SIZE 4096

/* Copy what the loader's struct hvm_start_info says into uni_boot. */
void uni_boot_read_start_info(uint32_t paddr);

/* Fill uni_boot.platform and uni_boot.xen_cpuid_base from CPUID. */
void uni_boot_detect_platform(void);

/* Xen: ask the hypervisor to fill the hypercall page; end the domain. */
void uni_xen_hypercall_init(void);
__attribute__((noreturn)) void uni_xen_shutdown(int status);

/*
 * acpi.c: the ACPI power button (KVM/QEMU machines with fixed ACPI
 * hardware), armed before the seal. It sets uni_exit_poweroff (exit.c),
 * the last way out before the CPU halts, when the machine can power off
 * by ACPI S5 (a hook, so that exit.c needs nothing of acpi.c).
 */
void uni_acpi_init(void);
extern void (*uni_exit_poweroff)(void);

/* One entry of a BIOS E820 memory map (type 1 is RAM). */
struct uni_e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

/*
 * Xen: the domain's memory map (XENMEM_memory_map), for start info version
 * 0, which has none. Returns the number of entries, or a negative Xen error.
 */
int uni_xen_memory_map(struct uni_e820_entry *buf, unsigned max);

/* Write straight to the UART (and port 0xe9 on Xen), bypassing printf. */
void uni_raw_puts(const char *s);
void uni_raw_puthex(uint64_t v);

/* A backtrace whose frame #0 is pc (when not 0), then the chain from fp. */
void uni_backtrace_from(uint64_t pc, uint64_t fp);

/* The stack whose guard page holds addr ("boot", "exception"), or NULL. */
const char *uni_stack_guard_name(uint64_t addr);

/* True when [addr, addr+len) lies inside one of the stacks. */
bool uni_stack_contains(uint64_t addr, uint64_t len);

#endif
