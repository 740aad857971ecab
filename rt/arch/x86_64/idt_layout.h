/* SPDX-License-Identifier: ISC */
/*
 * Where idt.S puts the entry stub of each vector, for trap.c to fill the
 * IDT with (assembler and C both include this file). The stubs come in
 * groups: each stub pushes what it must and jumps short to its group's
 * tail, which jumps on to the common code, so a stub is 4 or 6 bytes
 * instead of a 5-byte jump each. idt.S pads every stub and every group to
 * the sizes below with .org, so the assembler refuses a stub that grew.
 */
#ifndef UNI_ARCH_IDT_LAYOUT_H
#define UNI_ARCH_IDT_LAYOUT_H

/* Exceptions 0-31: [pushq $0] pushq $v; jmp (short) to the group's tail. */
#define ISR_EXC_STUB 6
#define ISR_EXC_PER_GROUP 16
#define ISR_EXC_GROUP (ISR_EXC_PER_GROUP * ISR_EXC_STUB + 5)
#define ISR_EXC_AREA (2 * ISR_EXC_GROUP)

/* Interrupts 32-255: pushq $(v - 128) (one signed byte); jmp short. */
#define ISR_IRQ_STUB 4
#define ISR_IRQ_PER_GROUP 32
#define ISR_IRQ_GROUP (ISR_IRQ_PER_GROUP * ISR_IRQ_STUB + 5)
#define ISR_IRQ_BIAS 128

#endif
