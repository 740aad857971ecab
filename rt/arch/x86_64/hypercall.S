/* SPDX-License-Identifier: ISC */
/*
 * Xen's hypercall page: one page of text that Xen fills with the hypercall
 * instructions when the guest writes its address to the MSR named by CPUID
 * leaf base+2 (rt/arch/x86_64/xen.c). Xen writes guest memory directly, so
 * the page can stay read-only and executable; it is zero in the file.
 *
 * The page and the Xen notes that only Xen reads (guest OS, versions,
 * loader; the PVH entry note is entry.S's, for every image) are one
 * section group: the link's --gc-sections keeps them together, in an image
 * whose code calls through the page, or drops them together, in one
 * specialised for kvm (uni_boot_xen_possible is false there).
 */
#include <xen/elfnote.h>

#include "xen_note.h"

	.section .xen_hypercall_page, "axG", @nobits, uni_xen_guest, comdat
	.balign 4096
	.globl uni_xen_hypercall_page
	.type uni_xen_hypercall_page, @function
uni_xen_hypercall_page:
	.skip 4096
	.size uni_xen_hypercall_page, 4096

	.section .note.xen.guest, "aG", @note, uni_xen_guest, comdat
	.balign 4
	xen_note XEN_ELFNOTE_GUEST_OS, 10f, 11f
10:	.asciz "unilink"
11:	.balign 4
	xen_note XEN_ELFNOTE_GUEST_VERSION, 12f, 13f
12:	.asciz "0.1"
13:	.balign 4
	xen_note XEN_ELFNOTE_XEN_VERSION, 14f, 15f
14:	.asciz "xen-3.0"
15:	.balign 4
	xen_note XEN_ELFNOTE_LOADER, 16f, 17f
16:	.asciz "generic"
17:	.balign 4
