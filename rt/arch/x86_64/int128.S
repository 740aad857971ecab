/* SPDX-License-Identifier: ISC */
/*
 * The 128-bit shifts that code generation calls instead of inlining them
 * in functions marked minsize (the default -Oz: rt/time/scale.h shifts a
 * 128-bit product), with compiler-rt's names and ABI: the value in
 * %rdi (low) and %rsi (high), the count (0 to 127) in %edx, the result in
 * %rax (low) and %rdx (high). Assembly rather than C, so that they are not
 * in the LTO module, where internalize would delete them before code
 * generation calls them; each in its own section for --gc-sections.
 */
	.section .text.__lshrti3, "ax", @progbits
	.globl __lshrti3
	.type __lshrti3, @function
__lshrti3:
	movl %edx, %ecx
	movq %rsi, %rdx
	movq %rdi, %rax
	shrdq %cl, %rdx, %rax
	shrq %cl, %rdx
	testb $64, %cl
	je 1f
	movq %rdx, %rax		/* count >= 64: the high word, shifted */
	xorl %edx, %edx
1:	ret
	.size __lshrti3, . - __lshrti3

	.section .text.__ashrti3, "ax", @progbits
	.globl __ashrti3
	.type __ashrti3, @function
__ashrti3:
	movl %edx, %ecx
	movq %rsi, %rdx
	movq %rdi, %rax
	shrdq %cl, %rdx, %rax
	sarq %cl, %rdx
	testb $64, %cl
	je 1f
	movq %rdx, %rax
	sarq $63, %rdx		/* the sign fills the high word */
1:	ret
	.size __ashrti3, . - __ashrti3

	.section .text.__ashlti3, "ax", @progbits
	.globl __ashlti3
	.type __ashlti3, @function
__ashlti3:
	movl %edx, %ecx
	movq %rsi, %rdx
	movq %rdi, %rax
	shldq %cl, %rax, %rdx
	shlq %cl, %rax
	testb $64, %cl
	je 1f
	movq %rax, %rdx		/* count >= 64: the low word, shifted */
	xorl %eax, %eax
1:	ret
	.size __ashlti3, . - __ashlti3
