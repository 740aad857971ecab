/* SPDX-License-Identifier: ISC */
/*
 * The empty PVH image: the floor of any boot-time measurement. It is entered
 * like a unilink image (32-bit, PVH note), writes one line to the 16550 at
 * COM1 and leaves through isa-debug-exit with status 0. No long mode, no
 * page tables, no stack.
 */
#include <xen/elfnote.h>

#define COM1 0x3f8
#define ISA_DEBUG_EXIT 0xf4

	.code32
	.section .text, "ax", @progbits
	.globl empty_start
empty_start:
	cli
	movl $message, %esi
1:	movb (%esi), %al
	testb %al, %al
	jz 2f
	movw $COM1, %dx
	outb %al, %dx
	incl %esi
	jmp 1b
2:	xorl %eax, %eax
	movw $ISA_DEBUG_EXIT, %dx
	outl %eax, %dx
3:	hlt
	jmp 3b

	.section .rodata, "a", @progbits
message:
	.asciz "empty PVH image\r\n"

	/* The PVH entry note; PT_NOTE must be 4-aligned, the entry 8 bytes. */
	.section .note.xen, "a", @note
	.balign 4
	.long 4, 8, XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.quad empty_start
