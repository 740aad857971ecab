/* SPDX-License-Identifier: ISC */
/*
 * The image ships without DWARF and without its ELF symbol table; both go
 * to a debug file beside it (NAME.elf -> NAME.debug). The panic backtrace
 * needs neither: it reads the embedded table (.uni_symtab, link/symtab).
 *
 * llvm-objcopy --only-keep-debug writes the debug file (DWARF, .symtab,
 * the section headers of the image); --strip-all then removes them from
 * the image and --add-gnu-debuglink names the debug file (its base name
 * and CRC). The two files are also tied by the GNU build-id note that every
 * link writes (link/pvh.ld), which both keep: gdb, llvm-symbolizer and
 * addr2line find the debug file beside the image (debuglink) or under a
 * debug-file directory as .build-id/xx/rest.debug (build-id).
 */
#include <stdio.h>
#include <string.h>

#include "codegen/codegen.h"

static int objcopy(const struct unilink_paths *p, const char *const *args,
		   const char *what)
{
	const char *argv[8];
	int n = 0, rc;

	argv[n++] = p->objcopy;
	while (*args != NULL && n < 7)
		argv[n++] = *args++;
	argv[n] = NULL;
	rc = unilink_run_cmd(argv);
	if (rc != 0)
		unilink_error("%s failed (%s exited with status %d)", what,
			      p->objcopy, rc);
	return rc == 0 ? 0 : -1;
}

int unilink_split_debug(const struct unilink_paths *p, const char *image,
			const char *debug)
{
	char link[4200];
	const char *keep[] = {"--only-keep-debug", image, debug, NULL};
	const char *strip[] = {"--strip-all", link, image, NULL};

	snprintf(link, sizeof(link), "--add-gnu-debuglink=%s", debug);
	if (objcopy(p, keep, "writing the debug file") < 0)
		return -1;
	return objcopy(p, strip, "stripping the image");
}
