/* SPDX-License-Identifier: ISC */
/*
 * The PVH entry: the loader (QEMU, Xen) starts us in 32-bit protected mode,
 * paging off, with %ebx holding the physical address of struct
 * hvm_start_info. We record the TSC, clear .bss, identity-map the first
 * 4 GiB with 2 MiB pages, enter long mode (with EFER.NXE when the CPU has
 * NX), switch to the boot stack and call uni_boot_main(start_info), which
 * never returns. The PVH entry note that makes this an image Xen and QEMU
 * accept is at the end.
 */
#include <xen/elfnote.h>

#include "xen_note.h"

#define CR0_PE (1 << 0)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define CPUID_EXT_NX (1 << 20)
#define PTE_P 0x001
#define PTE_W 0x002
#define PTE_PS 0x080

#define BOOT_STACK_SIZE (64 * 1024)
#define TRAP_STACK_SIZE (16 * 1024)
#define PAGE_SIZE 4096

#define GDT_CODE64 0x08
#define GDT_DATA 0x10

	.code32
	.section .text.boot, "ax", @progbits
	.globl uni_pvh_start
	.type uni_pvh_start, @function
uni_pvh_start:
	rdtsc
	movl %eax, uni_entry_tsc
	movl %edx, uni_entry_tsc + 4
	movl %ebx, uni_entry_start_info
	cli
	cld

	/* Clear .bss (8-aligned at both ends, see link/pvh.ld). */
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories. */
	movl $early_pdpt + (PTE_P | PTE_W), early_pml4
	movl $early_pdpt, %edi
	movl $early_pd + (PTE_P | PTE_W), %eax
	movl $4, %ecx
1:	movl %eax, (%edi)
	addl $PAGE_SIZE, %eax
	addl $8, %edi
	loop 1b

	/* 2048 identity-mapped 2 MiB pages: 0 to 4 GiB. */
	movl $early_pd, %edi
	movl $(PTE_P | PTE_W | PTE_PS), %eax
	movl $2048, %ecx
2:	movl %eax, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 2b

	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $early_pml4, %eax
	movl %eax, %cr3

	/* EFER: long mode, and no-execute pages when the CPU has them. */
	movl $0x80000001, %eax
	cpuid
	movl %edx, %esi
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	testl $CPUID_EXT_NX, %esi
	jz 3f
	orl $EFER_NXE, %eax
3:	wrmsr

	movl %cr0, %eax
	orl $(CR0_PG | CR0_PE), %eax
	movl %eax, %cr0

	lgdt uni_gdt_ptr
	ljmp $GDT_CODE64, $long_mode
	.size uni_pvh_start, . - uni_pvh_start

	.code64
	.type long_mode, @function
long_mode:
	movl $GDT_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq $uni_boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl uni_entry_start_info, %edi
	call uni_boot_main
4:	cli
	hlt
	jmp 4b
	.size long_mode, . - long_mode

/* What the entry saw; read by rt/boot/boot.c. In .data: .bss is cleared. */
	.section .data.uni_entry, "aw", @progbits
	.balign 8
	.globl uni_entry_tsc
uni_entry_tsc:
	.quad 0
	.globl uni_entry_start_info
uni_entry_start_info:
	.long 0

/*
 * The GDT: null, 64-bit code, data, and a 64-bit TSS descriptor (two slots)
 * that rt/arch/x86_64/trap.c fills in. Accessed bits are preset so that the
 * CPU never writes to the table.
 */
	.balign 16
	.globl uni_gdt
uni_gdt:
	.quad 0
	.quad 0x00af9b000000ffff /* GDT_CODE64: L=1, present, ring 0 */
	.quad 0x00cf93000000ffff /* GDT_DATA: flat, present, ring 0 */
	.quad 0, 0               /* TSS */
uni_gdt_end:
	.balign 8
	.globl uni_gdt_ptr
uni_gdt_ptr:
	.word uni_gdt_end - uni_gdt - 1
	.quad uni_gdt

/* The early page tables (6 pages, cleared with .bss). */
	.section .bss.uni_early_pt, "aw", @nobits
	.balign PAGE_SIZE
early_pml4:
	.skip PAGE_SIZE
early_pdpt:
	.skip PAGE_SIZE
early_pd:
	.skip 4 * PAGE_SIZE

/*
 * The stacks, each above a guard page that paging.c leaves unmapped: the
 * boot stack (boot, main() and the event loop) and the trap stack (IST1:
 * every exception, so that a stack overflow can still be reported).
 */
	.section .uni_stacks, "aw", @nobits
	.balign PAGE_SIZE
	.globl uni_boot_stack_guard
uni_boot_stack_guard:
	.skip PAGE_SIZE
	.globl uni_boot_stack_bottom
uni_boot_stack_bottom:
	.skip BOOT_STACK_SIZE
	.globl uni_boot_stack_top
uni_boot_stack_top:
	.globl uni_trap_stack_guard
uni_trap_stack_guard:
	.skip PAGE_SIZE
	.globl uni_trap_stack_bottom
uni_trap_stack_bottom:
	.skip TRAP_STACK_SIZE
	.globl uni_trap_stack_top
uni_trap_stack_top:

/*
 * The PVH entry note, which QEMU and Xen find through the PT_NOTE segment
 * (it must be 4-aligned; for ELF64 the entry is read as 8 bytes). The other
 * Xen notes are Xen's alone: they come with the hypercall page
 * (hypercall.S), in Xen images only.
 */
	.section .note.xen, "a", @note
	.balign 4
	xen_note XEN_ELFNOTE_PHYS32_ENTRY, 18f, 19f
18:	.quad uni_pvh_start
19:	.balign 4
