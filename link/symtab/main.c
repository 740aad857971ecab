/* SPDX-License-Identifier: ISC */
/*
 * uni-symtab: embed the function table of an image's first link.
 *
 *   uni-symtab IMAGE.pass1.elf OUT.S         write the table as assembly
 *   uni-symtab --verify PASS1.elf FINAL.elf  check that no function moved,
 *                                            and FINAL's W^X and PVH note
 */
#include <stdio.h>
#include <string.h>

#include "symtab.h"

static int usage(void)
{
	fprintf(stderr, "usage: uni-symtab IMAGE.pass1.elf OUT.S\n"
			"       uni-symtab --verify PASS1.elf FINAL.elf\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct uni_symtab tab;
	char err[512];
	int rc;

	if (argc != 3 && argc != 4)
		return usage();
	if (argc == 4) {
		if (strcmp(argv[1], "--verify") != 0)
			return usage();
		rc = uni_symtab_verify(argv[2], argv[3], err, sizeof(err));
		if (rc == 0)
			rc = uni_layout_check(argv[3], err, sizeof(err));
	} else {
		rc = uni_symtab_load(argv[1], &tab, err, sizeof(err));
		if (rc == 0) {
			rc = uni_symtab_write_asm(&tab, argv[1], argv[2], err,
						  sizeof(err));
			uni_symtab_free(&tab);
		}
	}
	if (rc != 0) {
		fprintf(stderr, "uni-symtab: %s\n", err);
		return 1;
	}
	return 0;
}
