/* SPDX-License-Identifier: ISC */
/*
 * The layout of the symbol table embedded in an image (section .uni_symtab,
 * at the end of rodata; see link/pvh.ld). Written by the host tool
 * uni-symtab (link/symtab/), read by rt/boot/symbols.c: a header, `count`
 * entries sorted by address, then `strings_size` bytes of NUL-terminated
 * names. All fields little-endian, as the target is.
 */
#ifndef UNI_SYMTAB_FORMAT_H
#define UNI_SYMTAB_FORMAT_H

#include <stdint.h>

#define UNI_SYMTAB_MAGIC 0x4d595355u /* "USYM" */

struct uni_symtab_header {
	uint32_t magic;
	uint32_t count;
	uint32_t strings_size;
	uint32_t reserved; /* zero */
};

struct uni_symtab_entry {
	uint64_t addr;
	uint32_t size;
	uint32_t name; /* offset of the name in the strings */
};

#endif
