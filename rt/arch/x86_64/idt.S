/* SPDX-License-Identifier: ISC */
/*
 * The 256 interrupt stubs. An exception's (0-31) pushes an error code (0
 * when the CPU pushed none) and its vector, then exception_common every
 * general register, so that the stack holds a struct uni_trap_frame
 * (rt/arch/x86_64/trap.h) for uni_trap(frame), which does not return. An
 * interrupt's (32-255) pushes its vector; irq_common saves the registers,
 * calls uni_irq_dispatch(vector) and returns with iretq. The stubs lie
 * where idt_layout.h says, which is how trap.c finds them for the IDT.
 */

#include "idt_layout.h"

/* The exceptions for which the CPU pushes an error code. */
#define HAS_ERROR_CODE(v)                                                      \
	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 ||     \
	 (v) == 29 || (v) == 30)

.macro push_regs
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro pop_regs
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
.endm

#define NIBBLES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15

/*
 * Exception stub v of the group starting at vector first: the error code
 * (unless the CPU pushed one), the vector, a short jump to the group's
 * tail; padded with int3 to ISR_EXC_STUB bytes.
 */
.macro exc_stub first, i
	.if !(HAS_ERROR_CODE(\first + \i))
	pushq $0
	.endif
	pushq $(\first + \i)
	jmp .Lexc_tail_\first
	.org .Lexc_group_\first + (\i + 1) * ISR_EXC_STUB, 0xcc
.endm

.macro exc_group first
.Lexc_group_\first:
	.irp i, NIBBLES
	exc_stub \first, \i
	.endr
.Lexc_tail_\first:
	jmp exception_common
	.org .Lexc_group_\first + ISR_EXC_GROUP, 0xcc
.endm

/*
 * Interrupt stub v: v - ISR_IRQ_BIAS as one signed byte (irq_common adds
 * the bias back), a short jump to the group's tail.
 */
.macro irq_group first
.Lirq_group_\first:
	.irp hi, 0, 1
	.irp lo, NIBBLES
	pushq $(\first + \hi * 16 + \lo - ISR_IRQ_BIAS)
	jmp .Lirq_tail_\first
	.org .Lirq_group_\first + (\hi * 16 + \lo + 1) * ISR_IRQ_STUB, 0xcc
	.endr
	.endr
.Lirq_tail_\first:
	jmp irq_common
	.org .Lirq_group_\first + ISR_IRQ_GROUP, 0xcc
.endm

	.text
	.balign 16
	.globl uni_isr_text
	.hidden uni_isr_text
	.type uni_isr_text, @function
uni_isr_text:
	exc_group 0
	exc_group 16
	.org uni_isr_text + ISR_EXC_AREA, 0xcc
	.irp first, 32, 64, 96, 128, 160, 192, 224
	irq_group \first
	.endr
	.size uni_isr_text, . - uni_isr_text

/*
 * The frame pointer is made to point at a fake frame (the interrupted %rbp
 * and %rip) so that a backtrace walks from the handler into the code that
 * was interrupted.
 */
	.type exception_common, @function
exception_common:
	push_regs
	movq %rsp, %rdi
	pushq 17 * 8(%rsp)      /* the interrupted %rip */
	pushq 9 * 8(%rsp)       /* the interrupted %rbp, one slot further */
	movq %rsp, %rbp
	andq $-16, %rsp
	call uni_trap
	ud2
	.size exception_common, . - exception_common

	.type irq_common, @function
irq_common:
	push_regs
	movq %rsp, %rbx
	movq 15 * 8(%rsp), %rdi /* the vector, less ISR_IRQ_BIAS */
	subq $-ISR_IRQ_BIAS, %rdi
	andq $-16, %rsp
	call uni_irq_dispatch
	movq %rbx, %rsp
	pop_regs
	addq $8, %rsp           /* the vector */
	iretq
	.size irq_common, . - irq_common
