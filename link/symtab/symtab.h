/* SPDX-License-Identifier: ISC */
/*
 * The embedded symbol table of an image: the functions of a first link,
 * written as an assembly file that the second link places at the end of
 * rodata (layout: rt/boot/symtab_format.h), the check that the second
 * link moved no function, and a check of the final image's segments. Used
 * by the uni-symtab tool and by unilink.
 * Functions return 0, or -1 with a message in err.
 */
#ifndef UNI_SYMTAB_H
#define UNI_SYMTAB_H

#include <stddef.h>
#include <stdint.h>

struct uni_symtab_func {
	uint64_t addr;
	uint64_t size;
	char *name;
	int global;
};

struct uni_symtab {
	struct uni_symtab_func *funcs; /* sorted by address, one per address */
	size_t count;
};

struct Elf; /* libelf's */

/* Writes the message into err; returns -1. */
int uni_symtab_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Open elf_path with libelf and run fn on it (arg passed along); fn's
 * result, or -1 when the file cannot be opened or read as ELF. */
typedef int (*uni_elf_fn)(struct Elf *e, const char *path, void *arg, char *err,
			  size_t errlen);
int uni_elf_with(const char *elf_path, uni_elf_fn fn, void *arg, char *err,
		 size_t errlen);

/* Read the STT_FUNC symbols of an ELF64 file. */
int uni_symtab_load(const char *elf_path, struct uni_symtab *tab, char *err,
		    size_t errlen);
void uni_symtab_free(struct uni_symtab *tab);

/* Write tab as assembly (section .uni_symtab) to out_path. */
int uni_symtab_write_asm(const struct uni_symtab *tab, const char *source,
			 const char *out_path, char *err, size_t errlen);

/* Check that every function of pass1 is at the same address with the same
 * size in final, and that final has no other function. */
int uni_symtab_verify(const char *pass1_path, const char *final_path, char *err,
		      size_t errlen);

/* Check the PVH layout of a linked image: no PT_LOAD both writable and
 * executable, and a 4-aligned PT_NOTE with the Xen PVH entry note. */
int uni_layout_check(const char *elf_path, char *err, size_t errlen);

#endif
