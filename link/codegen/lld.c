/* SPDX-License-Identifier: ISC */
/*
 * The final link with ld.lld-19 (fork/exec) and link/pvh.ld, or
 * link/hosted.ld for a static Linux executable (appliance.platform =
 * linux). The image is
 * linked twice: the first link gives the function addresses, from which the
 * embedded symbol table is made (link/symtab); the second link adds it, and
 * the symbol table module checks that no function moved.
 */
#include <stdio.h>
#include <string.h>

#include "codegen/codegen.h"
#include "unilink_build_config.h"

static const char *const ldflags[] = {UNILINK_LDFLAGS, NULL};

/* ld.lld FLAGS -T script -o out asm [hosted-asm] obj [extra] [-Map map]. */
static int lld(const struct unilink_paths *p, int hosted, const char *out,
	       const char *obj, const char *extra, const char *map)
{
	const char *argv[64];
	int n = 0, rc;

	argv[n++] = p->lld;
	for (int i = 0; ldflags[i] != NULL; i++)
		argv[n++] = ldflags[i];
	argv[n++] = "-T";
	argv[n++] = hosted ? p->hosted_ldscript : p->ldscript;
	argv[n++] = "-o";
	argv[n++] = out;
	/*
	 * The assembly objects before the compiled one: ld.lld places the
	 * object of its own LTO after every other input, so a plain LTO link
	 * (unilink ldflags) lays the sections out in this order too.
	 */
	argv[n++] = p->asm_obj;
	if (hosted)
		argv[n++] = p->hosted_asm_obj;
	argv[n++] = obj;
	if (hosted) {
		/*
		 * Linux maps the segments of an executable from its file, so
		 * their offsets must agree with their addresses modulo the
		 * page: the packed file of a PVH image would not exec.
		 */
		argv[n++] = "-z";
		argv[n++] = "max-page-size=4096";
	}
	if (extra != NULL)
		argv[n++] = extra;
	if (map != NULL) {
		argv[n++] = "-Map";
		argv[n++] = map;
	}
	argv[n] = NULL;
	rc = unilink_run_cmd(argv);
	if (rc != 0)
		unilink_error("linking %s failed (%s exited with status %d)",
			      out, p->lld, rc);
	return rc == 0 ? 0 : -1;
}

int unilink_link(const struct unilink_paths *p, int hosted, const char *obj,
		 const char *tmpdir, const char *image)
{
	char pass1[4096], symobj[4096];

	snprintf(pass1, sizeof(pass1), "%s/pass1.elf", tmpdir);
	snprintf(symobj, sizeof(symobj), "%s/symtab.o", tmpdir);
	if (lld(p, hosted, pass1, obj, NULL, NULL) < 0)
		return -1;
	if (unilink_symtab_object(p, pass1, tmpdir, symobj) < 0)
		return -1;
	if (lld(p, hosted, image, obj, symobj, NULL) < 0)
		return -1;
	return unilink_symtab_verify(pass1, image);
}
