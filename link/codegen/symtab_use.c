/* SPDX-License-Identifier: ISC */
/*
 * The embedded symbol table between the two links, through link/symtab's
 * API in-process: the functions of the first link written as assembly,
 * assembled by clang-19, and after the second link the check that no
 * function moved.
 */
#include <stdio.h>

#include "codegen/codegen.h"
#include "symtab.h"

int unilink_symtab_object(const struct unilink_paths *p, const char *pass1,
			  const char *tmpdir, const char *obj)
{
	struct uni_symtab tab = {0};
	char err[512], src[4200];
	const char *argv[8];
	int rc;

	snprintf(src, sizeof(src), "%s/symtab.S", tmpdir);
	if (uni_symtab_load(pass1, &tab, err, sizeof(err)) < 0 ||
	    uni_symtab_write_asm(&tab, pass1, src, err, sizeof(err)) < 0) {
		unilink_error("symbol table: %s", err);
		uni_symtab_free(&tab);
		return -1;
	}
	uni_symtab_free(&tab);
	argv[0] = p->clang;
	argv[1] = "--target=x86_64-unknown-none-elf";
	argv[2] = "-c";
	argv[3] = "-o";
	argv[4] = obj;
	argv[5] = src;
	argv[6] = NULL;
	rc = unilink_run_cmd(argv);
	if (rc != 0)
		unilink_error("assembling %s failed (status %d)", src, rc);
	return rc == 0 ? 0 : -1;
}

int unilink_symtab_verify(const char *pass1, const char *image)
{
	char err[512];

	if (uni_symtab_verify(pass1, image, err, sizeof(err)) < 0) {
		unilink_error("symbol table: %s", err);
		return -1;
	}
	return 0;
}
