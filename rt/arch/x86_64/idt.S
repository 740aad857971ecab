/* SPDX-License-Identifier: ISC */
/*
 * The 256 interrupt stubs. Each pushes an error code (0 when the CPU pushed
 * none) and its vector, then every general register, so that the stack holds
 * a struct uni_trap_frame (rt/arch/x86_64/trap.h). Exceptions (0-31) go to
 * uni_trap(frame), which does not return; interrupts (32-255) go to
 * uni_irq_dispatch(vector) and return with iretq.
 * uni_isr_stubs[] lists the stubs' addresses for the IDT built in trap.c.
 */

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

/* One stub per vector, 16 bytes apart: stub v is at uni_isr_text + 16 * v. */
.macro isr_stub v
	.balign 16
	.if !(HAS_ERROR_CODE(\v))
	pushq $0
	.endif
	pushq $\v
	.if \v < 32
	jmp exception_common
	.else
	jmp irq_common
	.endif
.endm

#define NIBBLES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15

	.text
	.balign 16
	.type uni_isr_text, @function
uni_isr_text:
	.irp hi, NIBBLES
	.irp lo, NIBBLES
	isr_stub (\hi * 16 + \lo)
	.endr
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
	movq 15 * 8(%rsp), %rdi /* the vector */
	andq $-16, %rsp
	call uni_irq_dispatch
	movq %rbx, %rsp
	pop_regs
	addq $16, %rsp          /* vector and error code */
	iretq
	.size irq_common, . - irq_common

	.section .rodata.uni_isr_stubs, "a", @progbits
	.balign 8
	.globl uni_isr_stubs
uni_isr_stubs:
	.irp hi, NIBBLES
	.irp lo, NIBBLES
	.quad uni_isr_text + 16 * (\hi * 16 + \lo)
	.endr
	.endr
