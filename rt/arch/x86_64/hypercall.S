/* SPDX-License-Identifier: ISC */
/*
 * Xen's hypercall page: one page of text that Xen fills with the hypercall
 * instructions when the guest writes its address to the MSR named by CPUID
 * leaf base+2 (rt/arch/x86_64/xen.c). Xen writes guest memory directly, so
 * the page can stay read-only and executable; it is zero in the file.
 */
	.section .xen_hypercall_page, "ax", @nobits
	.balign 4096
	.globl uni_xen_hypercall_page
	.type uni_xen_hypercall_page, @function
uni_xen_hypercall_page:
	.skip 4096
	.size uni_xen_hypercall_page, 4096
