/* SPDX-License-Identifier: ISC */
/*
 * The CPU side of exceptions and interrupts: the register frame the IDT
 * stubs (idt.S) build, and the set-up of the GDT's TSS and of the IDT.
 */
#ifndef UNI_ARCH_TRAP_H
#define UNI_ARCH_TRAP_H

#include <stdint.h>

/* What idt.S leaves on the stack, lowest address first. */
struct uni_trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	/* pushed by the CPU */
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Load the TSS (with the exception stack as IST1) and the IDT. */
void uni_trap_init(void);

/* Called by idt.S for vectors 0-31; prints the dump and ends the VM. */
__attribute__((noreturn)) void uni_trap(struct uni_trap_frame *f);

/*
 * The dump of uni_trap() for frame f with the faulting address cr2, then
 * the end with UNI_EXIT_CRASH; the hosted platform's fault handler
 * (rt/hosted/traps.c) calls it with the frame of a signal.
 */
__attribute__((noreturn)) void uni_trap_report(const struct uni_trap_frame *f,
					       uint64_t cr2);

#endif
