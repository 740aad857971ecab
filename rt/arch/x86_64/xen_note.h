/* SPDX-License-Identifier: ISC */
/*
 * One Xen ELF note, for the assembly files: name "Xen", the type, and the
 * descriptor between two labels; 4-aligned, as the PT_NOTE segment is.
 */
#ifndef UNI_ARCH_XEN_NOTE_H
#define UNI_ARCH_XEN_NOTE_H

/* clang-format off */
.macro xen_note type, desc_start, desc_end
	.balign 4
	.long 2f - 1f            /* name size */
	.long \desc_end - \desc_start
	.long \type
1:	.asciz "Xen"
2:	.balign 4
.endm
/* clang-format on */

#endif
