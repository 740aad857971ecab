/* SPDX-License-Identifier: ISC */
/*
 * The entry of the hosted platform (appliance.platform = linux): Linux
 * starts a static executable at _start with %rsp at argc, then argv,
 * envp and the auxiliary vector. We record the TSC, move to the boot stack
 * of entry.S (so that backtraces and the guard page work as in a VM) and
 * call uni_hosted_main(initial stack), which never returns. In a VM image
 * nothing refers to this section, and the linker drops it.
 */
	.section .text.uni_linux_start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	movq %rax, uni_hosted_entry_tsc(%rip)
	movq %rsp, %rdi
	leaq uni_boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp
	call uni_hosted_main
	ud2
	.size _start, . - _start

/*
 * What makes the executable a unilink hosted image for `unilink check` and
 * `unilink run` (link/codegen/elfcheck.c): a note named "unilink", type 1,
 * saying "linux", in the PT_NOTE segment of link/hosted.ld.
 */
	.section .note.unilink, "a", @note
	.balign 4
	.long 2f - 1f            /* name size */
	.long 4f - 3f            /* desc size */
	.long 1                  /* type: the platform */
1:	.asciz "unilink"
2:	.balign 4
3:	.asciz "linux"
4:	.balign 4
